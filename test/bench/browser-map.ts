import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'
import type { Backend } from '../../server/storage/database/database.ts'
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromium } from '../browser/helpers/chromium.ts'
import { buildServer } from '../helpers/build-server.ts'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'
import { createBenchDatabase, fillBenchDatabase } from './bench-database.ts'
import { loadMap, measurePanning, openMapPage, type FrameStats, type PageLoad } from './map-page-measures.ts'
import { EXTENTS } from './synthetic-zones.ts'

/**
 * The browser benchmark of the map and of its embed (/embed): the built client in headless Chromium against the
 * real server, for a baseline of a few zones (the usual SVG map) and for many (the canvas map),
 * each on a throwaway database of synthetic zones with a server of its own. It measures the time
 * from navigation to every zone of the first view drawn (the client's `zones-drawn` mark) over
 * fresh page loads, the two maps taking turns so that other work on the machine falls on both
 * alike, then the frame times while each map is dragged about. The large map's figures are also
 * given as ratios to the baseline's.
 *
 *   npx tsx test/bench/browser-map.ts --zones 10000
 *   const result = await benchmarkMap({ zones: 10_000 })
 */

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface BrowserMapOptions {
  /** Zones of the large map. Default 10,000. */
  zones?: number
  /** Zones of the baseline map, drawn the usual way (SVG, full detail). Default 100. */
  baselineZones?: number
  /** 'postgres' (a throwaway database on DATABASE_URL's server) or 'embedded' (PGlite). Default postgres. */
  backend?: Backend
  /** Fresh page loads per map, the two maps taking turns; the median is reported. Default 5. */
  loads?: number
  /** Page loads before those, not counted: the server's first requests are slower (cold code and caches). Default 1. */
  warmupLoads?: number
  /** Seconds of dragging the map for the frame times. Default 5. */
  panSeconds?: number
  seed?: number
  extent?: keyof typeof EXTENTS
  /** Build the client first (dist/client), so it is the working tree's. Default true. */
  build?: boolean
  log?: (line: string) => void
}

export interface MapRun {
  zones: number
  fillSeconds: number
  loads: PageLoad[]
  /** Medians over the loads. */
  zonesDrawnMs: number
  readyMs: number
  renderer: string
  panning: FrameStats
  /** The embed (/embed) of the same zones, loaded in turn with the map page: its loads, and their medians. */
  embed: { loads: PageLoad[]; zonesDrawnMs: number; readyMs: number }
}

export interface BrowserMapResult {
  date: string
  machine: { cpus: number; cpuModel: string; loadAverage: number[]; chromium: string; node: string }
  settings: Required<Omit<BrowserMapOptions, 'log' | 'build'>>
  baseline: MapRun
  large: MapRun
  /** Large ÷ baseline. */
  ratios: { zonesDrawn: number; ready: number; p95Frame: number; p99Frame: number }
}

