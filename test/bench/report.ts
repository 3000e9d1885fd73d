import { formatMapReport, type BrowserMapResult } from './browser-map.ts'
import { formatExportLoad, type ExportLoadResult } from './export-load.ts'
import { formatFeatureRequests, type FeatureRequestsResult } from './feature-requests-bench.ts'
import { formatIncidentImport, type IncidentImportResult } from './incident-import-load.ts'
import { formatStartup, type StartupResult } from './startup.ts'
/**
 * The benchmark's results: the JSON it writes (test/bench/results/) and the tables it prints,
 * one per backend and size, each API figure beside its floor and as a ratio to it.
 */
export interface Measurement {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  bytesPerRequest: number
  non2xx: number
  errors: number
  /** The API server's highest RSS while this row ran (MiB). */
  peakRssMb?: number
}

export interface Row {
  name: string
  target?: string | undefined
  /** How many different paths the row cycles through. */
  paths: number
  /** null: the route is not (yet) in the app. */
  api: Measurement | null
  floor: Measurement | null
  /** The API again, with browsers' Accept-Encoding. */
  apiBrowser?: Measurement | null
  /** The machine's limit for the API's own bytes (limit-server.ts), without and with browsers' Accept-Encoding. */
  limit?: Measurement | null
  limitBrowser?: Measurement | null
  /** PostgreSQL only: the floor with the server's default JIT and parallel workers. */
  floorDefaults?: Measurement | null
}

export interface SizeRun {
  zones: number
  fillSeconds: number
  /** The API server's peak RSS over the whole run, from the kernel's high-water mark (MiB). */
  serverPeakRssMb: number
  export: { firstByteMs: number; bytes: number; seconds: number; status: number; peakRssMb: number } | null
  rows: Row[]
}

export interface BenchReport {
  date: string
  command: string
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string }
  settings: { connections: number; durationSeconds: string; rounds: string; seed: number; extent: string; nodeOptions: string }
  runs: Array<{ backend: string; sizes: SizeRun[] }>
  /** The five OGC requests, with MapServer beside them when asked (feature-requests-bench.ts), unless skipped. */
  featureRequests?: FeatureRequestsResult
  /** `npm start`'s time to a healthy answer, and the server's memory (startup.ts), unless skipped. */
  startup?: StartupResult
  /** The map in Chromium (test/bench/browser-map.ts), unless skipped. */
  browserMap?: BrowserMapResult
  /** Concurrent exports of large zones (test/bench/export-load.ts), unless skipped. */
  exportLoad?: ExportLoadResult[]
  /** The import of 100,000 ACLED rows (test/bench/incident-import-load.ts), unless skipped. */
  incidentImport?: IncidentImportResult[]
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–')
/** Requests/s; none finished in the window (all slower than it) shows as such. */
const rate = (measurement: Measurement) => (measurement.requestsPerSecond > 0 ? fixed(measurement.requestsPerSecond) : 'none done')
const percent = (api: number, floor: number) => (floor > 0 ? `${Math.round((100 * api) / floor)}%` : '–')
const times = (api: number, floor: number) => (floor > 0 ? `${(api / floor).toFixed(2)}×` : '–')

/** "12% " of the limit, or a dash when either is missing. */
const share = (part: Measurement | null | undefined, whole: Measurement | null | undefined) => (part && whole ? percent(part.requestsPerSecond, whole.requestsPerSecond) : '–')
const rateOf = (measurement: Measurement | null | undefined) => (measurement ? rate(measurement) : '–')
const kib = (measurement: Measurement | null | undefined) => (measurement ? fixed(measurement.bytesPerRequest / 1024) : '–')

