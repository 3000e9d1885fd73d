import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Backend } from '../../server/storage/database/database.ts'
import { SESSION_OPTIONS } from '../../server/storage/database/postgres-database.ts'
import { buildServer } from '../helpers/build-server.ts'
import { benchmarkMap } from './browser-map.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'
import { createBenchDatabase, fillBenchDatabase } from './bench-database.ts'
import { benchmarkExportLoad, formatExportLoad } from './export-load.ts'
import { benchmarkIncidentImport, formatIncidentImport } from './incident-import-load.ts'
import { captureQueries, type CapturedRequest } from './capture-queries.ts'
import { BROWSER_HEADERS, better, load, loadUntilSomeDone } from './load.ts'
import { recordResponse, startMachineLimit, type MachineLimit, type RecordedResponse } from './machine-limit.ts'
import { peakRssMb, sampleRss } from './process-memory.ts'
import { formatReport, type BenchReport, type Row, type SizeRun } from './report.ts'
import { benchmarkFeatureRequests, formatFeatureRequests } from './feature-requests-bench.ts'
import { benchScenarios, type Scenario } from './scenarios.ts'
import { benchmarkStartup, formatStartup } from './startup.ts'
import { EXTENTS } from './synthetic-zones.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

const PARTS = ['tables', 'feature-requests', 'startup', 'incident-import', 'export-load', 'browser'] as const
type Part = (typeof PARTS)[number]