export async function benchmarkMap(options: BrowserMapOptions = {}): Promise<BrowserMapResult> {
  const settings = {
    zones: options.zones ?? 10_000,
    baselineZones: options.baselineZones ?? 100,
    backend: options.backend ?? 'postgres',
    loads: options.loads ?? 5,
    warmupLoads: options.warmupLoads ?? 1,
    panSeconds: options.panSeconds ?? 5,
    seed: options.seed ?? 42,
    extent: options.extent ?? 'region',
  } satisfies BrowserMapResult['settings']
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  assertChromium()
  if (options.build ?? true) {
    log('building the client (dist/client) and the server (dist/server), as npm start does')
    await build({ configFile: path.join(ROOT, 'client/vite.config.ts'), logLevel: 'warn', mode: 'production' })
    buildServer()
  }
  const maps: MapUnderTest[] = []
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
  try {
    for (const zones of [settings.baselineZones, settings.zones]) maps.push(await startMap(zones, settings, log))
    const loadAverage = os.loadavg()
    // The two maps take turns, load by load, so load from elsewhere on the machine falls on both
    // alike; each map page is followed by the embed of the same zones.
    const loads: PageLoad[][] = maps.map(() => [])
    const embedLoads: PageLoad[][] = maps.map(() => [])
    for (let round = -settings.warmupLoads; round < settings.loads; round++) {
      for (const [index, map] of maps.entries()) {
        const load = await loadOnce(browser, map.url)
        const embed = await loadOnce(browser, `${map.url}embed`)
        if (round < 0) continue
        loads[index]!.push(load)
        embedLoads[index]!.push(embed)
        log(`  ${map.zones} zones, load ${round + 1}: zones drawn after ${load.zonesDrawnMs.toFixed(0)} ms (${load.zonesDrawn}, ${load.renderer}), ready after ${load.readyMs.toFixed(0)} ms, ${load.pageWeight.transferKiB.toFixed(0)} KiB`)
        log(`  ${map.zones} zones, embed ${round + 1}: zones drawn after ${embed.zonesDrawnMs.toFixed(0)} ms (${embed.zonesDrawn}, ${embed.renderer}), ${embed.pageWeight.transferKiB.toFixed(0)} KiB`)
      }
    }
    const measured: MapRun[] = []
    for (const [index, map] of maps.entries()) {
      const mapLoads = loads[index]!
      const panning = await panOnce(browser, map.url, settings.panSeconds)
      log(`  ${map.zones} zones, panning: ${panning.frames} frames, p50 ${panning.p50Ms.toFixed(1)} ms, p95 ${panning.p95Ms.toFixed(1)} ms, max ${panning.maxMs.toFixed(0)} ms`)
      measured.push({
        zones: map.zones,
        fillSeconds: map.fillSeconds,
        loads: mapLoads,
        zonesDrawnMs: median(mapLoads.map((load) => load.zonesDrawnMs)),
        readyMs: median(mapLoads.map((load) => load.readyMs)),
        renderer: mapLoads[0]!.renderer,
        panning,
        embed: {
          loads: embedLoads[index]!,
          zonesDrawnMs: median(embedLoads[index]!.map((load) => load.zonesDrawnMs)),
          readyMs: median(embedLoads[index]!.map((load) => load.readyMs)),
        },
      })
    }
    const [baseline, large] = measured as [MapRun, MapRun]
    return {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', loadAverage, chromium: browser.version(), node: process.version },
      settings,
      baseline,
      large,
      ratios: {
        zonesDrawn: large.zonesDrawnMs / baseline.zonesDrawnMs,
        ready: large.readyMs / baseline.readyMs,
        p95Frame: large.panning.p95Ms / baseline.panning.p95Ms,
        p99Frame: large.panning.p99Ms / baseline.panning.p99Ms,
      },
    }
  } finally {
    await browser.close()
    for (const map of maps) await map.stop()
  }
}

interface MapUnderTest {
  zones: number
  fillSeconds: number
  url: string
  stop(): Promise<void>
}