function sizeTable(backend: string, run: SizeRun): string {
  const compare = run.rows.some((row) => row.floorDefaults)
  const lines = [
    `### ${backend}, ${run.zones.toLocaleString('en')} zones (loaded in ${fixed(run.fillSeconds)} s); server peak RSS ${fixed(run.serverPeakRssMb)} MiB`,
    '',
    '"limit" is the machine\'s limit for the same bytes: a bare node:http server answering each request with the API\'s own response (headers and body) from memory. "browsers" is every request again with `accept-encoding: gzip, deflate, br`.',
    '',
    `| request | API req/s | API p99 ms | floor req/s | vs floor | limit req/s | vs limit | browsers: API req/s | p99 ms | limit req/s | vs limit | KiB/resp | browsers KiB/resp | RSS MiB |${compare ? ' floor with JIT+parallel req/s | p99 ms |' : ''}`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${compare ? ' ---: | ---: |' : ''}`,
  ]
  for (const row of run.rows) {
    if (!row.api || !row.floor) {
      lines.push(`| ${row.name} | not available |${' |'.repeat(13)}${compare ? '  |  |' : ''}`)
      continue
    }
    const { api, floor, apiBrowser, limit, limitBrowser } = row
    const failures = [api, apiBrowser].some((m) => m && m.non2xx + m.errors > 0) ? ` (${api.non2xx + (apiBrowser?.non2xx ?? 0)} non-2xx, ${api.errors + (apiBrowser?.errors ?? 0)} errors)` : ''
    lines.push(
      `| ${row.name}${failures} | ${rate(api)} | ${fixed(api.p99Ms)} | ${rate(floor)} | ${percent(api.requestsPerSecond, floor.requestsPerSecond)} | ${rateOf(limit)} | ${share(api, limit)} | ${rateOf(apiBrowser)} | ${apiBrowser ? fixed(apiBrowser.p99Ms) : '–'} | ${rateOf(limitBrowser)} | ${share(apiBrowser, limitBrowser)} | ${kib(api)} | ${kib(apiBrowser)} | ${fixed(api.peakRssMb ?? Number.NaN)} |` +
        (compare ? ` ${row.floorDefaults ? `${fixed(row.floorDefaults.requestsPerSecond)} | ${fixed(row.floorDefaults.p99Ms)}` : '– | –'} |` : ''),
    )
  }
  if (run.export) {
    const { bytes, seconds, firstByteMs, peakRssMb, status } = run.export
    lines.push('', `Full export \`GET /zones?limit=all\` (status ${status}): ${fixed(bytes / 2 ** 20)} MiB in ${fixed(seconds, 1)} s (${fixed(bytes / 2 ** 20 / seconds)} MiB/s), first byte after ${fixed(firstByteMs)} ms, server RSS at most ${fixed(peakRssMb)} MiB meanwhile.`)
  }
  return lines.join('\n')
}

export function formatReport(report: BenchReport, options: { only?: 'tables' } = {}): string {
  const tables = report.runs.flatMap((run) => run.sizes.map((size) => sizeTable(run.backend, size))).join('\n\n')
  if (options.only === 'tables') return tables
  const { machine, settings } = report
  return [
    `Benchmark of ${report.date.slice(0, 10)}: \`${report.command}\``,
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}. autocannon, ${settings.connections} connections, ${settings.durationSeconds} s per measurement after 1 s of warm-up, best of ${settings.rounds} rounds (on PostgreSQL taken in turn with the floor); synthetic zones over ${settings.extent}, seed ${settings.seed}; API server NODE_OPTIONS ${settings.nodeOptions ? `\`${settings.nodeOptions}\`` : 'none (as `npm start`)'}.`,
    '',
    tables,
    ...(report.featureRequests ? ['', formatFeatureRequests(report.featureRequests)] : []),
    ...(report.startup ? ['', formatStartup(report.startup)] : []),
    ...(report.exportLoad ?? []).flatMap((result) => ['', formatExportLoad(result)]),
    ...(report.incidentImport ?? []).flatMap((result) => ['', formatIncidentImport(result)]),
    ...(report.browserMap ? ['', formatMapReport(report.browserMap)] : []),
  ].join('\n')
}
