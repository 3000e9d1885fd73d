import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { ensureFirstBoundaries } from '../helpers/boundaries.ts'

const service = useTestApp({ template: 'seeded', env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let bearer: Record<string, string>
const ids: Record<string, number> = {}

const MARKUP = '<script>alert(1)</script>'

const agreements = [
  {
    slug: 'ogc-test-astana',
    title: 'OGC test memorandum on de-escalation areas',
    signed_on: '2017-05-04',
    class: 'multilateral',
    form: 'written',
    purpose: 'de-escalation',
    parties: [{ party: 'russia', role: 'guarantor' }],
    zones: [{ zone: 'idlib-de-escalation-zone', effect: 'creates' }, { zone: 'northern-homs-de-escalation-zone', effect: 'creates' }],
  },
  {
    slug: 'ogc-test-markup',
    title: `OGC test ${MARKUP} truce`,
    signed_on: '2019-08-30',
    class: 'unilateral',
    form: 'declared',
    purpose: 'ceasefire',
    zones: [{ zone: 'south-west-de-escalation-zone', effect: 'confirms' }],
  },
]

beforeAll(async () => {
  await ensureFirstBoundaries(service.db.knex)
  await createAccount(service.app, 'ada', 'editor')
  bearer = await apiToken(service.app, await signIn(service.app, 'ada'))
  for (const agreement of agreements) {
    const response = await request(service.app, { method: 'POST', url: '/agreements', headers: bearer, payload: agreement })
    if (response.status !== 201) throw new Error(response.text)
    ids[agreement.slug] = response.body.id
  }
})

const ours = (features: Array<{ properties: { slug: string } }>) => features.map((feature) => feature.properties.slug).filter((slug) => slug.startsWith('ogc-test-')).sort()

describe(`the OGC collection of agreements on ${backend}`, () => {
  it('is listed with its extent: the outlines of its zones and the signing dates', async () => {
    const body = (await request(service.app, '/ogc/collections')).body
    const collection = body.collections.find((candidate: { id: string }) => candidate.id === 'agreements')
    expect(collection).toMatchObject({ id: 'agreements', title: 'Agreements', itemType: 'feature' })
    const { rows } = await service.db.knex.raw(`select ST_XMin(ST_Extent(a.geom)) as west from (select ST_Union(zb.geom) as geom from zone_boundaries zb join agreement_zones az on az.zone_id = zb.zone_id join agreements a on a.id = az.agreement_id where not a.archived group by a.id) a`)
    expect(collection.extent.spatial.bbox[0][0]).toBeCloseTo(rows[0].west, 6)
    expect(collection.extent.temporal.interval[0][1]).toBeNull()
    const one = (await request(service.app, '/ogc/collections/agreements')).body
    expect(one.extent).toEqual(collection.extent)
  })

  it('serves its items as GeoJSON, paged, filtered by datetime (the signing day), bbox and CQL2', async () => {
    const all = await request(service.app, '/ogc/collections/agreements/items?limit=100')
    expect(all.status).toBe(200)
    expect(all.headers['content-type']).toMatch(/application\/geo\+json/)
    expect(ours(all.body.features)).toEqual(['ogc-test-astana', 'ogc-test-markup'])
    const astana = all.body.features.find((feature: { properties: { slug: string } }) => feature.properties.slug === 'ogc-test-astana')
    expect(astana.geometry.type).toBe('MultiPolygon')
    expect(astana.properties.zones.map((zone: { slug: string }) => zone.slug).sort()).toEqual(['idlib-de-escalation-zone', 'northern-homs-de-escalation-zone'])
    expect(all.body.timeStamp).toEqual(expect.any(String))
    const dated = await request(service.app, '/ogc/collections/agreements/items?datetime=2019-01-01/..')
    expect(ours(dated.body.features)).toEqual(['ogc-test-markup'])
    const filtered = await request(service.app, `/ogc/collections/agreements/items?filter=${encodeURIComponent("purpose = 'de-escalation' AND slug LIKE 'ogc-test-%'")}`)
    expect(filtered.status, filtered.text).toBe(200)
    expect(ours(filtered.body.features)).toEqual(['ogc-test-astana'])
    // Idlib lies west of 37.5 degrees east, the south-west zone south of 33.5 north.
    const boxed = await request(service.app, '/ogc/collections/agreements/items?bbox=35.5,32.0,37.0,33.4')
    expect(ours(boxed.body.features)).toEqual(['ogc-test-markup'])
    const spatial = await request(service.app, `/ogc/collections/agreements/items?filter=${encodeURIComponent('S_INTERSECTS(geometry, BBOX(35.5,32.0,37.0,33.4))')}`)
    expect(ours(spatial.body.features)).toEqual(['ogc-test-markup'])
  })

  it('refuses the zones\' own filters and unknown queryables with 400', async () => {
    for (const query of ['status=active', 'sponsor=russia', `filter=${encodeURIComponent("kind = 'siege'")}`, 'datetime=2019-13-01', 'limit=Infinity']) {
      const response = await request(service.app, `/ogc/collections/agreements/items?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
    }
  })

  it('serves one item with its ETag, and 404 for an id that is not an agreement', async () => {
    const response = await request(service.app, `/ogc/collections/agreements/items/${ids['ogc-test-astana']}`)
    expect(response.status).toBe(200)
    expect(response.headers.etag).toBe(`"agreement-${ids['ogc-test-astana']}-v1"`)
    expect(response.body.properties.slug).toBe('ogc-test-astana')
    expect(response.body.links.map((link: { rel: string }) => link.rel)).toContain('collection')
    expect((await request(service.app, '/ogc/collections/agreements/items/2147483647')).status).toBe(404)
    expect((await request(service.app, '/ogc/collections/agreements/items/ogc-test-astana')).status).toBe(404)
  })

  it('escapes markup in titles on its HTML pages', async () => {
    const items = await service.app.inject({ url: '/ogc/collections/agreements/items?f=html&limit=100' })
    expect(items.statusCode).toBe(200)
    expect(items.body).not.toContain(MARKUP)
    expect(items.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(items.body).toContain('<th scope="col">Title</th>')
    const one = await service.app.inject({ url: `/ogc/collections/agreements/items/${ids['ogc-test-markup']}?f=html` })
    expect(one.statusCode).toBe(200)
    expect(one.body).not.toContain(MARKUP)
    expect(one.body).toContain('<title>OGC test &lt;script&gt;')
  })

  it('describes its queryables', async () => {
    const response = await request(service.app, '/ogc/collections/agreements/queryables')
    expect(response.status).toBe(200)
    expect(Object.keys(response.body.properties)).toEqual(['slug', 'title', 'signed_on', 'place', 'class', 'form', 'purpose', 'geometry'])
    expect(response.body.properties.purpose.enum).toContain('de-escalation')
  })

  it('is read-only through OGC API - Features: writes are refused with 405 and change nothing', async () => {
    const before = await service.db.knex('agreements').select('id', 'version').orderBy('id')
    const id = ids['ogc-test-astana']
    const etag = `"agreement-${id}-v1"`
    const feature = { type: 'Feature', geometry: null, properties: { name: 'x', kind: 'ceasefire-zone' } }
    for (const [method, url] of [['POST', '/ogc/collections/agreements/items'], ['PUT', `/ogc/collections/agreements/items/${id}`], ['PATCH', `/ogc/collections/agreements/items/${id}`], ['DELETE', `/ogc/collections/agreements/items/${id}`]] as const) {
      const response = await request(service.app, { method, url, headers: { ...bearer, 'if-match': etag }, ...(method === 'DELETE' ? {} : { payload: feature }) })
      expect(response.status, `${method} ${url}`).toBe(405)
      expect(response.headers.allow).toBe('GET, HEAD, OPTIONS')
    }
    expect(await service.db.knex('agreements').select('id', 'version').orderBy('id')).toEqual(before)
    const document = JSON.parse((await request(service.app, '/ogc/api')).text)
    const items = document.paths['/collections/agreements/items']
    expect(Object.keys(items)).toEqual(['get'])
    expect(items.get.parameters.map((parameter: { $ref: string }) => parameter.$ref.split('/').pop())).toEqual(['bbox', 'datetime', 'limit', 'offset', 'filter', 'filter-lang', 'crs', 'bbox-crs', 'filter-crs', 'f'])
  })
})
