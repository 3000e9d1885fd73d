import { request as httpRequest } from 'node:http'
import { TABLES } from '../../server/storage/sql/tables.ts'
import type { Backend } from '../../server/storage/database/database.ts'
import { bulkInsertZones } from '../../server/storage/sql/bulk-insert.ts'
import { migrateToLatest } from '../../server/storage/database/migrate.ts'
import { ensurePostgis } from '../../server/storage/database/postgis.ts'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'
import { createBenchDatabase } from './bench-database.ts'
import { peakRssMb } from './process-memory.ts'
import { exportLoadZones, syntheticParties } from './synthetic-zones.ts'

/**
 * The export load test: twelve concurrent KML, CSV and GeoJSON (limit=all) exports, four of each,
 * of two zones of 100,000 vertices and 500 of 1,000, against the server as `npm start` runs it
 * (with its heap limit). Reports each export, the server's peak RSS (the kernel's high-water mark)
 * and peak heap (the most V8 held before a garbage collection, from --trace-gc), and whether the
 * process stayed up and healthy.
 */
export const EXPORT_LOAD_DATA = { large: 2, largeVertices: 99_999, small: 500, smallVertices: 1_000 } as const
const FORMATS = { kml: '/zones?format=kml', csv: '/zones?format=csv', geojson: '/zones?format=geojson&limit=all' } as const
const CLIENTS_PER_FORMAT = 4

export interface ExportLoadResult {
  backend: Backend
  zones: number
  exports: Array<{ format: keyof typeof FORMATS; status: number; bytes: number; seconds: number }>
  seconds: number
  peakRssMb: number
  /** The most heap V8 held before a garbage collection (MiB). */
  peakHeapMb: number
  /** The heap limit the server runs with (package.json's start script). */
  heapLimitMb: number
  alive: boolean
  healthy: boolean
}

function fetchToEnd(url: string): Promise<{ status: number; bytes: number; seconds: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    httpRequest(url, (response) => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => (bytes += chunk.length))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes, seconds: (performance.now() - started) / 1000 }))
      response.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

/** The highest "used before" figure of --trace-gc's lines (`Mark-Compact 150.2 (180.3) -> ...`), in MiB. */
const peakHeapFromTrace = (output: string): number =>
  Math.max(0, ...[...output.matchAll(/(?:Scavenge|Mark-Compact|Mark-sweep)[^\n]*?\s([\d.]+) \(([\d.]+)\) ->/g)].map((match) => Number(match[1])))

export async function benchmarkExportLoad(backend: Backend, serverUrl: string, log: (line: string) => void): Promise<ExportLoadResult> {
  const database = await createBenchDatabase(backend, serverUrl)
  try {
    log(`${backend}: export load, loading ${EXPORT_LOAD_DATA.large} zones of ${EXPORT_LOAD_DATA.largeVertices + 1} positions and ${EXPORT_LOAD_DATA.small} of ${EXPORT_LOAD_DATA.smallVertices}`)
    const db = await database.open()
    try {
      await ensurePostgis(db.knex)
      await migrateToLatest(db.knex)
      await db.knex(TABLES.parties).insert(syntheticParties())
      await bulkInsertZones(db.knex, exportLoadZones(EXPORT_LOAD_DATA), { recordedBy: 'bench:export-load', batchSize: 50 })
    } finally {
      await db.close()
    }
    const server = startServer({ ...database.env, SEED: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' }, await freePort(), 'built', ['--trace-gc'])
    try {
      await waitForHealthy(server, 300_000)
      const base = `http://127.0.0.1:${server.port}`
      log(`  ${CLIENTS_PER_FORMAT * 3} concurrent exports: ${CLIENTS_PER_FORMAT} each of KML, CSV and GeoJSON`)
      const started = performance.now()
      const formats = Object.keys(FORMATS) as Array<keyof typeof FORMATS>
      const exports = await Promise.all(
        Array.from({ length: CLIENTS_PER_FORMAT }, () => formats)
          .flat()
          .map(async (format) => ({ format, ...(await fetchToEnd(`${base}${FORMATS[format]}`).catch(() => ({ status: 0, bytes: 0, seconds: Number.NaN }))) })),
      )
      const seconds = (performance.now() - started) / 1000
      const alive = server.child.exitCode === null
      const healthy = alive && (await fetch(`${base}/health`).then((response) => response.status === 200).catch(() => false))
      const heapLimit = /--max-old-space-size=(\d+)/.exec(server.child.spawnargs.join(' '))
      return {
        backend,
        zones: EXPORT_LOAD_DATA.large + EXPORT_LOAD_DATA.small,
        exports,
        seconds,
        peakRssMb: alive ? peakRssMb(server.child.pid!) : Number.NaN,
        peakHeapMb: peakHeapFromTrace(server.output()),
        heapLimitMb: heapLimit ? Number(heapLimit[1]) : Number.NaN,
        alive,
        healthy,
      }
    } finally {
      await server.stop('SIGKILL')
    }
  } finally {
    await database.drop()
  }
}

export function formatExportLoad(result: ExportLoadResult): string {
  const byFormat = (['kml', 'csv', 'geojson'] as const).map((format) => {
    const runs = result.exports.filter((run) => run.format === format)
    const ok = runs.filter((run) => run.status === 200).length
    const mb = runs[0] ? (runs[0].bytes / 2 ** 20).toFixed(1) : '-'
    const slowest = Math.max(...runs.map((run) => run.seconds)).toFixed(1)
    return `  ${format.padEnd(8)} ${ok}/${runs.length} complete, ${mb} MiB each, slowest ${slowest} s`
  })
  return [
    `Export load on ${result.backend}: ${result.exports.length} concurrent exports of ${result.zones} zones in ${result.seconds.toFixed(1)} s`,
    ...byFormat,
    `  server: peak RSS ${result.peakRssMb.toFixed(0)} MiB, peak heap ${result.peakHeapMb.toFixed(0)} MiB of a ${result.heapLimitMb} MiB limit; ${result.alive ? 'up' : 'EXITED'}, ${result.healthy ? 'healthy' : 'NOT healthy'} after`,
  ].join('\n')
}
