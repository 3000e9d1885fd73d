import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { ensureFirstBoundaries } from '../helpers/boundaries.ts'
import { insertIncidents } from '../helpers/incidents.ts'

const service = useTestApp({ template: 'seeded' })

// Test fixtures, not real events: every one has this word among its actors, so reads can keep to them.
const WORD = 'Fixtureland'
const ZONE = 'idlib-de-escalation-zone'
const ids: Record<string, number> = {}

/** The event ids of our fixtures that match the query (their actors having all of `words`), sorted. */
async function list(query: string, words = WORD) {
  const response = await request(service.app, `/incidents?actor=${encodeURIComponent(words)}${query ? `&${query}` : ''}`)
  expect(response.status, response.text).toBe(200)
  return response.body.features.map((feature: { properties: { event_id: string } }) => feature.properties.event_id).sort()
}

beforeAll(async () => {
  const knex = service.db.knex
  await ensureFirstBoundaries(knex)
  const { rows } = await knex.raw(`select ST_X(p) as x, ST_Y(p) as y, ST_X(v) as vx, ST_Y(v) as vy
      from (select ST_PointOnSurface(b.geom) as p, ST_PointN(ST_ExteriorRing(ST_GeometryN(b.geom, 1)), 1) as v
              from zone_boundaries b join zones z on z.id = b.zone_id where z.slug = ? and b.superseded_at is null limit 1) g`, [ZONE])
  const { x, y, vx, vy } = rows[0]
  const [source] = await knex('sources').insert({ citation_key: 'FX1', title: 'Fixture report', publisher: 'Fixture press', url: 'https://example.org/fixture', published_on: '2019-05-02' }).returning('id')
  const inserted = await insertIncidents(knex, [
    { event_id: 'FX1', geometry: { type: 'Point', coordinates: [x, y] }, occurred_on: '2019-05-01', actor1: `Military Forces of ${WORD}`, actor2: 'Civilians (Syria)', fatalities_best: 3, fatalities_low: 2, fatalities_high: 5, notes: 'Shelling of a village [FX1] [ZZ9].' },
    { event_id: 'FX2', geometry: { type: 'Point', coordinates: [vx, vy] }, occurred_on: '2019-05-03', location_precision: 'approximate', actor1: `Rebels of ${WORD}`, event_type: 'Battles', sub_event_type: 'Armed clash', fatalities_best: 0 },
    { event_id: 'FX3', geometry: { type: 'Point', coordinates: [179.5, -16.5] }, occurred_on: '2019-04-20', occurred_until: '2019-04-30', actor1: `${WORD} militia`, event_type: 'Battles', sub_event_type: 'Armed clash', dataset: 'ucdp-ged' },
    { event_id: 'FX4', geometry: { type: 'Polygon', coordinates: [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]] }, occurred_on: '2019-06-01', location_precision: 'region', actor2: `=${WORD} <b>party</b>`, dataset: 'atlas', event_type: 'Reported ceasefire violations', event_count: 12, fatalities_best: null },
    { event_id: 'FX5', geometry: { type: 'Point', coordinates: [-179.5, -16.5] }, occurred_on: '2018-01-01', actor1: `Police of ${WORD}` },
  ])
  inserted.forEach((id, index) => (ids[`FX${index + 1}`] = id))
  await knex('incidents').where({ id: ids.FX1 }).update({ source_id: source.id, place: 'Kafr Nabl', admin1: 'Idleb', country: 'Syria', date_precision_code: 1, location_precision_code: 1 })
})

