import { randomBytes } from 'node:crypto'
import { createBenchDatabase, fillBenchDatabase } from './bench-database.ts'
import { apiWriter, coldAndWarm, type ColdWarm } from './cold-warm.ts'
import { featureRequests, sameFeatures, type FeatureRequest } from './feature-requests.ts'
import { BROWSER_HEADERS, better, load, loadUntilSomeDone } from './load.ts'
import { recordResponse, startMachineLimit, type MachineLimit, type RecordedResponse } from './machine-limit.ts'
import { createPeerView, ensureMapServerInstalled, startMapServer, type MapServerPeer } from './mapserver/mapserver-peer.ts'
import { peakRssMb, sampleRss } from './process-memory.ts'
import type { Measurement } from './report.ts'
import { EXTENTS } from './synthetic-zones.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'

/**
 * The five OGC API - Features requests (feature-requests.ts) on 10,000 synthetic zones packed into
 * Syria, as users get them: this service as `npm start` runs it on PostgreSQL, each request without
 * and with browsers' Accept-Encoding, beside the machine's limit for the same bytes and, with
 * `peer: 'mapserver'`, MapServer 8 on the same rows; then each request cold (first after an edit)
 * and warm, one at a time.
 */
export interface FeatureRequestRow {
  name: string
  paths: number
  api: Measurement | null
  apiBrowser: Measurement | null
  limit: Measurement | null
  limitBrowser: Measurement | null
  /** MapServer, asked with browsers' Accept-Encoding (lighttpd as set up here answers uncompressed either way). */
  peer: Measurement | null
  /** Whether both answered with the same features in the same order (with a peer). */
  sameFeatures: { same: boolean; features: number; detail: string } | null
  coldWarm: ColdWarm | null
}

export interface FeatureRequestsResult {
  zones: number
  seed: number
  extent: string
  connections: number
  seconds: number
  rounds: number
  peer: string | null
  serverPeakRssMb: number
  rows: FeatureRequestRow[]
}

export interface FeatureRequestsOptions {
  serverUrl: string
  peer: 'mapserver' | null
  seed: number
  connections: number
  seconds: number
  rounds: number
  log: (line: string) => void
}

const ZONES = 10_000
const EXTENT = 'syria'
const ADMIN = { username: 'admin', password: `bench-${randomBytes(12).toString('hex')}` }

interface Side {
  key: 'api' | 'apiBrowser' | 'limit' | 'limitBrowser' | 'peer'
  label: string
  port: number
  paths(index: number): string[]
  headers?: Readonly<Record<string, string>>
  once?: boolean
}