const USAGE = `Usage: npm run bench -- [--peer mapserver] [--sizes 1000,10000,100000] [--backends postgres,embedded] [--duration 2]
  --peer         mapserver: also MapServer 8 (Debian's cgi-mapserver behind lighttpd, installed with
                 apt-get if missing) on the five feature requests, on the same rows
  --only         run only these parts: ${PARTS.join(', ')} (comma-separated)
  --sizes        zone counts of the tables (default: 10000 on each database; 1000,10000,100000 for the
                 earlier runs' PostgreSQL figures)
  --backends     postgres, embedded, or both (default both)
  --duration     seconds of load per measurement, after 1 s of warm-up (default 2; embedded and the
                 feature requests 5)
  --rounds       measurements of each row on each side, in turn; the best is kept (default 2;
                 embedded: the API's and the floor's processes take turns)
  --connections  concurrent connections (default 16)
  --seed         seed of the synthetic zones (default 42)
  --extent       where they lie: region (the Middle East, default) or syria (all in Syria: a stress case)
  --no-export    skip the full streamed export (limit=all)
  --no-feature-requests  skip the five OGC requests on 10,000 zones over Syria (feature-requests-bench.ts)
  --no-startup   skip npm start's time to a healthy answer and the embedded server's memory (startup.ts)
  --no-fresh-clone  skip the fresh clone in that part
  --no-export-load  skip the export load (12 concurrent KML, CSV and GeoJSON exports of large zones)
  --no-incident-import  skip the import of 100,000 ACLED rows (test/bench/incident-import-load.ts)
  --no-session-compare  skip the floor with PostgreSQL's default JIT and parallel workers (at 100,000 zones)
  --no-browser   skip the map in Chromium (test/bench/browser-map.ts: 10,000 zones against 100)
  --node-options NODE_OPTIONS for the API server (default none, as \`npm start\` runs it),
                 e.g. "--max-old-space-size=160 --max-semi-space-size=4"
  --out          JSON file to write (default test/bench/results/bench-<date>.json)
PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; the
benchmark creates a throwaway database there and drops it at the end.`

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    backends: { type: 'string', default: 'postgres,embedded' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string', default: '16' },
    seed: { type: 'string', default: '42' },
    extent: { type: 'string', default: 'region' },
    'no-export': { type: 'boolean', default: false },
    peer: { type: 'string' },
    only: { type: 'string' },
    'no-feature-requests': { type: 'boolean', default: false },
    'no-startup': { type: 'boolean', default: false },
    'no-fresh-clone': { type: 'boolean', default: false },
    'no-export-load': { type: 'boolean', default: false },
    'no-incident-import': { type: 'boolean', default: false },
    'no-session-compare': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
    'node-options': { type: 'string', default: '' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}

const DEFAULT_SIZES: Record<Backend, number[]> = { postgres: [10_000], embedded: [10_000] }
const backends = values.backends!.split(',') as Backend[]
// PGlite answers one query at a time, so its slow rows need longer windows; and one process holds its data directory, so
// there the API's process and the floor's take turns (runSize) instead of running side by side.
const durationFor = (backend: Backend) => Number(values.duration ?? (backend === 'postgres' ? 2 : 5))
const roundsFor = (backend: Backend) => Number(values.rounds ?? 2)
const connections = Number(values.connections)
const seed = Number(values.seed)
if (!(values.extent! in EXTENTS)) throw new Error(`--extent must be one of ${Object.keys(EXTENTS).join(', ')}`)
const extentName = values.extent as keyof typeof EXTENTS
const extent = EXTENTS[extentName]
if (values.peer !== undefined && values.peer !== 'mapserver') throw new Error('--peer must be mapserver')
const only = values.only?.split(',')
for (const part of only ?? []) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only takes ${PARTS.join(', ')}`)
const SKIPPED: Record<Part, boolean> = {
  tables: false,
  'feature-requests': values['no-feature-requests']!,
  startup: values['no-startup']!,
  'incident-import': values['no-incident-import']!,
  'export-load': values['no-export-load']!,
  browser: values['no-browser']!,
}
const runsPart = (part: Part) => (only ? only.includes(part) : !SKIPPED[part])
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (line: string) => process.stderr.write(`${line}\n`)


/** GET `url` to the end, discarding the body: when the first byte came, how many, how long. */
function download(url: string): Promise<{ firstByteMs: number; bytes: number; seconds: number; status: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    httpRequest(url, (response) => {
      let firstByteMs = Number.NaN
      let bytes = 0
      response.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started
        bytes += chunk.length
      })
      response.on('end', () => resolve({ firstByteMs, bytes, seconds: (performance.now() - started) / 1000, status: response.statusCode ?? 0 }))
      response.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

interface FloorProcess {
  port: number
  stop(): Promise<void>
}

async function startFloor(env: Record<string, string>, scenariosFile: string, sessionOptions: string | undefined): Promise<FloorProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/floor-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, FLOOR_SCENARIOS: scenariosFile, FLOOR_PORT: String(port), FLOOR_SESSION_OPTIONS: sessionOptions ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('floor listening')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`the floor server exited with ${code}`)))
  })
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.on('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

interface Target {
  key: 'api' | 'apiBrowser' | 'floor' | 'floorDefaults' | 'limit' | 'limitBrowser'
  label: string
  port: number
  paths(index: number): string[]
  headers?: Readonly<Record<string, string>>
  /** Measured once (the bare limit server varies little), not in every round. */
  once?: boolean
  /** The API server's pid, to sample its RSS. */
  pid?: number
}

/** The API's answers to every scenario's paths, with and without browsers' Accept-Encoding, and the limit server's paths for them. */
async function recordApiResponses(port: number, scenarios: Scenario[], captured: CapturedRequest[][]) {
  const responses: RecordedResponse[] = []
  const indexes: Array<{ plain: number[]; browser: number[] }> = []
  for (const [index, scenario] of scenarios.entries()) {
    const entry = { plain: [] as number[], browser: [] as number[] }
    if (captured[index]!.length > 0) {
      for (const scenarioPath of scenario.paths) {
        entry.plain.push(responses.push(await recordResponse(`http://127.0.0.1:${port}`, scenarioPath)) - 1)
        entry.browser.push(responses.push(await recordResponse(`http://127.0.0.1:${port}`, scenarioPath, BROWSER_HEADERS)) - 1)
      }
    }
    indexes.push(entry)
  }
  return { responses, indexes }
}

