import { request as httpRequest } from 'node:http'
import { Readable } from 'node:stream'
import { hashPassword } from '../../server/auth/passwords.ts'
import type { Backend } from '../../server/storage/database/database.ts'
import { migrateToLatest } from '../../server/storage/database/migrate.ts'
import { ensurePostgis } from '../../server/storage/database/postgis.ts'
import { usersRepository } from '../../server/storage/repositories/users-repository.ts'
import { TABLES } from '../../server/storage/sql/tables.ts'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'
import { createBenchDatabase } from './bench-database.ts'
import { peakRssMb, rssMb, sampleRss } from './process-memory.ts'

/**
 * The import of a large ACLED export: 100,000 synthetic rows, generated deterministically and
 * streamed to POST /incidents/imports of the server as `npm start` runs it (its heap limit), then
 * the same file again (all unchanged). Reports rows/s and the server's RSS meanwhile; the floor is
 * the database alone: the same rows inserted by plain multi-row INSERTs of 1,000, in one transaction.
 */
export const INCIDENT_IMPORT_ROWS = 100_000
const HEADER = 'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,actor2,country,admin1,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp'
const EVENT_TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments']
const USER = { username: 'bench-importer', password: 'a long bench password for imports' }

export interface IncidentImportResult {
  backend: Backend
  rows: number
  megabytes: number
  import: { status: number; seconds: number; rowsPerSecond: number }
  reimport: { status: number; seconds: number; rowsPerSecond: number }
  /** Before the first import, and the most during either (sampled every 100 ms), MiB. */
  rssBeforeMb: number
  peakRssMb: number
  /** The kernel's high-water mark of the server process at the end. */
  highWaterRssMb: number
  floor: { seconds: number; rowsPerSecond: number }
}

interface SyntheticEvent {
  id: string
  day: string
  eventType: string
  latitude: number
  longitude: number
  geoPrecision: number
  fatalities: number
  notes: string
}

/** The events, the same for a seed: spread over Syria and 2017-2019. */
function* syntheticEvents(count: number, seed = 42): Generator<SyntheticEvent> {
  let state = seed >>> 0
  const random = () => ((state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32)
  const firstDay = Date.UTC(2017, 0, 1)
  for (let index = 1; index <= count; index++) {
    yield {
      id: `BENCH${index}`,
      day: new Date(firstDay + Math.floor(random() * 1095) * 86_400_000).toISOString().slice(0, 10),
      eventType: EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)]!,
      latitude: Number((32.5 + random() * 4.5).toFixed(4)),
      longitude: Number((35.8 + random() * 6).toFixed(4)),
      geoPrecision: 1 + Math.floor(random() * 3),
      fatalities: Math.floor(random() * 12),
      notes: `Synthetic benchmark event ${index}: not a real event. ${'Lorem ipsum dolor sit amet '.repeat(1 + Math.floor(random() * 6))}`,
    }
  }
}

