import { describe, expect, it } from 'vitest'
import type { Knex } from 'knex'
import { migrationSource } from '../../migrations/index.ts'
import { readFileSync } from 'node:fs'
import { migrateToLatest } from '../../server/storage/database/migrate.ts'
import { exportDataset, importDataset, type BackupDocument, type Row } from '../../server/storage/database/backup.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

/**
 * Migrations 012-015 move the zones into the model of boundary versions and graded precision. This
 * builds a database as it stood before them (migrated up to 011, filled with rows of that schema:
 * geometry_precision, the outline on the zone), migrates it to the latest, and checks that nothing
 * was lost: each outline is its zone's first version, dated by its history, and the rest untouched.
 */
const LAST_BEFORE = '011_create_sessions'
const config = { migrationSource, tableName: 'knex_migrations' }

async function migrateUpTo(knex: Knex, name: string): Promise<void> {
  for (;;) {
    const [, ran] = (await knex.migrate.up(config)) as [number, string[]]
    if (ran.length === 0) throw new Error(`never reached ${name}`)
    if (ran.includes(name)) return
  }
}

const polygon = (lon: number, lat: number, size: number) => `POLYGON((${lon} ${lat},${lon + size} ${lat},${lon + size} ${lat + size},${lon} ${lat + size},${lon} ${lat}))`

/** Zones as the schema of 011 held them, each with what the migration should make of it. */
const ZONES = [
  { slug: 'surveyed-with-history', kind: 'de-escalation-zone', wkt: polygon(36, 35, 0.5), geometry_precision: 'surveyed', geometry_note: 'Line of the <b>map</b> [S1]', proposed_on: '2017-05-04', archived: false },
  { slug: 'approximate-multipolygon', kind: 'ceasefire-zone', wkt: `MULTIPOLYGON(((37 34,37.2 34,37.2 34.2,37 34)),((37.5 34,37.7 34,37.7 34.2,37.5 34)))`, geometry_precision: 'approximate', geometry_note: null, proposed_on: null, archived: false },
  { slug: 'no-outline', kind: 'ceasefire-zone', wkt: null, geometry_precision: 'approximate', geometry_note: 'Not located', proposed_on: '2018-01-01', archived: false },
  { slug: 'post-without-history', kind: 'observation-post', wkt: 'POINT(36.5 35.5)', geometry_precision: 'surveyed', geometry_note: null, proposed_on: '2018-03-03', archived: false },
  { slug: 'corridor-undated', kind: 'humanitarian-corridor', wkt: 'LINESTRING(36 33,36.5 33.5,37 33.4)', geometry_precision: 'approximate', geometry_note: null, proposed_on: null, archived: false },
  { slug: 'archived-zone', kind: 'siege', wkt: polygon(38, 35, 0.1), geometry_precision: 'approximate', geometry_note: null, proposed_on: null, archived: true },
] as const