export async function benchmarkFeatureRequests(options: FeatureRequestsOptions): Promise<FeatureRequestsResult> {
  const { log } = options
  if (options.peer) ensureMapServerInstalled(log)
  log(`feature requests: ${ZONES.toLocaleString('en')} zones over ${EXTENT}, a throwaway PostgreSQL database`)
  const bench = await createBenchDatabase('postgres', options.serverUrl)
  let server: ServerProcess | null = null
  let peer: MapServerPeer | null = null
  let limit: MachineLimit | null = null
  try {
    const db = await bench.open()
    let requests: FeatureRequest[]
    let editedZone: number
    try {
      await fillBenchDatabase(db, ZONES, options.seed, EXTENTS[EXTENT], log)
      requests = await featureRequests(db.knex, EXTENTS[EXTENT])
      editedZone = Number((await db.knex('zones').max('id as id').first())!.id)
      if (options.peer) await createPeerView(db.knex)
    } finally {
      await db.close()
    }

    const port = await freePort()
    server = startServer({ ...bench.env, SEED: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password }, port)
    await waitForHealthy(server, 300_000)
    const base = `http://127.0.0.1:${port}`
    if (options.peer) peer = await startMapServer(bench.url!, EXTENTS[EXTENT])

    const rows: FeatureRequestRow[] = requests.map((request) => ({ name: request.name, paths: request.servicePaths.length, api: null, apiBrowser: null, limit: null, limitBrowser: null, peer: null, sameFeatures: null, coldWarm: null }))
    if (peer) {
      for (const [index, request] of requests.entries()) {
        rows[index]!.sameFeatures = await sameFeatures(request, base, `http://127.0.0.1:${peer.port}`, peer.itemsPath)
        if (!rows[index]!.sameFeatures!.same) log(`  ${request.name}: MapServer answers other features: ${rows[index]!.sameFeatures!.detail}`)
      }
    }

    // One request at a time on a quiet server, before the load.
    const write = await apiWriter(base, ADMIN, editedZone)
    for (const [index, request] of requests.entries()) {
      log(`  API cold and warm: ${request.name}`)
      rows[index]!.coldWarm = await coldAndWarm(base, request.servicePaths[0]!, write)
    }

    const recorded: RecordedResponse[] = []
    const limitPaths = requests.map(() => ({ plain: [] as string[], browser: [] as string[] }))
    for (const [index, request] of requests.entries()) {
      for (const path of request.servicePaths) {
        limitPaths[index]!.plain.push(`/${recorded.push(await recordResponse(base, path)) - 1}`)
        limitPaths[index]!.browser.push(`/${recorded.push(await recordResponse(base, path, BROWSER_HEADERS)) - 1}`)
      }
    }
    limit = await startMachineLimit(recorded)

    const sides: Side[] = [
      { key: 'api', label: 'API', port, paths: (index) => requests[index]!.servicePaths },
      { key: 'apiBrowser', label: 'API (browser encodings)', port, paths: (index) => requests[index]!.servicePaths, headers: BROWSER_HEADERS },
      ...(peer ? [{ key: 'peer' as const, label: 'MapServer', port: peer.port, paths: (index: number) => requests[index]!.peerPaths(peer!.itemsPath), headers: BROWSER_HEADERS }] : []),
      { key: 'limit', label: 'limit', port: limit.port, paths: (index) => limitPaths[index]!.plain, once: true },
      { key: 'limitBrowser', label: 'limit (browser encodings)', port: limit.port, paths: (index) => limitPaths[index]!.browser, headers: BROWSER_HEADERS, once: true },
    ]
    for (const [index, request] of requests.entries()) {
      for (let round = 1; round <= options.rounds; round++) {
        for (const side of sides) {
          if (side.once && round > 1) continue
          log(`  ${side.label} ${request.name}${side.once ? '' : ` (round ${round})`}`)
          const target = `http://127.0.0.1:${side.port}`
          const loadOptions = { connections: options.connections, headers: side.headers, log }
          if (round === 1) await load(target, side.paths(index), 1, loadOptions)
          const sampler = side.key.startsWith('api') ? sampleRss(server.child.pid!) : null
          const measured = await loadUntilSomeDone(target, side.paths(index), options.seconds, loadOptions)
          if (sampler) measured.peakRssMb = sampler.stop()
          rows[index]![side.key] = better(rows[index]![side.key], measured)
        }
      }
    }

    return {
      zones: ZONES,
      seed: options.seed,
      extent: EXTENT,
      connections: options.connections,
      seconds: options.seconds,
      rounds: options.rounds,
      peer: peer ? `${peer.version} (lighttpd, mapserv as FastCGI, 2 workers)` : null,
      serverPeakRssMb: peakRssMb(server.child.pid!),
      rows,
    }
  } finally {
    await server?.stop()
    await peer?.stop()
    await limit?.stop()
    await bench.drop()
  }
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–')
const rate = (measurement: Measurement | null) => (measurement ? (measurement.requestsPerSecond > 0 ? fixed(measurement.requestsPerSecond, measurement.requestsPerSecond < 10 ? 1 : 0) : 'none done') : '–')
const ratio = (a: Measurement | null, b: Measurement | null) => (a && b && b.requestsPerSecond > 0 ? `${(a.requestsPerSecond / b.requestsPerSecond).toFixed(1)}×` : '–')
const share = (a: Measurement | null, b: Measurement | null) => (a && b && b.requestsPerSecond > 0 ? `${Math.round((100 * a.requestsPerSecond) / b.requestsPerSecond)}%` : '–')
const kib = (measurement: Measurement | null) => (measurement ? fixed(measurement.bytesPerRequest / 1024) : '–')

export function formatFeatureRequests(result: FeatureRequestsResult): string {
  const withPeer = result.peer !== null
  const lines = [
    `### The five feature requests: ${result.zones.toLocaleString('en')} zones over ${result.extent}, PostgreSQL${withPeer ? `, beside ${result.peer}` : ''}`,
    '',
    `This service as \`npm start\` runs it; ${result.connections} connections, best of ${result.rounds} windows of ${result.seconds} s; the limit (a bare node:http server with the API's own bytes) one window. "browsers" sends \`accept-encoding: gzip, deflate, br\`. Cold: the first request after an edit (a PATCH that moves the data version); warm: the same request again; one request at a time, median of 5. Server peak RSS ${fixed(result.serverPeakRssMb)} MiB.`,
    '',
    `| request | features | API req/s | browsers: API req/s | limit req/s | browsers: limit req/s | API of limit | browsers: API of limit |${withPeer ? ' MapServer req/s | API vs MapServer | browsers: API vs MapServer | same features |' : ''} KiB/resp | browsers KiB/resp |${withPeer ? ' MapServer KiB/resp |' : ''} cold ms | warm ms | browsers: cold ms | warm ms |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${withPeer ? ' ---: | ---: | ---: | --- |' : ''} ---: | ---: |${withPeer ? ' ---: |' : ''} ---: | ---: | ---: | ---: |`,
  ]
  for (const row of result.rows) {
    const features = row.sameFeatures ? String(row.sameFeatures.features) : '–'
    const peerCells = withPeer ? ` ${rate(row.peer)} | ${ratio(row.api, row.peer)} | ${ratio(row.apiBrowser, row.peer)} | ${row.sameFeatures ? (row.sameFeatures.same ? 'yes' : `no: ${row.sameFeatures.detail}`) : '–'} |` : ''
    const cold = row.coldWarm
    lines.push(
      `| ${row.name}${row.paths > 1 ? ` (${row.paths} ids in turn)` : ''} | ${features} | ${rate(row.api)} | ${rate(row.apiBrowser)} | ${rate(row.limit)} | ${rate(row.limitBrowser)} | ${share(row.api, row.limit)} | ${share(row.apiBrowser, row.limitBrowser)} |${peerCells} ${kib(row.api)} | ${kib(row.apiBrowser)} |${withPeer ? ` ${kib(row.peer)} |` : ''} ${cold ? `${fixed(cold.coldMs)} | ${fixed(cold.warmMs)} | ${fixed(cold.browserColdMs)} | ${fixed(cold.browserWarmMs)}` : '– | – | – | –'} |`,
    )
  }
  const page = result.rows[0]
  lines.push(
    '',
    `Targets (shown, not asserted): every request at least 5× MapServer${withPeer ? ` (here ${result.rows.map((row) => ratio(row.api, row.peer)).join(', ')}; with browsers' encodings ${result.rows.map((row) => ratio(row.apiBrowser, row.peer)).join(', ')})` : ' (run with --peer mapserver)'}; warm reads of the page of 100 at least 50 % of the limit for the same bytes (here ${share(page?.api ?? null, page?.limit ?? null)}, with browsers' encodings ${share(page?.apiBrowser ?? null, page?.limitBrowser ?? null)}).`,
  )
  return lines.join('\n')
}
