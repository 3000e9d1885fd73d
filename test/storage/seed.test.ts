import { describe, expect, it } from 'vitest'
import { runSeeds } from '../../seeds/index.ts'
import { readDataset } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'
import { GOLDEN_STATUS_CHANGES, GOLDEN_STATUS_ON } from '../helpers/golden-facts.ts'

const dataset = readDataset(DATASET_DIR)

describe(`the Syria seed on ${backend}`, () => {
  const testDb = useTestDatabase('seeded')

  const counts = async () => {
    const [row] = (
      await testDb.db.knex.raw(`select (select count(*) from zones)::int zones, (select count(*) from parties)::int parties,
        (select count(*) from sources)::int sources, (select count(*) from status_changes)::int changes,
        (select count(*) from zone_parties)::int zone_parties, (select count(*) from agreements)::int agreements,
        (select count(*) from agreement_parties)::int agreement_parties, (select count(*) from zone_boundaries)::int boundaries,
        (select count(*) from siege_assessments)::int siege_assessments, (select count(*) from status_changes where agreement_id is not null)::int changes_citing_agreements,
        (select count(*) from incidents)::int incidents`)
    ).rows
    return row
  }

  it('loads every item of the dataset files', async () => {
    expect(await counts()).toEqual({
      zones: dataset.zones.length,
      parties: dataset.parties.length,
      sources: dataset.sources.length,
      changes: dataset.zones.reduce((sum, zone) => sum + zone.history.length, 0),
      zone_parties: dataset.zones.reduce((sum, zone) => sum + zone.parties.length, 0),
      agreements: dataset.agreements.length,
      agreement_parties: dataset.agreements.reduce((sum, agreement) => sum + agreement.parties.length, 0),
      boundaries: dataset.zones.reduce((sum, zone) => sum + zone.boundaries.length, 0),
      siege_assessments: dataset.zones.reduce((sum, zone) => sum + zone.siege_assessments.length, 0),
      changes_citing_agreements: dataset.zones.reduce((sum, zone) => sum + zone.history.filter((change) => change.agreement).length, 0),
      incidents: dataset.incidents.length,
    })
    expect(dataset.agreements.length).toBeGreaterThanOrEqual(5)
    expect(dataset.zones.length).toBeGreaterThanOrEqual(20)
  })

  it('is idempotent', async () => {
    const before = await counts()
    await runSeeds(testDb.db.knex)
    expect(await counts()).toEqual(before)
  })

  it('gives every zone a source and a history whose last status is its status', async () => {
    const { rows } = await testDb.db.knex.raw(`
      select z.slug, z.status, z.status_since,
             (select count(*) from zone_sources zs where zs.zone_id = z.id)::int as sources,
             (select sc.to_status from status_changes sc where sc.zone_id = z.id order by sc.effective_on desc, sc.id desc limit 1) as last_status,
             (select sc.effective_on from status_changes sc where sc.zone_id = z.id order by sc.effective_on desc, sc.id desc limit 1) as last_date,
             (select count(*) from status_changes sc where sc.zone_id = z.id
                and not exists (select 1 from status_change_sources scs where scs.status_change_id = sc.id))::int as unsourced_changes
        from zones z order by z.slug`)
    for (const zone of rows) {
      expect(zone.sources, zone.slug).toBeGreaterThan(0)
      expect(zone.last_status, zone.slug).toBe(zone.status)
      expect(zone.last_date, zone.slug).toBe(zone.status_since)
      expect(zone.unsourced_changes, zone.slug).toBe(0)
    }
  })

  it('stores only valid geometries with RFC 7946 winding, graded approximate or region', async () => {
    const { rows } = await testDb.db.knex.raw(`
      select slug, ST_IsValid(geom) as valid, location_precision,
             ST_IsPolygonCCW(geom) as ccw, ST_GeometryType(geom) as type
        from zones where geom is not null`)
    expect(rows.length).toBeGreaterThanOrEqual(18)
    for (const zone of rows) {
      expect(zone.valid, zone.slug).toBe(true)
      expect(['approximate', 'region'], zone.slug).toContain(zone.location_precision)
      // ST_IsPolygonCCW: exterior rings counter-clockwise and interior rings clockwise (true for non-polygons too).
      expect(zone.ccw, zone.slug).toBe(true)
    }
  })

  it('grades a zone drawn only as a bounding box, or without an outline, as region', async () => {
    const { rows } = await testDb.db.knex.raw(`select slug, location_precision from zones where slug in ('kobani-dmz-proposal', 'bravo-line-observation-posts', 'idlib-de-escalation-zone') order by slug`)
    expect(rows).toEqual([
      { slug: 'bravo-line-observation-posts', location_precision: 'region' },
      { slug: 'idlib-de-escalation-zone', location_precision: 'approximate' },
      { slug: 'kobani-dmz-proposal', location_precision: 'region' },
    ])
  })

  it('keeps the key facts in the stored histories, and the status in force on their days', async () => {
    const { rows } = await testDb.db.knex.raw(`select z.slug, sc.effective_on, sc.to_status from status_changes sc join zones z on z.id = sc.zone_id`)
    const stored = new Set(rows.map((row: { slug: string; effective_on: string; to_status: string }) => `${row.slug} ${row.effective_on} ${row.to_status}`))
    for (const [slug, on, status] of GOLDEN_STATUS_CHANGES) expect(stored.has(`${slug} ${on} ${status}`), `${slug} ${status} on ${on}`).toBe(true)
    for (const [slug, on, status] of GOLDEN_STATUS_ON) {
      const { rows: inForce } = await testDb.db.knex.raw(`select sc.to_status from status_changes sc join zones z on z.id = sc.zone_id
        where z.slug = ? and sc.effective_on <= ?::date order by sc.effective_on desc, sc.id desc limit 1`, [slug, on])
      expect(inForce[0]?.to_status, `${slug} on ${on}`).toBe(status)
    }
  })

  it('records the south-west zone as the facts give it', async () => {
    const zone = await testDb.db.knex('zones').where({ slug: 'south-west-de-escalation-zone' }).first()
    expect(zone).toMatchObject({ proposed_on: '2017-05-04', in_force_from: '2017-07-09' })
    const sponsors = await testDb.db.knex('zone_parties as zp').join('parties as p', 'p.id', 'zp.party_id')
      .where({ 'zp.zone_id': zone.id }).whereIn('zp.role', ['sponsor', 'guarantor']).orderBy('p.slug').pluck('p.slug')
    expect(sponsors).toEqual(['jordan', 'russia', 'united-states'])
  })
})