async function fillAsBefore(knex: Knex): Promise<void> {
  await knex('parties').insert([{ slug: 'russia', name: 'Russia', type: 'state' }, { slug: 'turkey', name: 'Turkey', type: 'state' }])
  await knex('sources').insert([{ citation_key: 'S1', title: 'Memorandum', url: 'https://example.org/memo' }, { citation_key: 'S2', title: 'Report', url: null }])
  for (const zone of ZONES) {
    await knex('zones').insert({
      slug: zone.slug, name: zone.slug, kind: zone.kind, status: 'active', status_since: '2017-10-12', description: `About ${zone.slug} [S1]`,
      geom: zone.wkt ? knex.raw('ST_GeomFromText(?, 4326)', [zone.wkt]) : null,
      geometry_precision: zone.geometry_precision, geometry_note: zone.geometry_note, proposed_on: zone.proposed_on, archived: zone.archived,
      curation_note: 'from the working file',
    })
  }
  const id = async (slug: string) => (await knex('zones').where({ slug }).first('id')).id as number
  const first = await id('surveyed-with-history')
  const second = await id('approximate-multipolygon')
  await knex('zone_parties').insert([{ zone_id: first, party_id: 1, role: 'guarantor', note: 'a guarantor [S1]' }, { zone_id: first, party_id: 2, role: 'guarantor' }, { zone_id: second, party_id: 2, role: 'monitor' }])
  await knex('zone_sources').insert([{ zone_id: first, source_id: 1 }, { zone_id: second, source_id: 2 }])
  const change = (zoneId: number, from: string | null, to: string, on: string, precision = 'day', extra: object = {}) => ({
    zone_id: zoneId, from_status: from, to_status: to, effective_on: on, effective_precision: precision, reason: `${to} on ${on}`, recorded_by: 'seed', basis: 'stated', ...extra,
  })
  const [proposal] = await knex('status_changes').insert(change(first, null, 'proposed', '2017-05-04', 'month')).returning('id')
  await knex('status_change_sources').insert({ status_change_id: proposal.id, source_id: 1 })
  await knex('status_changes').insert(change(first, 'proposed', 'agreed', '2017-09-15'))
  const [active] = await knex('status_changes').insert(change(first, 'agreed', 'active', '2017-10-12')).returning('id')
  await knex('status_changes').insert(change(first, 'active', 'agreed', '2017-10-12', 'day', { reverses_change_id: active.id, note: 'undone' }))
  // Recorded out of order: the later-dated entry has the smaller id; the first day is the earlier date.
  await knex('status_changes').insert(change(second, 'agreed', 'active', '2019-02-01'))
  await knex('status_changes').insert(change(second, null, 'agreed', '2019-01-15', 'year'))
  await knex('status_changes').insert(change(await id('no-outline'), null, 'proposed', '2018-01-01'))
  await knex('status_changes').insert(change(await id('archived-zone'), null, 'active', '2016-02-02'))
}

/** What must come through the migration unchanged, column by column as the old schema had them. */
async function untouched(knex: Knex) {
  const rows = async (sql: string) => (await knex.raw(sql)).rows
  return {
    zones: await rows(`select id, slug, name, kind, status, status_since::text, description, encode(ST_AsEWKB(geom), 'hex') as geom, proposed_on::text,
                              in_force_from::text, ended_on::text, geometry_note, curation_note, version, archived, created_at, updated_at, area_km2,
                              encode(ST_AsEWKB(geom_z8), 'hex') as geom_z8
                         from zones order by id`),
    status_changes: await rows(`select id, zone_id, from_status, to_status, effective_on::text, effective_precision, recorded_at, recorded_by, reason, basis, note,
                                       reverses_change_id, curation_note from status_changes order by id`),
    status_change_sources: await rows('select * from status_change_sources order by status_change_id, source_id'),
    zone_parties: await rows('select zone_id, party_id, role, note, curation_note from zone_parties order by zone_id, party_id, role'),
    zone_sources: await rows('select * from zone_sources order by zone_id, source_id'),
    parties: await rows('select id, slug, name, type from parties order by id'),
    sources: await rows('select id, citation_key, title, url from sources order by id'),
  }
}