/** The ACLED CSV of the events, in chunks of 1,000 lines. */
function* csvChunks(count: number): Generator<string> {
  yield `${HEADER}\n`
  let lines: string[] = []
  for (const event of syntheticEvents(count)) {
    lines.push([event.id, event.day, event.day.slice(0, 4), 1, 'Political violence', event.eventType, '', 'Synthetic actor A', 'Synthetic actor B', 'Syria', 'Idlib', 'Somewhere',
      event.latitude, event.longitude, event.geoPrecision, 'Synthetic source', 'National', `"${event.notes}"`, event.fatalities, 1_700_000_000].join(','))
    if (lines.length === 1000) {
      yield `${lines.join('\n')}\n`
      lines = []
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`
}

function postCsv(url: string, headers: Record<string, string>): Promise<{ status: number; seconds: number; body: string }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' } }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, seconds: (performance.now() - started) / 1000, body }))
      response.on('error', reject)
    })
    request.on('error', reject)
    Readable.from(csvChunks(INCIDENT_IMPORT_ROWS)).pipe(request)
  })
}

async function apiToken(base: string): Promise<string> {
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(USER) })
  if (login.status !== 200) throw new Error(`bench sign-in failed: ${login.status} ${await login.text()}`)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const { csrfToken } = (await login.json()) as { csrfToken: string }
  const token = await fetch(`${base}/auth/tokens`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) })
  return ((await token.json()) as { token: string }).token
}

export async function benchmarkIncidentImport(backend: Backend, serverUrl: string, log: (line: string) => void): Promise<IncidentImportResult> {
  const database = await createBenchDatabase(backend, serverUrl)
  try {
    const setup = await database.open()
    try {
      await ensurePostgis(setup.knex)
      await migrateToLatest(setup.knex)
      await usersRepository(setup.knex).create({ username: USER.username, role: 'editor', password_hash: await hashPassword(USER.password) })
    } finally {
      await setup.close()
    }
    const megabytes = [...csvChunks(INCIDENT_IMPORT_ROWS)].reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0) / 2 ** 20
    const server = startServer({ ...database.env, SEED: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' }, await freePort())
    let result: Omit<IncidentImportResult, 'floor'>
    try {
      await waitForHealthy(server, 300_000)
      const base = `http://127.0.0.1:${server.port}`
      const headers = { authorization: `Bearer ${await apiToken(base)}` }
      const pid = server.child.pid!
      const rssBeforeMb = rssMb(pid)
      const sampler = sampleRss(pid)
      const run = async (label: string) => {
        log(`  ${label}: ${INCIDENT_IMPORT_ROWS.toLocaleString('en')} ACLED rows (${megabytes.toFixed(1)} MiB), streamed`)
        const posted = await postCsv(`${base}/incidents/imports?dataset=acled&file_name=bench.csv`, headers)
        if (posted.status !== 201) log(`    status ${posted.status}: ${posted.body.slice(0, 500)}`)
        return { status: posted.status, seconds: posted.seconds, rowsPerSecond: INCIDENT_IMPORT_ROWS / posted.seconds }
      }
      const first = await run('import')
      const again = await run('the same file again (unchanged)')
      result = { backend, rows: INCIDENT_IMPORT_ROWS, megabytes, import: first, reimport: again, rssBeforeMb, peakRssMb: sampler.stop(), highWaterRssMb: peakRssMb(pid) }
    } finally {
      await server.stop()
    }
    log('  floor: the same rows by plain multi-row INSERTs')
    const db = await database.open()
    try {
      await db.knex(TABLES.incidents).delete()
      const started = performance.now()
      await db.knex.transaction(async (trx) => {
        let batch: object[] = []
        const flush = async () => {
          if (batch.length > 0) await trx(TABLES.incidents).insert(batch)
          batch = []
        }
        for (const event of syntheticEvents(INCIDENT_IMPORT_ROWS)) {
          batch.push({
            dataset: 'acled', event_id: event.id, slug: `acled-${event.id.toLowerCase()}`, geom: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [event.longitude, event.latitude]),
            location_precision: ['exact', 'approximate', 'region'][event.geoPrecision - 1], location_precision_code: event.geoPrecision, occurred_on: event.day, occurred_until: event.day,
            date_precision: 'day', date_precision_code: 1, event_type: event.eventType, actor1: 'Synthetic actor A', actor2: 'Synthetic actor B', country: 'Syria', admin1: 'Idlib', place: 'Somewhere',
            fatalities_best: event.fatalities, source_name: 'Synthetic source', source_scale: 'National', notes: event.notes, source_updated_at: new Date(1_700_000_000_000).toISOString(),
          })
          if (batch.length === 1000) await flush()
        }
        await flush()
      })
      const seconds = (performance.now() - started) / 1000
      return { ...result, floor: { seconds, rowsPerSecond: INCIDENT_IMPORT_ROWS / seconds } }
    } finally {
      await db.close()
    }
  } finally {
    await database.drop()
  }
}

export function formatIncidentImport(result: IncidentImportResult): string {
  const line = (label: string, run: { status: number; seconds: number; rowsPerSecond: number }) =>
    `  ${label.padEnd(26)} status ${run.status}, ${run.seconds.toFixed(1)} s, ${run.rowsPerSecond.toFixed(0)} rows/s (${((100 * run.rowsPerSecond) / result.floor.rowsPerSecond).toFixed(0)}% of the floor)`
  return [
    `Incident import on ${result.backend}: ${result.rows.toLocaleString('en')} synthetic ACLED rows (${result.megabytes.toFixed(1)} MiB) streamed to POST /incidents/imports`,
    line('import (all added)', result.import),
    line('again (all unchanged)', result.reimport),
    `  floor (multi-row INSERTs)  ${result.floor.seconds.toFixed(1)} s, ${result.floor.rowsPerSecond.toFixed(0)} rows/s`,
    `  server RSS ${result.rssBeforeMb.toFixed(0)} MiB before, at most ${result.peakRssMb.toFixed(0)} MiB during (high-water mark ${result.highWaterRssMb.toFixed(0)} MiB)`,
  ].join('\n')
}