/** A throwaway database filled with `zones` synthetic zones, and the real server on it. */
async function startMap(zones: number, settings: BrowserMapResult['settings'], log: (line: string) => void): Promise<MapUnderTest> {
  log(`${settings.backend}, ${zones} zones: loading`)
  const bench = await createBenchDatabase(settings.backend, process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  try {
    const db = await bench.open()
    const fillSeconds = await fillBenchDatabase(db, zones, settings.seed, EXTENTS[settings.extent], log).finally(() => db.close())
    const port = await freePort()
    const server = startServer({ ...bench.env, SEED: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' }, port)
    const stop = async () => {
      await server.stop()
      await bench.drop()
    }
    await waitForHealthy(server, 300_000).catch(async (error: unknown) => {
      await stop()
      throw error
    })
    return { zones, fillSeconds, url: `http://127.0.0.1:${port}/`, stop }
  } catch (error) {
    await bench.drop()
    throw error
  }
}

/** One fresh page load (a new context: nothing cached). */
async function loadOnce(browser: Browser, url: string): Promise<PageLoad> {
  const page = await openMapPage(browser)
  try {
    return await loadMap(page, url)
  } finally {
    await page.context().close()
  }
}

async function panOnce(browser: Browser, url: string, seconds: number): Promise<FrameStats> {
  const page = await openMapPage(browser)
  try {
    await loadMap(page, url)
    const panning = await measurePanning(page, seconds)
    if (!panning.panned) throw new Error('the drags did not move the map: the frame times would measure nothing')
    return panning
  } finally {
    await page.context().close()
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The figures as a Markdown table, the large map beside the baseline and as a ratio to it. */
export function formatMapReport(result: BrowserMapResult): string {
  const { baseline, large, ratios } = result
  const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : '–')
  const frame = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–')
  const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–')
  const responses = (run: MapRun) => {
    const first = run.loads[0]?.zonesResponses
    return first ? `${first.count}, ${ms(first.transferKiB)}` : '–'
  }
  const weight = (loads: readonly PageLoad[]) => {
    const first = loads[0]?.pageWeight
    return first ? `${first.requests}, ${ms(first.transferKiB)}` : '–'
  }
  const rows: [string, string, string, string][] = [
    ['renderer', baseline.renderer, large.renderer, ''],
    ['navigation → zones drawn, ms (median)', ms(baseline.zonesDrawnMs), ms(large.zonesDrawnMs), ratio(ratios.zonesDrawn)],
    ['navigation → page ready, ms (median)', ms(baseline.readyMs), ms(large.readyMs), ratio(ratios.ready)],
    ['GET /zones: requests, KiB on the wire', responses(baseline), responses(large), ''],
    ['page weight: requests, KiB on the wire', weight(baseline.loads), weight(large.loads), ''],
    ['embed: navigation → zones drawn, ms (median)', ms(baseline.embed.zonesDrawnMs), ms(large.embed.zonesDrawnMs), ratio(large.embed.zonesDrawnMs / baseline.embed.zonesDrawnMs)],
    ['embed: page weight, requests, KiB on the wire', weight(baseline.embed.loads), weight(large.embed.loads), ''],
    ['panning: frames', String(baseline.panning.frames), String(large.panning.frames), ''],
    ['panning: p50 frame, ms', frame(baseline.panning.p50Ms), frame(large.panning.p50Ms), ratio(large.panning.p50Ms / baseline.panning.p50Ms)],
    ['panning: p95 frame, ms', frame(baseline.panning.p95Ms), frame(large.panning.p95Ms), ratio(ratios.p95Frame)],
    ['panning: p99 frame, ms', frame(baseline.panning.p99Ms), frame(large.panning.p99Ms), ratio(ratios.p99Frame)],
    ['panning: longest frame, ms', frame(baseline.panning.maxMs), frame(large.panning.maxMs), ratio(large.panning.maxMs / baseline.panning.maxMs)],
    ['panning: frames over 50 ms', String(baseline.panning.over50Ms), String(large.panning.over50Ms), ''],
  ]
  return [
    `Map in Chromium (${result.machine.chromium}), ${result.settings.backend}; ${result.machine.cpus} × ${result.machine.cpuModel}, load average ${result.machine.loadAverage.map((value) => value.toFixed(1)).join(' ')}`,
    '',
    `| measure | ${baseline.zones.toLocaleString('en')} zones (baseline) | ${large.zones.toLocaleString('en')} zones | vs baseline |`,
    '| --- | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n')
}

const USAGE = `Usage: npx tsx test/bench/browser-map.ts [--zones 10000] [--baseline 100] [--backend postgres|embedded]
  --zones        zones of the large map (default 10000)
  --baseline     zones of the baseline map (the usual SVG map), measured in turn with the large one (default 100)
  --backend      postgres: a throwaway database on DATABASE_URL's server (default
                 postgres://postgres@127.0.0.1:5432/postgres), dropped at the end; embedded: PGlite
                 in a temporary folder (default postgres)
  --loads        fresh page loads per map, the two maps taking turns; the median reported (default 5)
  --warmup       page loads before those, not counted (default 1)
  --pan-seconds  seconds of dragging the map for the frame times (default 5)
  --seed, --extent  of the synthetic zones (default 42, region)
  --no-build     use dist/client as it is
  --out          JSON file to write (default test/bench/results/browser-map-<date>.json)`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      zones: { type: 'string', default: '10000' },
      baseline: { type: 'string', default: '100' },
      backend: { type: 'string', default: 'postgres' },
      loads: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      'pan-seconds': { type: 'string', default: '5' },
      seed: { type: 'string', default: '42' },
      extent: { type: 'string', default: 'region' },
      'no-build': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  if (values.backend !== 'postgres' && values.backend !== 'embedded') throw new Error('--backend must be postgres or embedded')
  if (!(values.extent! in EXTENTS)) throw new Error(`--extent must be one of ${Object.keys(EXTENTS).join(', ')}`)
  const result = await benchmarkMap({
    zones: Number(values.zones),
    baselineZones: Number(values.baseline),
    backend: values.backend,
    loads: Number(values.loads),
    warmupLoads: Number(values.warmup),
    panSeconds: Number(values['pan-seconds']),
    seed: Number(values.seed),
    extent: values.extent as keyof typeof EXTENTS,
    build: !values['no-build'],
  })
  const out = values.out ?? path.join(ROOT, 'test/bench/results', `browser-map-${result.date.replace(/[:.]/g, '-')}.json`)
  await mkdir(path.dirname(out), { recursive: true })
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`)
  process.stdout.write(`${formatMapReport(result)}\n\nWritten to ${path.relative(process.cwd(), out)}\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`browser-map: ${(error as Error).stack ?? String(error)}\n`)
    process.exit(1)
  })
}