describe(`the move to boundary versions (migrations 012-015), on ${backend}`, () => {
  const testDb = useTestDatabase('blank')

  it('the migration moves today\'s data into the new model with nothing lost', async () => {
    const { knex } = testDb.db
    await migrateUpTo(knex, LAST_BEFORE)
    await fillAsBefore(knex)
    const before = await untouched(knex)
    const precisionBefore = await knex('zones').orderBy('id').select('id', 'geometry_precision')

    const ran = await migrateToLatest(knex)
    expect(ran).toContain('014_create_zone_boundaries')
    expect(await untouched(knex)).toEqual(before)

    // location_precision follows geometry_precision: surveyed is exact, approximate stays approximate.
    const precisionAfter = await knex('zones').orderBy('id').select('id', 'location_precision')
    expect(precisionAfter).toEqual(precisionBefore.map((row: { id: number; geometry_precision: string }) => ({ id: row.id, location_precision: row.geometry_precision === 'surveyed' ? 'exact' : 'approximate' })))

    // Every outline is its zone's one version, the same geometry bit for bit, dated by the first day of its history.
    const { rows: versions } = await knex.raw(
      `select z.slug, b.effective_on::text, b.effective_precision, b.basis, b.location_precision, b.geometry_note, b.recorded_by, b.recorded_at = z.created_at as recorded_with_zone,
              b.superseded_at, b.superseded_by, encode(ST_AsEWKB(b.geom), 'hex') = encode(ST_AsEWKB(z.geom), 'hex') as same_geometry, b.area_km2 = z.area_km2 as same_area
         from zone_boundaries b join zones z on z.id = b.zone_id order by b.zone_id, b.id`,
    )
    const today = (await knex.raw('select current_date::text as today')).rows[0].today as string
    const common = { basis: 'inferred', recorded_by: 'migration', recorded_with_zone: true, superseded_at: null, superseded_by: null, same_geometry: true, same_area: true }
    expect(versions).toEqual([
      { slug: 'surveyed-with-history', effective_on: '2017-05-04', effective_precision: 'month', location_precision: 'exact', geometry_note: 'Line of the <b>map</b> [S1]', ...common },
      { slug: 'approximate-multipolygon', effective_on: '2019-01-15', effective_precision: 'year', location_precision: 'approximate', geometry_note: null, ...common },
      { slug: 'post-without-history', effective_on: '2018-03-03', effective_precision: 'day', location_precision: 'exact', geometry_note: null, ...common },
      { slug: 'corridor-undated', effective_on: today, effective_precision: 'day', location_precision: 'approximate', geometry_note: null, ...common },
      { slug: 'archived-zone', effective_on: '2016-02-02', effective_precision: 'day', location_precision: 'approximate', geometry_note: null, ...common },
    ])
    expect(Number((await knex('zone_boundary_sources').count({ n: '*' }))[0]!.n)).toBe(0)

    // The zone without an outline keeps its note and has no version.
    expect(await knex('zones').where({ slug: 'no-outline' }).first('geometry_note', 'location_precision')).toEqual({ geometry_note: 'Not located', location_precision: 'approximate' })
  })

  const backupTest = useTestDatabase('blank')

  it('a backup of the Syria dataset made before the migration loads, migrates, and keeps every row', async () => {
    // Made by the export of the version before these migrations (at 011) from its seeded database.
    const before = JSON.parse(readFileSync(new URL('../fixtures/backups/syria-at-011.json', import.meta.url), 'utf8')) as BackupDocument
    expect(before.schema).toBe(LAST_BEFORE)
    const { knex } = backupTest.db
    await migrateUpTo(knex, LAST_BEFORE)
    await importDataset(knex, before)
    await migrateToLatest(knex)

    const after = await exportDataset(knex)
    for (const [table, rows] of Object.entries(before.tables)) {
      const upgraded = rows.map((row) => upgradedRow(table, row))
      expect(after.tables[table], table).toEqual(upgraded)
    }
    // Each zone's outline is now its first version: the same geometry, bit for bit.
    const outlines = before.tables['zones']!.filter((zone) => zone['geom'] !== null)
    const versions = after.tables['zone_boundaries']!
    expect(versions).toHaveLength(outlines.length)
    for (const zone of outlines) {
      expect(versions.filter((version) => version['zone_id'] === zone['id']).map((version) => version['geom']), String(zone['slug'])).toEqual([zone['geom']])
    }
  })
})

/**
 * A row of the old schema as the new one holds it: the zones' precision changed, status changes
 * gained an agreement, zones and parties gained Arabic names (none) and zones other spellings, and
 * sources a reliability grade (none until graded).
 */
function upgradedRow(table: string, row: Row): Row {
  if (table === 'zones') {
    const { geometry_precision: precision, ...rest } = row
    return { ...rest, location_precision: precision === 'surveyed' ? 'exact' : 'approximate', name_ar: null, search_names: [] }
  }
  if (table === 'parties') return { ...row, name_ar: null, search_names: [] }
  if (table === 'status_changes') return { ...row, agreement_id: null }
  if (table === 'sources') return { ...row, reliability: null }
  return row
}