function limitTargets(port: number, indexes: Array<{ plain: number[]; browser: number[] }>): Target[] {
  return [
    { key: 'limit', label: 'limit', port, once: true, paths: (index) => indexes[index]!.plain.map((n) => `/${n}`) },
    { key: 'limitBrowser', label: 'limit (browser encodings)', port, once: true, paths: (index) => indexes[index]!.browser.map((n) => `/${n}`) },
  ]
}

/**
 * Measures each scenario on each target, `rounds` times in turn (1 s of warm-up before the first),
 * keeping the best round of each (rows may already hold earlier rounds' best).
 */
async function measureScenarios(backend: Backend, scenarios: Scenario[], captured: CapturedRequest[][], rows: Row[], targets: Target[], rounds: number, roundLabel = ''): Promise<void> {
  const duration = durationFor(backend)
  for (const [index, scenario] of scenarios.entries()) {
    if (captured[index]!.length === 0) continue
    for (let round = 1; round <= rounds; round++) {
      for (const target of targets) {
        if (target.once && round > 1) continue
        log(`  ${target.label} ${scenario.name}${rounds > 1 ? ` (round ${round})` : roundLabel}`)
        const base = `http://127.0.0.1:${target.port}`
        const options = { connections, headers: target.headers, log }
        if (round === 1) await load(base, target.paths(index), 1, options)
        const sampler = target.pid ? sampleRss(target.pid) : null
        const measured = await loadUntilSomeDone(base, target.paths(index), target.once ? Math.min(duration, 2) : duration, options)
        const peak = sampler?.stop()
        const row = rows[index]!
        row[target.key] = better(row[target.key] ?? null, measured)
        if (peak !== undefined) row.api!.peakRssMb = Math.max(row.api!.peakRssMb ?? 0, peak)
      }
    }
  }
}

