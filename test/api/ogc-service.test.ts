import SwaggerParser from '@apidevtools/swagger-parser'
import { describe, expect, it } from 'vitest'
import { KINDS } from '../../server/domain/kinds.ts'
import { ogcSchemaValidators } from '../fixtures/ogc-schemas/validate.ts'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'

const service = useTestApp()

const schemas = ogcSchemaValidators()
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const EPSG_4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326'
const EPSG_3857 = 'http://www.opengis.net/def/crs/EPSG/0/3857'

async function json(url: string, contentType = 'application/json; charset=utf-8') {
  const response = await request(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(200)
  expect(response.headers['content-type']).toBe(contentType)
  return response.body
}

function expectValid(validate: (typeof schemas)[keyof typeof schemas], body: unknown) {
  const valid = validate(body)
  expect(validate.errors ?? [], 'valid against the OGC API - Features schema').toEqual([])
  expect(valid).toBe(true)
}

const linkOf = (links: Array<{ rel: string; type?: string; href: string }>, rel: string, type?: string) =>
  links.find((link) => link.rel === rel && (type === undefined || link.type === type))

describe('the OGC API - Features schema fixtures', () => {
  it('reject documents that break them, so that passing them means something', () => {
    expect(schemas.landingPage({ title: 'no links' })).toBe(false)
    expect(schemas.confClasses({ conformsTo: 'core' })).toBe(false)
    expect(schemas.collection({ id: 'x', links: [{ rel: 'self' }] })).toBe(false)
    expect(schemas.collection({ id: 'x', links: [], extent: { spatial: { bbox: [[1, 2, 3]] } } })).toBe(false)
    expect(schemas.featureGeoJSON({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] }, properties: {} })).toBe(false)
    expect(schemas.featureGeoJSON({ type: 'Feature', geometry: null, properties: null, id: 1 })).toBe(true)
    expect(schemas.featureCollectionGeoJSON({ type: 'FeatureCollection', features: [], timeStamp: 'yesterday' })).toBe(false)
  })
})

describe(`OGC API - Features landing page and conformance on ${backend}`, () => {
  it('the landing page links the API definition, its documentation, the conformance declaration and the data', async () => {
    const body = await json('/ogc')
    expectValid(schemas.landingPage, body)
    expect(body.title).toBe('Truce Atlas')
    const links = body.links.map((link: { rel: string; type: string; href: string }) => [link.rel, link.type, new URL(link.href).pathname + new URL(link.href).search])
    expect(links).toEqual([
      ['self', 'application/json', '/ogc'],
      ['alternate', 'text/html', '/ogc?f=html'],
      ['service-desc', 'application/vnd.oai.openapi+json;version=3.0', '/ogc/api'],
      ['service-doc', 'text/html', '/docs'],
      ['conformance', 'application/json', '/ogc/conformance'],
      ['data', 'application/json', '/ogc/collections'],
      ['http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes', 'application/json', '/ogc/tileMatrixSets'],
    ])
    for (const link of body.links) expect(link.title, link.rel).toEqual(expect.any(String))
  })

  it('answers at /ogc/ too, and builds links from PUBLIC_URL when it is set', async () => {
    expect((await request(service.app, '/ogc/')).status).toBe(200)
    const behindProxy = await buildTestApp(service.db, { PUBLIC_URL: 'https://atlas.example.org/' })
    try {
      const body = (await request(behindProxy, '/ogc')).body
      expect(linkOf(body.links, 'data')!.href).toBe('https://atlas.example.org/ogc/collections')
    } finally {
      await behindProxy.close()
    }
  })

  it('declares the conformance classes of Part 1, Part 2, Part 3, CQL2, Part 4 and Tiles it implements', async () => {
    const body = await json('/ogc/conformance')
    expectValid(schemas.confClasses, body)
    expect(body.conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
      'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
      'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
      'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
      'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
      'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
      'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
      'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
      'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset',
      'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list',
      'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets',
      'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt',
    ])
  })
})