describe(`reading incidents on ${backend}`, () => {
  it('lists them as GeoJSON features with every property, the source as an object and notes as public text', async () => {
    const response = await request(service.app, `/incidents?actor=${WORD}`)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/application\/geo\+json/)
    expect(response.headers.etag).toMatch(/^"incidents-geojson-\d+-/)
    const fx1 = response.body.features.find((feature: { properties: { event_id: string } }) => feature.properties.event_id === 'FX1')
    expect(Object.keys(fx1.properties).sort()).toEqual(
      ['actor1', 'actor2', 'admin1', 'country', 'dataset', 'date_precision', 'date_precision_code', 'event_count', 'event_id', 'event_type', 'fatalities_best', 'fatalities_high', 'fatalities_low',
        'links', 'location_precision', 'location_precision_code', 'notes', 'occurred_on', 'occurred_until', 'place', 'reported_by', 'slug', 'source', 'source_name', 'source_scale', 'sub_event_type', 'updated_at', 'version'].sort(),
    )
    expect(fx1).toMatchObject({ type: 'Feature', id: ids.FX1, geometry: { type: 'Point' } })
    expect(fx1.properties).toMatchObject({
      slug: 'acled-fx1', dataset: 'acled', occurred_on: '2019-05-01', occurred_until: '2019-05-01', date_precision: 'day', fatalities_best: 3, place: 'Kafr Nabl',
      notes: 'Shelling of a village [FX1].', source: { id: expect.any(Number), title: 'Fixture report', url: 'https://example.org/fixture', publisher: 'Fixture press', published_on: '2019-05-02' },
      links: [{ rel: 'self', type: 'application/geo+json', href: `http://localhost:80/incidents/${ids.FX1}` }],
    })
    const fx4 = response.body.features.find((feature: { properties: { event_id: string } }) => feature.properties.event_id === 'FX4')
    expect(fx4.geometry.type).toBe('Polygon')
    expect(fx4.properties.source).toBeNull()
  })

  it('filters by days, type, sub-type, actor words, dataset, location precision and bbox (across the antimeridian)', async () => {
    expect(await list('')).toEqual(['FX1', 'FX2', 'FX3', 'FX4', 'FX5'])
    expect(await list('from=2019-04-30&to=2019-05-01')).toEqual(['FX1', 'FX3'])
    expect(await list('from=2019-05-02')).toEqual(['FX2', 'FX4'])
    expect(await list('to=2019-04-20')).toEqual(['FX3', 'FX5'])
    expect(await list('type=Battles,Reported%20ceasefire%20violations')).toEqual(['FX2', 'FX3', 'FX4'])
    expect(await list('type=battles')).toEqual([])
    expect(await list('sub_type=Armed%20clash')).toEqual(['FX2', 'FX3'])
    const actor = (words: string) => list('', `${WORD} ${words}`)
    expect(await actor('rebels')).toEqual(['FX2'])
    expect(await actor('CIVILIANS military')).toEqual(['FX1'])
    expect(await actor('party')).toEqual(['FX4'])
    expect(await actor('100%')).toEqual([])
    expect(await list('dataset=ucdp-ged,atlas')).toEqual(['FX3', 'FX4'])
    expect(await list('location_precision=approximate,region')).toEqual(['FX2', 'FX4'])
    expect(await list('bbox=9,9,10.5,10.5')).toEqual(['FX4'])
    expect(await list('bbox=179,-17,-179,-16')).toEqual(['FX3', 'FX5'])
  })

  it('filters the incidents inside a zone (by id or slug) and answers 404 for an unknown zone', async () => {
    // FX2 is approximately placed on the outline's corner: where it may have happened reaches outside.
    expect(await list(`zone=${ZONE}`)).toEqual(['FX1'])
    const zoneId = (await service.db.knex('zones').where({ slug: ZONE }).first('id')).id
    expect(await list(`zone=${zoneId}`)).toEqual(['FX1'])
    expect(await list(`zone=${ZONE}&to=2019-04-01`)).toEqual([])
    for (const zone of ['no-such-zone', '2147483647']) {
      const missing = await request(service.app, `/incidents?zone=${zone}`)
      expect(missing.status).toBe(404)
      expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    }
  })

  it('pages with limit and the cursor of the next link, and answers 304 to its ETag', async () => {
    const seen: string[] = []
    let url: string | null = `/incidents?actor=${WORD}&limit=2&properties=event_id&geometry=false`
    for (let pages = 0; url && pages < 5; pages += 1) {
      const page: { status: number; body: any } = await request(service.app, url)
      expect(page.status).toBe(200)
      expect(page.body.features.length).toBeLessThanOrEqual(2)
      for (const feature of page.body.features) {
        expect(feature.geometry).toBeNull()
        expect(Object.keys(feature.properties)).toEqual(['event_id'])
        seen.push(feature.properties.event_id)
      }
      const next = page.body.links.find((link: { rel: string }) => link.rel === 'next')
      url = next ? new URL(next.href).pathname + new URL(next.href).search : null
    }
    expect(seen).toEqual(['FX1', 'FX2', 'FX3', 'FX4', 'FX5'])
    const first = await service.app.inject(`/incidents?actor=${WORD}`)
    const again = await service.app.inject({ url: `/incidents?actor=${WORD}`, headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode).toBe(304)
  })

  it('gives CSV with one row per incident: a point as lon/lat, an area as WKT, formulas defused', async () => {
    const response = await service.app.inject(`/incidents?actor=${WORD}&format=csv`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(response.headers['content-disposition']).toBe('attachment; filename="truce-atlas_incidents.csv"')
    const rows = parse(response.body, { columns: true }) as Array<Record<string, string>>
    expect(Object.keys(rows[0]!)).toEqual([
      'id', 'slug', 'dataset', 'event_id', 'occurred_on', 'occurred_until', 'date_precision', 'event_type', 'sub_event_type', 'actor1', 'actor2',
      'fatalities_low', 'fatalities_best', 'fatalities_high', 'event_count', 'location_precision', 'place', 'admin1', 'country', 'reported_by', 'source_name',
      'notes', 'source_url', 'lon', 'lat', 'wkt', 'data_version', 'retrieved_at',
    ])
    expect(rows.map((row) => row['event_id'])).toEqual(['FX1', 'FX2', 'FX3', 'FX4', 'FX5'])
    const [fx1, , fx3, fx4] = rows
    expect(fx1).toMatchObject({ occurred_on: '2019-05-01', fatalities_best: '3', notes: 'Shelling of a village [FX1].', source_url: 'https://example.org/fixture', wkt: '' })
    expect(fx3).toMatchObject({ lon: '179.5', lat: '-16.5', occurred_until: '2019-04-30' })
    expect(fx4).toMatchObject({ lon: '', lat: '', wkt: 'POLYGON((10 10,11 10,11 11,10 11,10 10))', actor2: `'=${WORD} <b>party</b>`, event_count: '12' })
    const paged = parse((await service.app.inject(`/incidents?actor=${WORD}&format=csv&limit=2`)).body, { columns: true }) as unknown[]
    expect(paged).toHaveLength(2)
  })

  it('reads one incident by id or slug, with its version ETag; 404 for one that does not exist', async () => {
    const byId = await request(service.app, `/incidents/${ids.FX4}`)
    expect(byId.status).toBe(200)
    expect(byId.headers.etag).toBe(`"incident-${ids.FX4}-v1"`)
    expect(byId.body.properties).toMatchObject({ slug: 'atlas-fx4', event_count: 12, location_precision: 'region' })
    const bySlug = await request(service.app, '/incidents/atlas-fx4?properties=slug,event_type&geometry=false')
    expect(bySlug.body).toMatchObject({ id: ids.FX4, geometry: null, properties: { slug: 'atlas-fx4', event_type: 'Reported ceasefire violations' } })
    for (const path of ['/incidents/acled-nothing', '/incidents/2147483647']) {
      const missing = await request(service.app, path)
      expect(missing.status, path).toBe(404)
      expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    }
  })

  it('refuses hostile queries with a 400 problem naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['from=2019-02-30', 'query.from'],
      ['to=20190501', 'query.to'],
      ['from=0000-01-01', 'query.from'],
      ['from=2019-05-02&to=2019-05-01', 'query.to'],
      ['limit=100000', 'query.limit'],
      ['limit=1e309', 'query.limit'],
      ['bbox=0,0,Infinity,1', 'query.bbox'],
      ['bbox=0,0,1', 'query.bbox'],
      ['bbox=-200,0,1,1', 'query.bbox[0]'],
      [`actor=${encodeURIComponent('<script>alert(1)</script>')}`, 'query.actor'],
      [`actor=${'a'.repeat(201)}`, 'query.actor'],
      [`type=${Array.from({ length: 21 }, (_, index) => `T${index}`).join(',')}`, 'query.type'],
      [`sub_type=${encodeURIComponent('<img src=x>')}`, 'query.sub_type'],
      ['dataset=acled,gdelt', 'query.dataset'],
      ['location_precision=street', 'query.location_precision'],
      ['zone=Not%20A%20Slug', 'query.zone'],
      ['format=kml', 'query.format'],
      ['format=csv&properties=slug', 'query.properties'],
      ['cursor=%3Cscript%3E', 'query.cursor'],
      ['status=active', 'query'],
    ]
    for (const [query, where] of cases) {
      const response = await request(service.app, `/incidents?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.headers['content-type'], query).toBe('application/problem+json; charset=utf-8')
      expect(response.body.errors.map((error: { where: string }) => error.where).join(' '), query).toContain(where)
    }
  })
})