async function runSize(backend: Backend, env: Record<string, string>, scenarios: Scenario[], captured: CapturedRequest[][], compareSession: boolean): Promise<Omit<SizeRun, 'zones' | 'fillSeconds'>> {
  const rows: Row[] = scenarios.map((scenario) => ({ name: scenario.name, target: scenario.target, paths: scenario.paths.length, api: null, floor: null }))
  const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-floor-'))
  const file = path.join(directory, 'scenarios.json')
  const flat = captured.flat()
  await writeFile(file, JSON.stringify(flat))
  const floorPaths = (index: number) => captured[index]!.map((request) => `/${flat.indexOf(request)}`)
  const floorSessions: Array<{ key: 'floor' | 'floorDefaults'; label: string; options: string | undefined }> = [
    { key: 'floor', label: 'floor', options: backend === 'postgres' ? SESSION_OPTIONS : undefined },
    ...(compareSession ? [{ key: 'floorDefaults' as const, label: 'floor (JIT, parallel workers)', options: undefined }] : []),
  ]

  // The API: the real server, built and run as `npm start` runs it, in its own process (its RSS is its own).
  const startApi = async () => {
    const port = await freePort()
    const nodeOptions: Record<string, string> = values['node-options'] ? { NODE_OPTIONS: values['node-options'] } : {}
    const server: ServerProcess = startServer({ ...env, SEED: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', ...nodeOptions }, port)
    try {
      await waitForHealthy(server, 300_000)
    } catch (error) {
      await server.stop()
      throw error
    }
    const paths = (index: number) => scenarios[index]!.paths
    const pid = server.child.pid!
    const targets: Target[] = [
      { key: 'api', label: 'API  ', port, paths, pid },
      { key: 'apiBrowser', label: 'API (browser encodings)', port, paths, pid, headers: BROWSER_HEADERS },
    ]
    return { port, server, targets, pid }
  }
  const startFloors = () =>
    Promise.all(
      floorSessions.map(async (session) => {
        const floor = await startFloor(env, file, session.options)
        return { floor, target: { key: session.key, label: session.label, port: floor.port, paths: floorPaths } satisfies Target }
      }),
    )

  let serverPeakRssMb = Number.NaN
  let exported: SizeRun['export'] = null
  const exportAndPeak = async (api: Awaited<ReturnType<typeof startApi>>, withExport = true) => {
    if (withExport && !values['no-export']) {
      log('  API   GET /zones?limit=all (full export, streamed)')
      const sampler = sampleRss(api.pid)
      exported = { ...(await download(`http://127.0.0.1:${api.port}/zones?limit=all`)), peakRssMb: sampler.stop() }
    }
    const peak = peakRssMb(api.pid)
    serverPeakRssMb = Number.isNaN(serverPeakRssMb) ? peak : Math.max(serverPeakRssMb, peak)
  }
  try {
    if (backend === 'postgres') {
      // Both at once, measured in turn: load from elsewhere on the machine falls on both alike.
      const api = await startApi()
      let limit: MachineLimit | null = null
      const floors = await startFloors().catch(async (error: unknown) => {
        await api.server.stop()
        throw error
      })
      try {
        const recorded = await recordApiResponses(api.port, scenarios, captured)
        limit = await startMachineLimit(recorded.responses)
        await measureScenarios(backend, scenarios, captured, rows, [...api.targets, ...floors.map((floor) => floor.target), ...limitTargets(limit.port, recorded.indexes)], roundsFor(backend))
        await exportAndPeak(api)
      } finally {
        await api.server.stop()
        for (const { floor } of floors) await floor.stop()
        await limit?.stop()
      }
    } else {
      // PGlite is one process's: the API, then the floor, each round in fresh processes (one round
      // of each was seen to differ from the next by up to 15 %).
      const rounds = roundsFor(backend)
      let recorded: Awaited<ReturnType<typeof recordApiResponses>> | null = null
      for (let round = 1; round <= rounds; round++) {
        const roundLabel = rounds > 1 ? ` (round ${round})` : ''
        const api = await startApi()
        try {
          await measureScenarios(backend, scenarios, captured, rows, api.targets, 1, roundLabel)
          await exportAndPeak(api, round === rounds)
          if (round === 1) recorded = await recordApiResponses(api.port, scenarios, captured)
        } finally {
          await api.server.stop()
        }
        const floors = await startFloors()
        try {
          await measureScenarios(backend, scenarios, captured, rows, floors.map((floor) => floor.target), 1, roundLabel)
        } finally {
          for (const { floor } of floors) await floor.stop()
        }
      }
      // The limit needs no database: measured alone, once the API's and the floor's processes have ended.
      const limit = await startMachineLimit(recorded!.responses)
      try {
        await measureScenarios(backend, scenarios, captured, rows, limitTargets(limit.port, recorded!.indexes), 1)
      } finally {
        await limit.stop()
      }
    }
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
  return { serverPeakRssMb, export: exported, rows }
}

async function runBackend(backend: Backend, sizes: number[]): Promise<SizeRun[]> {
  log(`${backend}: creating a throwaway database`)
  const bench = await createBenchDatabase(backend, serverUrl)
  const runs: SizeRun[] = []
  try {
    for (const size of sizes) {
      log(`${backend}, ${size} zones: loading`)
      const db = await bench.open()
      let scenarios: Scenario[]
      let captured: CapturedRequest[][]
      let fillSeconds: number
      try {
        fillSeconds = await fillBenchDatabase(db, size, seed, extent, log)
        scenarios = await benchScenarios(db, extent)
        // The tile cache would answer the second request for a tile: the first request for each is captured.
        const warmup = ['/zones?limit=1', '/tiles/12/0/0.mvt']
        captured = []
        for (const scenario of scenarios) captured.push(await captureQueries(db, bench.env, scenario.paths, warmup).catch(notAvailable(scenario)))
      } finally {
        await db.close()
      }
      const compareSession = backend === 'postgres' && !values['no-session-compare'] && size >= 100_000
      runs.push({ zones: size, fillSeconds, ...(await runSize(backend, bench.env, scenarios, captured, compareSession)) })
      log(formatReport({ ...header(), runs: [{ backend, sizes: [runs[runs.length - 1]!] }] }, { only: 'tables' }))
    }
  } finally {
    await bench.drop()
  }
  return runs
}

/** A route not (yet) in the app: its row is reported as not available. */
const notAvailable = (scenario: Scenario) => (error: Error) => {
  log(`  ${scenario.name}: not available (${error.message.split('\n')[0]})`)
  return [] as CapturedRequest[]
}

function header(): Omit<BenchReport, 'runs'> {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
    settings: { connections, durationSeconds: `${durationFor('postgres')} (PostgreSQL), ${durationFor('embedded')} (embedded)`, rounds: `${roundsFor('postgres')} (PostgreSQL), ${roundsFor('embedded')} (embedded)`, seed, extent: `${extentName} ${JSON.stringify(extent)}`, nodeOptions: values['node-options'] ?? '' },
  }
}

async function main(): Promise<void> {
  buildServer()
  const report: BenchReport = { ...header(), runs: [] }
  const out = values.out ?? path.join(ROOT, 'test/bench/results', `bench-${report.date.replace(/[:.]/g, '-')}.json`)
  await mkdir(path.dirname(out), { recursive: true })
  const parts: Record<Part, () => Promise<void>> = {
    async tables() {
      for (const backend of backends) {
        const sizes = values.sizes ? values.sizes.split(',').map(Number) : DEFAULT_SIZES[backend]
        report.runs.push({ backend, sizes: await runBackend(backend, sizes) })
      }
    },
    async 'feature-requests'() {
      report.featureRequests = await benchmarkFeatureRequests({
        serverUrl, peer: values.peer === 'mapserver' ? 'mapserver' : null, seed, connections,
        seconds: Number(values.duration ?? 5), rounds: Number(values.rounds ?? 2), log,
      })
      log(formatFeatureRequests(report.featureRequests))
    },
    async startup() {
      log('npm start: time to a healthy answer; memory')
      report.startup = await benchmarkStartup(serverUrl, log, !values['no-fresh-clone'])
      log(formatStartup(report.startup))
    },
    async 'incident-import'() {
      report.incidentImport = []
      for (const backend of backends) {
        const result = await benchmarkIncidentImport(backend, serverUrl, log)
        log(formatIncidentImport(result))
        report.incidentImport.push(result)
      }
    },
    async 'export-load'() {
      report.exportLoad = []
      for (const backend of backends) {
        const result = await benchmarkExportLoad(backend, serverUrl, log)
        log(formatExportLoad(result))
        report.exportLoad.push(result)
      }
    },
    async browser() {
      log('the map in Chromium, 10,000 zones against a baseline of 100')
      report.browserMap = await benchmarkMap({ zones: 10_000, backend: backends[0], seed, extent: extentName, log })
    },
  }
  // Each part's figures are written as soon as it ends; a part that fails is reported and the others still run.
  const failed: string[] = []
  for (const part of PARTS.filter(runsPart)) {
    try {
      await parts[part]()
    } catch (error) {
      failed.push(part)
      log(`bench: the ${part} part failed: ${(error as Error).stack ?? String(error)}`)
    }
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`)
  }
  process.stdout.write(`${formatReport(report)}\nWritten to ${path.relative(process.cwd(), out)}\n`)
  if (failed.length > 0) throw new Error(`parts that failed: ${failed.join(', ')}`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}${(error as Error).cause ? `\ncause: ${String((error as Error).cause)}` : ''}\n`)
  process.exit(1)
})
