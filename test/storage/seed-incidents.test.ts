import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readDataset } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'
import { REPORTED_VIOLATIONS } from '../../server/domain/incidents.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

const dataset = readDataset(DATASET_DIR)
const AREAS = readFileSync(path.join(DATASET_DIR, 'incident-areas.geojson'), 'utf8')

/** The only points the reference notes give a source for among the located incidents: town coordinates. */
const SOURCED_POINTS = [
  { place: 'Tabqa (al-Thawrah)', source: 'T138', coordinates: [38.54806, 35.83667] },
  { place: 'Khasham', source: 'T148', coordinates: [40.29333, 35.29861] },
]

describe(`the seed's incidents on ${backend}`, () => {
  const testDb = useTestDatabase('seeded')
  const rows = async (sql: string, bindings: unknown[] = []) => (await testDb.db.knex.raw(sql, bindings as never)).rows

  it('loads every incident of the file as an Atlas record with its source, and nothing else', async () => {
    const [counts] = await rows(`select count(*)::int as all, count(*) filter (where dataset = 'atlas')::int as atlas,
        count(*) filter (where event_type = ?)::int as violations, count(*) filter (where source_id is null)::int as unsourced,
        count(*) filter (where slug <> 'atlas-' || event_id)::int as odd_slugs from incidents`, [REPORTED_VIOLATIONS])
    expect(counts).toEqual({ all: dataset.incidents.length, atlas: dataset.incidents.length, violations: 102, unsourced: 0, odd_slugs: 0 })
    expect(dataset.incidents.length).toBe(106)
    const sourced = await rows(`select i.event_id, s.citation_key from incidents i join sources s on s.id = i.source_id`)
    expect(new Map(sourced.map((row: { event_id: string; citation_key: string }) => [row.event_id, row.citation_key]))).toEqual(new Map(dataset.incidents.map((incident) => [incident.event_id, incident.source])))
  })

  it('records the commission counts of 25 March 2017 by side and province as the bulletin gives them', async () => {
    const counts = await rows(`select i.event_id, i.admin1, i.event_count, i.reported_by, i.occurred_on, i.occurred_until, i.date_precision, i.location_precision, s.citation_key
      from incidents i join sources s on s.id = i.source_id where i.occurred_on = '2017-03-25' order by i.event_id`)
    expect(counts).toHaveLength(9)
    expect(counts.reduce((sum: number, row: { reported_by: string; event_count: number }) => sum + (row.reported_by.startsWith('Russian') ? row.event_count : 0), 0)).toBe(13)
    expect(counts.reduce((sum: number, row: { reported_by: string; event_count: number }) => sum + (row.reported_by.startsWith('Turkish') ? row.event_count : 0), 0)).toBe(19)
    const day = { occurred_on: '2017-03-25', occurred_until: '2017-03-25', date_precision: 'day', location_precision: 'region', citation_key: 'T248', admin1: 'Hama' }
    expect(counts).toContainEqual({ ...day, event_id: 'ru-tr-2017-03-25-ru-hama', event_count: 4, reported_by: 'Russian side of the Russia-Turkey commission' })
    expect(counts).toContainEqual({ ...day, event_id: 'ru-tr-2017-03-25-tr-hama', event_count: 8, reported_by: 'Turkish side of the Russia-Turkey commission' })
  })

  it("records the text's figure where the headline differs, and says so", async () => {
    const [russian] = await rows(`select sum(event_count)::int as total, bool_and(notes like '%headline says 15%') as noted from incidents where event_id like 'ru-tr-2017-02-25-ru-%'`)
    expect(russian).toEqual({ total: 14, noted: true })
  })

  it('places each province count in its governorate, and "Damascus" in Damascus with Rif Dimashq', async () => {
    const areas = JSON.parse(AREAS) as { features: Array<{ id: string; geometry: object }> }
    const damascus = areas.features.find((feature) => feature.id === 'damascus')!
    const [row] = await rows(`select bool_and(ST_Equals(geom, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)))::boolean as same, count(*)::int as n
      from incidents where admin1 = 'Damascus'`, [JSON.stringify(damascus.geometry)])
    expect(row.same).toBe(true)
    expect(row.n).toBeGreaterThan(0)
    const [footprints] = await rows(`select bool_and(ST_Equals(footprint, geom))::boolean as area_is_footprint from incidents where GeometryType(geom) in ('POLYGON', 'MULTIPOLYGON')`)
    expect(footprints.area_is_footprint).toBe(true)
  })

  it("places SOHR's south-west counts in the zone's outline in force, over the range of days they cover", async () => {
    const counts = await rows(`select i.event_id, i.occurred_on, i.occurred_until, i.date_precision, i.fatalities_low, i.fatalities_best, i.fatalities_high, i.event_count, i.reported_by,
        ST_Equals(i.geom, (select b.geom from zone_boundaries b where b.zone_id = z.id and b.effective_on <= i.occurred_on order by b.effective_on desc limit 1)) as zone_outline
      from incidents i cross join zones z where z.slug = 'south-west-de-escalation-zone' and i.event_id like 'sohr-%' order by i.occurred_on`)
    const sohr = { date_precision: 'range', event_count: null, reported_by: 'Syrian Observatory for Human Rights', zone_outline: true }
    expect(counts).toEqual([
      { ...sohr, event_id: 'sohr-south-west-2017-06-09-2017-07-08', occurred_on: '2017-06-09', occurred_until: '2017-07-08', fatalities_low: 84, fatalities_best: 84, fatalities_high: 85 },
      { ...sohr, event_id: 'sohr-south-west-2017-07-09-2017-08-09', occurred_on: '2017-07-09', occurred_until: '2017-08-09', fatalities_low: null, fatalities_best: 2, fatalities_high: null },
    ])
  })

  it('places no incident at a guessed point: every point is a town the notes give coordinates and a source for', async () => {
    const points = await rows(`select i.event_id, i.location_precision, ST_X(i.geom) as lon, ST_Y(i.geom) as lat, i.notes from incidents i where GeometryType(i.geom) = 'POINT'`)
    expect(points.map((point: { event_id: string }) => point.event_id).sort()).toEqual(['khasham-attack-2018-02-07', 'su-22-shoot-down-2017-06-18'])
    for (const point of points) {
      const sourced = SOURCED_POINTS.find(({ coordinates }) => coordinates[0] === point.lon && coordinates[1] === point.lat)
      expect(sourced, point.event_id).toBeDefined()
      expect(point.notes, point.event_id).toContain(`[${sourced!.source}]`)
      expect(point.location_precision, point.event_id).not.toBe('exact')
    }
    const areas = JSON.parse(AREAS) as { features: Array<{ id: string; geometry: object }> }
    const [placed] = await rows(`select count(*)::int as n from incidents i where GeometryType(i.geom) <> 'POINT'
        and not exists (select 1 from jsonb_array_elements(?::jsonb) a where ST_Equals(i.geom, ST_SetSRID(ST_GeomFromGeoJSON(a::text), 4326)))
        and not exists (select 1 from zone_boundaries b where ST_Equals(i.geom, b.geom))`, [JSON.stringify(areas.features.map((feature) => feature.geometry))])
    expect(placed.n).toBe(0)
  })

  it('leaves out the attacks the notes give no place for, and the nationwide tolls', async () => {
    const ids = (await rows('select event_id from incidents')).map((row: { event_id: string }) => row.event_id)
    expect(ids.filter((id: string) => /rashidin|snhr/.test(id))).toEqual([])
    expect(ids).toContain('turkish-soldiers-killed-idlib-2020-02-27')
  })
})