describe(`OGC API - Features OpenAPI definition on ${backend}`, () => {
  it('is a valid OpenAPI 3.0 document served as application/vnd.oai.openapi+json;version=3.0', async () => {
    const response = await request(service.app, { url: '/ogc/api', headers: { accept: 'application/vnd.oai.openapi+json;version=3.0, application/json' } })
    expect(response.status).toBe(200)
    // GDAL compares the parameters one by one: version=3.0 must not be quoted.
    expect(response.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0; charset=utf-8')
    const document = JSON.parse(response.text)
    expect(document.openapi).toBe('3.0.3')
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy()
  })

  it('declares the items parameters of every collection, with the property filters as form, explode=false', async () => {
    const document = JSON.parse((await request(service.app, '/ogc/api')).text)
    expect(document.servers).toEqual([{ url: 'http://localhost:80/ogc' }])
    for (const id of ['zones', ...KINDS]) {
      const operation = document.paths[`/collections/${id}/items`]?.get
      expect(operation, id).toBeDefined()
      const names = operation.parameters.map((parameter: { $ref: string }) => parameter.$ref.replace('#/components/parameters/', ''))
      expect(names).toEqual(['bbox', 'datetime', 'limit', 'offset', 'status', 'sponsor', 'filter', 'filter-lang', 'recorded_as_of', 'crs', 'bbox-crs', 'filter-crs', 'f'])
      for (const path of [`/collections/${id}`, `/collections/${id}/items/{featureId}`, `/collections/${id}/queryables`]) expect(document.paths[path], path).toBeDefined()
    }
    const { parameters } = document.components
    for (const name of ['status', 'sponsor']) {
      expect(parameters[name]).toMatchObject({ name, in: 'query', required: false, style: 'form', explode: false, schema: { type: 'string' } })
    }
    expect(new RegExp(parameters.status.schema.pattern).test('active,agreed')).toBe(true)
    expect(new RegExp(parameters.status.schema.pattern).test('bogus')).toBe(false)
    expect(parameters.limit.schema).toEqual({ type: 'integer', minimum: 1, maximum: 10000, default: 10 })
    expect(parameters.bbox).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', items: { type: 'number' } } })
    // cql-text (the drafts' name) is what makes GDAL send a -where as a filter rather than as datetime.
    expect(parameters['filter-lang'].schema).toEqual({ type: 'string', enum: ['cql2-text', 'cql-text'], default: 'cql2-text' })
    expect(parameters.filter.schema).toMatchObject({ type: 'string', maxLength: 4096 })
    expect(Object.keys(parameters).sort()).toEqual(['bbox', 'bbox-crs', 'crs', 'datetime', 'f', 'featureId', 'filter', 'filter-crs', 'filter-lang', 'limit', 'offset', 'recorded_as_of', 'sponsor', 'status'])
  })

  it('sends people to the Swagger UI at /docs', async () => {
    const response = await service.app.inject({ url: '/ogc/api', headers: { accept: 'text/html' } })
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('http://localhost:80/docs')
  })

  it('leaves the main OpenAPI document valid, with the /ogc routes in it', async () => {
    const document = (await request(service.app, '/openapi.json')).body
    expect(document.paths['/ogc/collections/{collectionId}/items']).toBeDefined()
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy()
  })
})

/** The collections of zones in a /collections document. */
const zoneCollections = (body: { collections: Array<{ id: string; extent: any }> }) => body.collections.filter((collection) => collection.id !== 'agreements' && collection.id !== 'incidents')

describe(`OGC API - Features collections on ${backend}`, () => {
  /** Counts and extents straight from the tables, to compare the collections with. */
  async function expectedSummaries() {
    const { rows } = await service.db.knex.raw(
      `select case when grouping(kind) = 0 then kind when grouping(family) = 0 then 'zones-' || family else 'zones' end as key, count(*)::int as count,
              ST_XMin(ST_Extent(geom)) as west, ST_YMin(ST_Extent(geom)) as south, ST_XMax(ST_Extent(geom)) as east, ST_YMax(ST_Extent(geom)) as north
         from (select kind, geom, case when GeometryType(geom) like '%POLYGON' then 'areas' when GeometryType(geom) like '%LINESTRING' then 'lines'
                                       when GeometryType(geom) like '%POINT' then 'points' end as family
                 from zones where not archived) z
        group by grouping sets ((kind), (family), ())
       having grouping(family) = 1 or family is not null`,
    )
    return new Map<string, { count: number; bbox: number[] }>(
      rows.map((row: Record<string, unknown>) => [row.key, { count: row.count, bbox: [row.west, row.south, row.east, row.north].map(Number) }]),
    )
  }

  it('lists `zones`, one collection per geometry family, one per kind, `agreements` and `incidents`, valid against the collections schema', async () => {
    const body = await json('/ogc/collections')
    expectValid(schemas.collections, body)
    expect(body.collections.map((collection: { id: string }) => collection.id)).toEqual(['zones', 'zones-areas', 'zones-lines', 'zones-points', ...KINDS, 'agreements', 'incidents'])
    const families = body.collections.slice(1, 4).map((collection: { itemType: string; geometryDimension: number }) => [collection.itemType, collection.geometryDimension])
    expect(families).toEqual([['feature', 2], ['feature', 1], ['feature', 0]])
    expect(body.collections[0].geometryDimension).toBeUndefined()
    expect(linkOf(body.links, 'self')!.type).toBe('application/json')
    expect(linkOf(body.links, 'alternate')!.type).toBe('text/html')
  })

  it('gives each collection typed links to itself, its items (GeoJSON and HTML) and its queryables', async () => {
    const body = await json('/ogc/collections')
    const siege = body.collections.find((collection: { id: string }) => collection.id === 'siege')
    expect(siege).toMatchObject({ title: 'Sieges', description: expect.any(String), itemType: 'feature', crs: [CRS84, EPSG_4326, EPSG_3857], storageCrs: CRS84 })
    expect(siege.links.map((link: { rel: string; type: string; href: string }) => [link.rel, link.type, new URL(link.href).pathname + new URL(link.href).search])).toEqual([
      ['self', 'application/json', '/ogc/collections/siege'],
      ['alternate', 'text/html', '/ogc/collections/siege?f=html'],
      ['items', 'application/geo+json', '/ogc/collections/siege/items'],
      ['items', 'text/html', '/ogc/collections/siege/items?f=html'],
      ['http://www.opengis.net/def/rel/ogc/1.0/queryables', 'application/schema+json', '/ogc/collections/siege/queryables'],
    ])
  })

  it('takes the spatial extent of each collection from the data, in CRS84', async () => {
    const expected = await expectedSummaries()
    const body = await json('/ogc/collections')
    // The agreements' extent is their zones' (test/api/agreements-ogc.test.ts); the incidents' in test/api/incidents-ogc.test.ts.
    for (const collection of zoneCollections(body)) {
      const summary = expected.get(collection.id)!
      expect(collection.extent.spatial.crs).toBe(CRS84)
      expect(collection.extent.spatial.bbox).toHaveLength(1)
      collection.extent.spatial.bbox[0].forEach((edge: number, index: number) => expect(edge, collection.id).toBeCloseTo(summary.bbox[index]!, 9))
    }
    const zones = body.collections[0]
    // The outlines are clipped to Syria as Natural Earth draws it, so the edges are its border's.
    expect(zones.extent.spatial.bbox[0]).toEqual([35.75, 32.31807, 42.35982, 37.29693])
  })

  it('takes the temporal extent from the zones\' first dates and end dates, open when one has not ended', async () => {
    const body = await json('/ogc/collections')
    const interval = (id: string) => body.collections.find((collection: { id: string }) => collection.id === id).extent.temporal.interval
    // From the siege of Eastern Ghouta (April 2013) to the emptying of al-Fu'ah and Kafriya (July 2018).
    expect(interval('siege')).toEqual([['2013-04-01T00:00:00Z', '2018-07-20T23:59:59Z']])
    expect(interval('safe-zone')).toEqual([['2019-08-07T00:00:00Z', '2019-10-09T23:59:59Z']])
    // Morek's post dates from 2017 and Darat Izza's has not ended; the Golan line dates from 1974.
    expect(interval('observation-post')).toEqual([['2017-10-12T00:00:00Z', null]])
    expect(interval('zones')).toEqual([['1974-01-01T00:00:00Z', null]])
    for (const collection of zoneCollections(body)) expect(collection.extent.temporal.trs).toBe('http://www.opengis.net/def/uom/ISO-8601/0/Gregorian')
  })

  it('matches each collection\'s numberMatched to the seed\'s zones of its kind, those without geometry included', async () => {
    const expected = await expectedSummaries()
    const counts: Record<string, number> = {}
    for (const id of ['zones', 'zones-areas', 'zones-lines', 'zones-points', ...KINDS]) {
      const items = await json(`/ogc/collections/${id}/items?limit=1`, 'application/geo+json; charset=utf-8')
      counts[id] = items.numberMatched
      expect(items.numberMatched, id).toBe(expected.get(id)!.count)
    }
    const seedCounts = Object.fromEntries([['zones', SEED_ZONES.length], ...KINDS.map((kind) => [kind, SEED_ZONES.filter((zone) => zone.kind === kind).length])])
    expect(Object.fromEntries(Object.entries(counts).filter(([id]) => id in seedCounts))).toEqual(seedCounts)
    const { rows } = await service.db.knex.raw('select count(*)::int as n from zones where geom is null and not archived')
    expect(rows[0].n).toBe(SEED_ZONES.filter((zone) => !zone.geometry).length)
  })

  it('describes one collection at /collections/{id}, valid against the collection schema', async () => {
    const body = await json('/ogc/collections/observation-post')
    expectValid(schemas.collection, body)
    expect(body).toMatchObject({ id: 'observation-post', title: 'Observation posts', itemType: 'feature' })
    expect(linkOf(body.links, 'self')!.href).toBe('http://localhost:80/ogc/collections/observation-post')
    expect(linkOf(body.links, 'items', 'application/geo+json')!.href).toBe('http://localhost:80/ogc/collections/observation-post/items')
  })

  it('answers an unknown collection with a 404 problem', async () => {
    for (const url of ['/ogc/collections/fortresses', '/ogc/collections/fortresses/items', '/ogc/collections/fortresses/items/1', '/ogc/collections/fortresses/queryables', '/ogc/collections/ZONES', `/ogc/collections/${'x'.repeat(150)}`]) {
      const response = await request(service.app, url)
      expect(response.status, url).toBe(404)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(response.body.detail).toMatch(/collection .* does not exist/)
    }
  })
})

describe(`OGC API - Features requests on ${backend}`, () => {
  it('refuses unknown query parameters with 400, but takes f everywhere', async () => {
    for (const url of ['/ogc?colour=red', '/ogc/conformance?colour=red', '/ogc/collections?colour=red', '/ogc/collections/zones?colour=red', '/ogc/collections/zones/items?colour=red', '/ogc/collections/zones/items/1?colour=red', '/ogc/collections/zones/queryables?colour=red']) {
      const response = await request(service.app, url)
      expect(response.status, url).toBe(400)
      expect(response.body.errors).toEqual([expect.objectContaining({ where: 'query.colour', message: expect.stringMatching(/^unknown parameter; known: f/) })])
    }
    for (const url of ['/ogc?f=json', '/ogc/conformance?f=json', '/ogc/collections?f=json', '/ogc/collections/zones?f=json', '/ogc/collections/zones/items?f=json', '/ogc/collections/zones/queryables?f=json']) {
      expect((await request(service.app, url)).status, url).toBe(200)
    }
    expect((await request(service.app, '/ogc?f=xml')).status).toBe(400)
  })

  it('sends a stable strong ETag, answers 304 to If-None-Match, and says it varies with Accept', async () => {
    for (const url of ['/ogc', '/ogc/conformance', '/ogc/collections', '/ogc/collections/siege', '/ogc/collections/zones/items?limit=5', '/ogc/collections/zones/items/5', '/ogc/api']) {
      const first = await service.app.inject(url)
      const second = await service.app.inject(url)
      expect(first.headers.etag, url).toMatch(/^"[^"]+"$/)
      expect(second.headers.etag, url).toBe(first.headers.etag)
      expect(String(first.headers.vary), url).toMatch(/accept/i)
      const again = await service.app.inject({ url, headers: { 'if-none-match': first.headers.etag as string } })
      expect(again.statusCode, url).toBe(304)
    }
  })
})
