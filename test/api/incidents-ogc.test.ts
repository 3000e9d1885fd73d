import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { insertIncidents } from '../helpers/incidents.ts'

const service = useTestApp({ template: 'seeded', env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
const MARKUP = '<script>alert(1)</script>'
const ids: Record<string, number> = {}

// Test fixtures, not real events; their event ids begin with OGCFX, so reads keep to them.
const ours = (features: Array<{ properties: { event_id: string } }>) => features.map((feature) => feature.properties.event_id).filter((id) => id.startsWith('OGCFX')).sort()
const items = async (query: string) => {
  const response = await request(service.app, `/ogc/collections/incidents/items?limit=1000&${query}`)
  expect(response.status, response.text).toBe(200)
  return ours(response.body.features)
}

beforeAll(async () => {
  const inserted = await insertIncidents(service.db.knex, [
    { event_id: 'OGCFX1', geometry: { type: 'Point', coordinates: [36.63, 35.93] }, occurred_on: '2019-05-01', fatalities_best: 4, actor1: `Fixture forces ${MARKUP}` },
    { event_id: 'OGCFX2', geometry: { type: 'Point', coordinates: [36.2, 33.5] }, occurred_on: '2019-04-25', occurred_until: '2019-05-10', fatalities_best: 0, event_type: 'Battles', location_precision: 'approximate' },
    { event_id: 'OGCFX3', geometry: { type: 'Polygon', coordinates: [[[37, 36], [37.5, 36], [37.5, 36.5], [37, 36.5], [37, 36]]] }, occurred_on: '2020-03-06', dataset: 'atlas', event_type: 'Reported ceasefire violations', location_precision: 'region', event_count: 40 },
  ])
  inserted.forEach((id, index) => (ids[`OGCFX${index + 1}`] = id))
})

describe(`the OGC collection of incidents on ${backend}`, () => {
  it('is listed with its extent: the places and days of the incidents', async () => {
    const body = (await request(service.app, '/ogc/collections')).body
    const collection = body.collections.find((candidate: { id: string }) => candidate.id === 'incidents')
    expect(collection).toMatchObject({ id: 'incidents', title: 'Incidents', itemType: 'feature' })
    const { rows } = await service.db.knex.raw(`select ST_XMin(ST_Extent(geom)) as west, ST_YMax(ST_Extent(geom)) as north, min(occurred_on)::text as first, max(occurred_until)::text as last from incidents`)
    expect(collection.extent.spatial.bbox[0][0]).toBeCloseTo(rows[0].west, 6)
    expect(collection.extent.spatial.bbox[0][3]).toBeCloseTo(rows[0].north, 6)
    expect(collection.extent.temporal.interval[0]).toEqual([`${rows[0].first}T00:00:00Z`, `${rows[0].last}T23:59:59Z`])
    expect((await request(service.app, '/ogc/collections/incidents')).body.extent).toEqual(collection.extent)
    const api = JSON.parse((await request(service.app, '/ogc/api')).text)
    expect(Object.keys(api.paths['/collections/incidents/items'])).toEqual(['get'])
    expect(api.paths['/collections/incidents/items/{featureId}']).toBeDefined()
  })

  it('serves its items as GeoJSON, filtered by CQL2 (fatalities_best > 0), datetime (their days meet it) and bbox', async () => {
    const all = await request(service.app, '/ogc/collections/incidents/items?limit=1000')
    expect(all.headers['content-type']).toMatch(/application\/geo\+json/)
    expect(ours(all.body.features)).toEqual(['OGCFX1', 'OGCFX2', 'OGCFX3'])
    expect(all.body.timeStamp).toEqual(expect.any(String))
    const area = all.body.features.find((feature: { properties: { event_id: string } }) => feature.properties.event_id === 'OGCFX3')
    expect(area.geometry.type).toBe('Polygon')
    expect(area.properties).toMatchObject({ dataset: 'atlas', event_count: 40, location_precision: 'region' })
    expect(await items(`filter=${encodeURIComponent('fatalities_best > 0')}`)).toEqual(['OGCFX1'])
    expect(await items(`filter=${encodeURIComponent("event_type = 'Battles' AND location_precision = 'approximate'")}`)).toEqual(['OGCFX2'])
    expect(await items(`filter=${encodeURIComponent("occurred_until >= DATE('2019-05-05') OR event_count > 10")}`)).toEqual(['OGCFX2', 'OGCFX3'])
    expect(await items(`filter=${encodeURIComponent("actor1 LIKE 'Fixture forces%'")}`)).toEqual(['OGCFX1'])
    expect(await items('datetime=2019-05-05')).toEqual(['OGCFX2'])
    expect(await items('datetime=2019-05-01')).toEqual(['OGCFX1', 'OGCFX2'])
    expect(await items('datetime=2019-05-02T00:00:00Z/..')).toEqual(['OGCFX2', 'OGCFX3'])
    expect(await items('datetime=../2019-04-30')).toEqual(['OGCFX2'])
    expect(await items('bbox=37.2,36.2,38,37')).toEqual(['OGCFX3'])
    expect(await items(`filter=${encodeURIComponent('S_INTERSECTS(geometry, BBOX(36.5,35.8,36.7,36.0))')}`)).toEqual(['OGCFX1'])
  })

  it("refuses the zones' own filters and unknown queryables with 400", async () => {
    for (const query of ['status=active', 'sponsor=russia', `filter=${encodeURIComponent("kind = 'siege'")}`, `filter=${encodeURIComponent("fatalities_best > 'x'")}`, 'datetime=2019-13-01', 'recorded_as_of=2020-01-01T00:00:00Z']) {
      const response = await request(service.app, `/ogc/collections/incidents/items?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
    }
  })

  it('serves one item with its ETag, and 404 for an id that is not an incident', async () => {
    const response = await request(service.app, `/ogc/collections/incidents/items/${ids.OGCFX1}`)
    expect(response.status).toBe(200)
    expect(response.headers.etag).toBe(`"incident-${ids.OGCFX1}-v1"`)
    expect(response.body.properties.slug).toBe('acled-ogcfx1')
    expect(response.body.links.map((link: { rel: string }) => link.rel)).toContain('collection')
    expect((await request(service.app, '/ogc/collections/incidents/items/2147483647')).status).toBe(404)
  })

  it('shows date, type, actors and fatalities on its HTML page, markup escaped', async () => {
    const page = await service.app.inject({ url: '/ogc/collections/incidents/items?f=html&limit=1000' })
    expect(page.statusCode).toBe(200)
    for (const heading of ['Date', 'Type', 'Actor 1', 'Actor 2', 'Fatalities']) expect(page.body).toContain(`<th scope="col">${heading}</th>`)
    expect(page.body).not.toContain(MARKUP)
    expect(page.body).toContain('Fixture forces &lt;script&gt;')
    const one = await service.app.inject({ url: `/ogc/collections/incidents/items/${ids.OGCFX1}?f=html` })
    expect(one.statusCode).toBe(200)
    expect(one.body).toContain('<title>acled-ogcfx1')
  })

  it('describes its queryables', async () => {
    const response = await request(service.app, '/ogc/collections/incidents/queryables')
    expect(response.status).toBe(200)
    expect(Object.keys(response.body.properties)).toEqual([
      'slug', 'dataset', 'event_id', 'event_type', 'sub_event_type', 'actor1', 'actor2', 'occurred_on', 'occurred_until',
      'fatalities_low', 'fatalities_best', 'fatalities_high', 'event_count', 'location_precision', 'admin1', 'country', 'geometry',
    ])
    expect(response.body.properties.occurred_on).toMatchObject({ type: 'string', format: 'date' })
    expect(response.body.properties.fatalities_best.type).toBe('number')
    expect(response.body.properties.location_precision.enum).toEqual(['exact', 'approximate', 'region'])
  })

  it('is read-only through OGC API - Features: writes are refused with 405', async () => {
    await createAccount(service.app, 'ada', 'editor')
    const bearer = await apiToken(service.app, await signIn(service.app, 'ada'))
    const id = ids.OGCFX1
    const feature = { type: 'Feature', geometry: null, properties: { name: 'x', kind: 'ceasefire-zone' } }
    for (const [method, url] of [['POST', '/ogc/collections/incidents/items'], ['PATCH', `/ogc/collections/incidents/items/${id}`], ['DELETE', `/ogc/collections/incidents/items/${id}`]] as const) {
      const response = await request(service.app, { method, url, headers: { ...bearer, 'if-match': `"incident-${id}-v1"` }, ...(method === 'DELETE' ? {} : { payload: feature }) })
      expect(response.status, `${method} ${url}`).toBe(405)
    }
    expect((await service.db.knex('incidents').where({ id }).first('version')).version).toBe(1)
  })
})
