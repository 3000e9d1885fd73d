import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/storage/database/database.ts'
import { BACKUP_TABLES, BackupError, NOT_BACKED_UP, exportDataset, importDataset, type BackupDocument } from '../../server/storage/database/backup.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestApp, useTestDatabase } from '../helpers/use-test-app.ts'
import { dataDigest } from '../helpers/table-digest.ts'
import { insertIncidents } from '../helpers/incidents.ts'

/**
 * Backups (server/storage/database/backup.ts): export and import round-trip the whole dataset exactly, in
 * one transaction, refusing what does not fit. The tests run in order: the first fills `restored`.
 */
const source = useTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } })
/** Receives the full backup in the first test, then serves as a database that holds data. */
const restored = useTestDatabase('migrated')
/** Stays empty: every import into it is refused. */
const empty = useTestDatabase('migrated')

/** Coordinates that GeoJSON text with 15 decimals would round: 0.1 + 0.2, and 1.2 plus its last bit. */
const EXACT = [0.1 + 0.2, 1.2000000000000002]
const exactZone = {
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[0, 1], [0.5, 1], [0.5, 1.5], [EXACT[0], EXACT[1]], [0, 1.5], [0, 1]]] },
  properties: { name: 'Backup exactness', kind: 'ceasefire-zone', effective_date: '2026-01-02', reason: 'to be backed up', source_url: 'https://example.org/backup' },
}

/** The digests of the backed-up tables (geometry compared bit for bit, as hex EWKB). */
async function backedUp(db: Database, tables: readonly string[] = BACKUP_TABLES): Promise<Record<string, string>> {
  const digests = await dataDigest(db.knex)
  return Object.fromEntries(tables.map((table) => [table, digests[table]!]))
}

const withoutDate = (document: BackupDocument) => ({ ...document, exported_at: undefined })

beforeAll(async () => {
  // Give every table rows: an account with a token, writes with their history, sources and audit rows.
  await createAccount(source.app, 'keeper', 'admin')
  const session = await signIn(source.app, 'keeper')
  const bearer = await apiToken(source.app, session)
  const created = await source.app.inject({ method: 'POST', url: '/zones', headers: bearer, payload: exactZone })
  expect(created.statusCode, created.body).toBe(201)
  const status = await source.app.inject({ method: 'POST', url: '/zones/backup-exactness/status', headers: { ...bearer, 'if-match': String(created.headers.etag) }, payload: { status: 'active', effective_date: '2026-01-05', reason: 'in force', source_title: 'A report' } })
  expect(status.statusCode, status.body).toBe(200)
  const party = await source.app.inject({ method: 'POST', url: '/parties', headers: session.headers, payload: { slug: 'backup-party', name: 'Backup party', type: 'state', note: "quotes ' \" and ünïcödé" } })
  expect(party.statusCode, party.body).toBe(201)
  await source.db.knex('webhooks').insert({ url: 'https://example.org/hook', secret: 'whsec_c2VjcmV0IG9mIGEgYmFja2VkLXVwIGhvb2s=', created_by: 'keeper' })
  // An import with its incident, placed approximately so that its footprint (a generated column) is a circle.
  const [incidentImport] = await source.db.knex('incident_imports')
    .insert({ dataset: 'acled', file_name: 'backup-fixture.csv', first_day: '2026-01-03', last_day: '2026-01-03', rows: 1, added: 1, imported_by: 'keeper' })
    .returning('id')
  const [incident] = await insertIncidents(source.db.knex, [{ event_id: 'BACKUP1', geometry: { type: 'Point', coordinates: EXACT }, occurred_on: '2026-01-03', location_precision: 'approximate' }])
  await source.db.knex('incidents').where({ id: incident }).update({ import_id: incidentImport.id })
})

