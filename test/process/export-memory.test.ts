import { DOMParser } from '@oozcitak/dom'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TABLES } from '../../server/storage/sql/tables.ts'
import { bulkInsertZones } from '../../server/storage/sql/bulk-insert.ts'
import { migrateToLatest } from '../../server/storage/database/migrate.ts'
import { ensurePostgis } from '../../server/storage/database/postgis.ts'
import { createBenchDatabase, type BenchDatabase } from '../bench/bench-database.ts'
import { peakRssMb } from '../bench/process-memory.ts'
import { exportLoadZones, syntheticParties } from '../bench/synthetic-zones.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'

/**
 * Whole-dataset exports of large shapes at once, against the server as `npm start` runs it (with
 * its heap limit): two zones of 100,000 vertices (the most a zone may have) and a few hundred of
 * 1,000, exported as KML, CSV and GeoJSON by twelve clients at the same time. Every export
 * completes and parses, and the process is still up and healthy after. On PostgreSQL when
 * TEST_DATABASE_URL is set, else on the embedded database.
 */
const LARGE = { large: 2, largeVertices: 99_999, small: 200, smallVertices: 1_000 } // 99,999 + the closing position
const ZONES = LARGE.large + LARGE.small
const EXPORTS = ['kml', 'csv', 'geojson', 'kml', 'csv', 'geojson', 'kml', 'csv', 'geojson', 'kml', 'kml', 'kml'] as const
const URLS = { kml: '/zones?format=kml', csv: '/zones?format=csv', geojson: '/zones?format=geojson&limit=all' }

describe('concurrent exports of large zones', () => {
  let database: BenchDatabase
  let server: ServerProcess
  let base: string

  beforeAll(async () => {
    database = await createBenchDatabase(process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded', process.env.TEST_DATABASE_URL ?? '')
    const db = await database.open()
    try {
      await ensurePostgis(db.knex)
      await migrateToLatest(db.knex)
      await db.knex(TABLES.parties).insert(syntheticParties())
      await bulkInsertZones(db.knex, exportLoadZones(LARGE), { recordedBy: 'test:export-load', batchSize: 50 })
    } finally {
      await db.close()
    }
    server = startServer({ ...database.env, SEED: 'false', RATE_LIMIT_PER_MINUTE: '0' }, await freePort())
    await waitForHealthy(server)
    base = `http://127.0.0.1:${server.port}`
  }, 240_000)
  afterAll(async () => {
    await server?.stop('SIGKILL')
    await database?.drop()
  })

  it('all complete and parse, and the process stays up and healthy', async () => {
    const answers = await Promise.all(
      EXPORTS.map(async (format) => {
        const response = await fetch(`${base}${URLS[format]}`)
        return { format, status: response.status, body: await response.text() }
      }),
    )
    const refused = answers.filter((answer) => answer.status !== 200).map((answer) => `${answer.format} ${answer.status}: ${answer.body.slice(0, 300)}`)
    expect(refused, server.output().slice(-2000)).toEqual([])
    expect(server.child.exitCode).toBeNull()

    for (const { format, body } of answers) {
      if (format === 'csv') expect((parse(body, { columns: true }) as unknown[]).length).toBe(ZONES)
      if (format === 'geojson') expect(JSON.parse(body).features).toHaveLength(ZONES)
      if (format === 'kml') expect(body.match(/<Placemark /g)).toHaveLength(ZONES)
    }
    // One KML of each size parsed in full (an XML parser of 10 MB takes a while on a busy machine).
    const kml = new DOMParser().parseFromString(answers.find((answer) => answer.format === 'kml')!.body, 'application/xml')
    expect(kml.getElementsByTagName('parsererror')).toHaveLength(0)
    const biggest = Array.from(kml.getElementsByTagName('coordinates')).reduce((most, node) => Math.max(most, node?.textContent?.split(' ').length ?? 0), 0)
    expect(biggest).toBe(LARGE.largeVertices + 1)

    const health = await fetch(`${base}/health`)
    expect(health.status).toBe(200)
    process.stderr.write(`export load: peak RSS of the server ${Math.round(peakRssMb(server.child.pid!))} MiB\n`)
  }, 180_000)
})
