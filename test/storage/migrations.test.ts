import { describe, expect, it } from 'vitest'
import { migrateToLatest, rollbackAll } from '../../server/storage/database/migrate.ts'
import type { Database } from '../../server/storage/database/database.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

const APP_TABLES = [
  'agreement_parties', 'agreement_sources', 'agreement_zones', 'agreements', 'api_tokens', 'audit_log', 'change_events', 'data_version', 'incident_imports', 'incidents',
  'parties', 'sessions', 'siege_assessments', 'sources', 'status_change_sources', 'status_changes', 'users', 'webhook_deliveries', 'webhooks',
  'zone_boundaries', 'zone_boundary_outlines', 'zone_boundary_sources', 'zone_feature_properties', 'zone_feature_properties_as_of', 'zone_features_pending', 'zone_parties', 'zone_sources', 'zones',
]

async function publicTables(db: Database): Promise<string[]> {
  const { rows } = await db.knex.raw(
    `select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'knex_%' and table_name <> 'spatial_ref_sys'
      order by table_name`,
  )
  return rows.map((row: { table_name: string }) => row.table_name)
}

describe(`migrations on ${backend}`, () => {
  const testDb = useTestDatabase('blank')

  it('go up, down and up again, each down removing exactly what its up made', async () => {
    expect(await publicTables(testDb.db)).toEqual([])
    const up = await migrateToLatest(testDb.db.knex)
    expect(up.length).toBeGreaterThanOrEqual(8)
    expect(await publicTables(testDb.db)).toEqual(APP_TABLES)

    const down = await rollbackAll(testDb.db.knex)
    expect(down).toEqual([...up].reverse())
    expect(await publicTables(testDb.db)).toEqual([])

    expect(await migrateToLatest(testDb.db.knex)).toEqual(up)
    expect(await publicTables(testDb.db)).toEqual(APP_TABLES)
    expect(await migrateToLatest(testDb.db.knex)).toEqual([])
  })

  it('index zone geometries with GiST', async () => {
    const { rows } = await testDb.db.knex.raw(`select indexdef from pg_indexes where tablename = 'zones' and indexname = 'zones_geom_gist'`)
    expect(rows[0].indexdef).toMatch(/USING gist \(geom\)/)
  })

  it('derive the area in the database, so it cannot be written', async () => {
    await testDb.db.knex('zones').insert({ slug: 'box', name: 'Box', kind: 'buffer-zone', status: 'proposed', status_since: '2020-01-01',
      geom: testDb.db.knex.raw(`ST_GeomFromText('POLYGON((36 33,36.1 33,36.1 33.1,36 33.1,36 33))', 4326)`) })
    const row = await testDb.db.knex('zones').where({ slug: 'box' }).first('area_km2')
    expect(row.area_km2).toBeGreaterThan(100)
    expect(row.area_km2).toBeLessThan(105)
    await expect(testDb.db.knex('zones').where({ slug: 'box' }).update({ area_km2: 1 })).rejects.toThrow(/area_km2/)
  })

  it('refuse statuses, kinds and invalid geometry the domain refuses', async () => {
    const zone = { slug: 'bad', name: 'Bad', kind: 'buffer-zone', status: 'proposed', status_since: '2020-01-01' }
    await expect(testDb.db.knex('zones').insert({ ...zone, status: 'bogus' })).rejects.toThrow(/zones_status_check/)
    await expect(testDb.db.knex('zones').insert({ ...zone, kind: 'bogus' })).rejects.toThrow(/zones_kind_check/)
    await expect(
      testDb.db.knex('zones').insert({ ...zone, geom: testDb.db.knex.raw(`ST_GeomFromText('POLYGON((0 0,1 1,1 0,0 1,0 0))', 4326)`) }),
    ).rejects.toThrow(/zones_geom_valid_check/)
  })
})