describe(`backups on ${backend}`, () => {
  it('round-trip the whole dataset, accounts and audit log exactly', async () => {
    const document = await exportDataset(source.db.knex, { users: true, audit: true })
    expect(Object.keys(document.tables)).toEqual(BACKUP_TABLES)
    for (const table of BACKUP_TABLES) expect(document.tables[table]!.length, table).toBeGreaterThan(0)

    const { counts } = await importDataset(restored.db.knex, JSON.parse(JSON.stringify(document)))
    expect(counts['zones']).toBe(document.tables['zones']!.length)
    expect(await backedUp(restored.db)).toEqual(await backedUp(source.db))
    expect(withoutDate(await exportDataset(restored.db.knex, { users: true, audit: true }))).toEqual(withoutDate(document))
  })

  it('keep geometry bit for bit, where GeoJSON with 15 decimals would round it', async () => {
    const { rows } = await source.db.knex.raw(`select ST_AsGeoJSON(geom, 15) as text from zones where slug = 'backup-exactness'`)
    const rounded = JSON.parse(rows[0].text).coordinates[0].flat()
    expect(rounded).not.toEqual(expect.arrayContaining(EXACT))

    const compare = `select encode(ST_AsEWKB(geom), 'hex') as ewkb, ST_SRID(geom) as srid from zones where slug = 'backup-exactness'`
    const [before, after] = [(await source.db.knex.raw(compare)).rows[0], (await restored.db.knex.raw(compare)).rows[0]]
    expect(after).toEqual(before)
    expect(after.srid).toBe(4326)
    const stored = (await restored.db.knex.raw(`select ST_AsGeoJSON(geom, 17) as text from zones where slug = 'backup-exactness'`)).rows[0].text
    expect(JSON.parse(stored).coordinates[0].flat()).toEqual(expect.arrayContaining(EXACT))
  })

  it("keep an incident's point and footprint bit for bit, with its import", async () => {
    const compare = `select encode(ST_AsEWKB(i.geom), 'hex') as geom, encode(ST_AsEWKB(i.footprint), 'hex') as footprint, ST_AsGeoJSON(i.geom, 17) as point,
        GeometryType(i.footprint) as footprint_type, ii.file_name from incidents i join incident_imports ii on ii.id = i.import_id where i.slug = 'acled-backup1'`
    const [before, after] = [(await source.db.knex.raw(compare)).rows[0], (await restored.db.knex.raw(compare)).rows[0]]
    expect(after).toEqual(before)
    expect(JSON.parse(after.point).coordinates).toEqual(EXACT)
    expect(after).toMatchObject({ footprint_type: 'POLYGON', file_name: 'backup-fixture.csv' })
  })

  it('continue the id sequences after the imported ids', async () => {
    for (const table of ['zones', 'parties', 'sources', 'status_changes', 'users', 'api_tokens', 'audit_log']) {
      const { rows } = await restored.db.knex.raw(`select nextval(pg_get_serial_sequence(?, 'id'))::int as next, (select max(id) from ??)::int as max`, [table, table])
      expect(rows[0].next, table).toBe(rows[0].max + 1)
    }
  })

  it('refuse a database that holds data, and replace it only when asked', async () => {
    const document = await exportDataset(source.db.knex)
    await restored.db.knex('zones').where({ slug: 'backup-exactness' }).update({ name: 'Changed since the backup' })
    const before = await backedUp(restored.db)
    await expect(importDataset(restored.db.knex, document)).rejects.toThrow(/The database is not empty \(parties, sources, .*zones.*pass --replace/)
    expect(await backedUp(restored.db)).toEqual(before)

    await importDataset(restored.db.knex, document, { replace: true })
    expect(await backedUp(restored.db, Object.keys(document.tables))).toEqual(await backedUp(source.db, Object.keys(document.tables)))
    // Accounts are not in this backup, so they stay; the old audit log went with the data it described.
    expect(await restored.db.knex('users').pluck('username')).toEqual(['keeper'])
    expect((await restored.db.knex('audit_log').count('* as count'))[0]).toEqual({ count: 0 })
  })

  it('refuse documents that are not backups, saying where, and change nothing', async () => {
    const document = await exportDataset(source.db.knex)
    const nothing = await backedUp(empty.db)
    const refusals: Array<[unknown, RegExp]> = [
      ['not a backup', /not a JSON object/],
      [{ ...document, format: 'something-else' }, /format is not "truce-atlas-backup"/],
      [{ ...document, version: 2 }, /version is 2; this version of Truce Atlas reads version 1/],
      [{ ...document, tables: { ...document.tables, zones: undefined } }, /tables\.zones is missing/],
      [{ ...document, tables: { ...document.tables, secrets: [] } }, /tables\.secrets is not a table of a backup/],
      [{ ...document, tables: { ...document.tables, users: [] } }, /one of users and api_tokens without the other/],
      [{ ...document, tables: { ...document.tables, parties: [{ ...document.tables['parties']![0], extra: 1 }] } }, /tables\.parties\[0\] has unknown columns extra/],
      [{ ...document, tables: { ...document.tables, zones: [{ id: 1 }] } }, /tables\.zones\[0\] lacks columns slug, name/],
      [{ ...document, schema: '001_create_parties' }, /backup is of schema 001_create_parties, but this database is at/],
    ]
    for (const [bad, message] of refusals) {
      const error = await importDataset(empty.db.knex, bad).then(() => null, (caught: unknown) => caught)
      expect(error, String(message)).toBeInstanceOf(BackupError)
      expect((error as Error).message).toMatch(message)
    }
    expect(await backedUp(empty.db)).toEqual(nothing)
  })

  it('import all or nothing: a bad last row leaves the database as it was', async () => {
    const document = await exportDataset(source.db.knex)
    const changes = document.tables['status_change_sources']!
    changes.push({ ...changes[0]!, status_change_id: 999_999 })
    const nothing = await backedUp(empty.db)
    await expect(importDataset(empty.db.knex, document)).rejects.toThrow()
    expect(await backedUp(empty.db)).toEqual(nothing)
    expect((await empty.db.knex('zones').count('* as count'))[0]).toEqual({ count: 0 })
  })

  it('refuse an audit log whose accounts this database does not have', async () => {
    const document = await exportDataset(source.db.knex, { audit: true })
    await expect(importDataset(empty.db.knex, document)).rejects.toThrow(/audit log names 1 accounts this database does not have: make the backup with --users/)
    expect((await empty.db.knex('zones').count('* as count'))[0]).toEqual({ count: 0 })
  })

  it('cover every table: each is backed up, or left out on purpose', async () => {
    const { rows } = await source.db.knex.raw(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`)
    const unknown = (rows as Array<{ table_name: string }>).map((row) => row.table_name).filter((table) => !BACKUP_TABLES.includes(table) && !NOT_BACKED_UP.includes(table))
    expect(unknown, 'tables a backup would miss: add them to server/storage/database/backup.ts').toEqual([])
  })
})
