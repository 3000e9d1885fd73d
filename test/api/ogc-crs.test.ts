import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'

const service = useTestApp()

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const EPSG_4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326'
const EPSG_3857 = 'http://www.opengis.net/def/crs/EPSG/0/3857'
const SUPPORTED = [CRS84, EPSG_4326, EPSG_3857]

type Position = number[]
interface Feature {
  id: number
  geometry: { type: string; coordinates: unknown }
}

/** Every position of a geometry's coordinates, in order. */
const positions = (coordinates: unknown): Position[] =>
  Array.isArray(coordinates) && typeof coordinates[0] === 'number' ? [coordinates as Position] : (coordinates as unknown[]).flatMap(positions)

async function feature(url: string) {
  const response = await request<Feature>(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(200)
  return response
}

async function ids(url: string): Promise<number[]> {
  const response = await request(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(200)
  return response.body.features.map((found: Feature) => found.id)
}

async function problem(url: string, where: string) {
  const response = await request(service.app, url)
  expect(response.status, `${url.slice(0, 200)}: ${response.text}`).toBe(400)
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  expect(response.body.errors.map((error: { where: string }) => error.where)).toContain(where)
  return response
}

/** Web Mercator from longitude/latitude, by the spherical formulas EPSG:3857 is defined by. */
const mercator = ([lon, lat]: Position): Position => {
  const radius = 6378137
  const radians = (degrees: number) => (degrees * Math.PI) / 180
  return [radius * radians(lon!), radius * Math.log(Math.tan(Math.PI / 4 + radians(lat!) / 2))]
}

const firstPoint = async () => {
  const page = await request(service.app, '/ogc/collections/observation-post/items?limit=50')
  const point = page.body.features.find((found: Feature) => found.geometry?.type === 'Point')
  expect(point, 'a seeded observation post drawn as a point').toBeDefined()
  return point as Feature
}

describe(`OGC API - Features Part 2 (crs, bbox-crs) on ${backend}`, () => {
  it('lists the CRSs each collection serves, CRS84 stored, and the same list for the collections', async () => {
    const collections = (await request(service.app, '/ogc/collections')).body
    expect(collections.crs).toEqual(SUPPORTED)
    for (const collection of collections.collections) expect(collection, collection.id).toMatchObject({ crs: SUPPORTED, storageCrs: CRS84 })
    expect((await request(service.app, '/ogc/conformance')).body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs')
  })

  it('writes a zone in EPSG:4326 latitude first: the CRS84 coordinates swapped, said in Content-Crs', async () => {
    const lonLat = await feature('/ogc/collections/zones/items/1')
    const latLon = await feature(`/ogc/collections/zones/items/1?crs=${encodeURIComponent(EPSG_4326)}`)
    expect(lonLat.headers['content-crs']).toBe(`<${CRS84}>`)
    expect(latLon.headers['content-crs']).toBe(`<${EPSG_4326}>`)
    expect(latLon.body.geometry.type).toBe(lonLat.body.geometry.type)
    const swapped = positions(lonLat.body.geometry.coordinates).map(([lon, lat]) => [lat, lon])
    expect(swapped.length).toBeGreaterThan(3)
    expect(positions(latLon.body.geometry.coordinates)).toEqual(swapped)
    // Another representation, so another ETag.
    expect(latLon.headers.etag).not.toBe(lonLat.headers.etag)
  })

  it('writes a point in EPSG:3857 metres, to the centimetre, where the Web Mercator formulas put it', async () => {
    const point = await firstPoint()
    const metres = await feature(`/ogc/collections/observation-post/items/${point.id}?crs=${encodeURIComponent(EPSG_3857)}`)
    expect(metres.headers['content-crs']).toBe(`<${EPSG_3857}>`)
    const [x, y] = metres.body.geometry.coordinates as Position
    const [expectedX, expectedY] = mercator(point.geometry.coordinates as Position)
    // CRS84 is written to 6 decimals (about 0.1 m), so the two agree to well under a metre.
    expect(Math.abs(x! - expectedX!)).toBeLessThan(0.5)
    expect(Math.abs(y! - expectedY!)).toBeLessThan(0.5)
    expect(JSON.stringify(metres.body.geometry)).not.toMatch(/\.\d{3,}/)
    expect(Object.keys(metres.body.geometry).sort()).toEqual(['coordinates', 'type'])
  })

  it('writes a page in the CRS asked for, with Content-Crs', async () => {
    const response = await request(service.app, `/ogc/collections/zones/items?limit=3&crs=${encodeURIComponent(EPSG_3857)}`)
    expect(response.status).toBe(200)
    expect(response.headers['content-crs']).toBe(`<${EPSG_3857}>`)
    for (const found of response.body.features as Feature[]) {
      for (const [x, y] of positions(found.geometry.coordinates)) {
        // Syria lies 35 to 43 degrees east, 32 to 38 degrees north: millions of metres.
        expect(x).toBeGreaterThan(3_800_000)
        expect(y).toBeGreaterThan(3_700_000)
      }
    }
    expect((await request(service.app, '/ogc/collections/zones/items?limit=1')).headers['content-crs']).toBe(`<${CRS84}>`)
  })

  it('reads bbox in bbox-crs: a box in EPSG:3857, or in EPSG:4326 latitude first, selects what the same box in CRS84 does', async () => {
    const [west, south, east, north] = [36.0, 33.0, 37.0, 34.0]
    const inCrs84 = await ids(`/ogc/collections/zones/items?limit=1000&bbox=${[west, south, east, north].join(',')}`)
    expect(inCrs84.length).toBeGreaterThan(0)
    const [minX, minY] = mercator([west, south])
    const [maxX, maxY] = mercator([east, north])
    expect(await ids(`/ogc/collections/zones/items?limit=1000&bbox=${[minX, minY, maxX, maxY].join(',')}&bbox-crs=${encodeURIComponent(EPSG_3857)}`)).toEqual(inCrs84)
    expect(await ids(`/ogc/collections/zones/items?limit=1000&bbox=${[south, west, north, east].join(',')}&bbox-crs=${encodeURIComponent(EPSG_4326)}`)).toEqual(inCrs84)
    expect(await ids(`/ogc/collections/incidents/items?limit=1000&bbox=${[minX, minY, maxX, maxY].join(',')}&bbox-crs=${encodeURIComponent(EPSG_3857)}`)).toEqual(
      await ids(`/ogc/collections/incidents/items?limit=1000&bbox=${[west, south, east, north].join(',')}`),
    )
  })

  it('takes filter-crs for CRS84, and says that only CRS84 is taken there', async () => {
    const filter = encodeURIComponent('S_INTERSECTS(geometry, BBOX(36, 33, 37, 34))')
    expect(await ids(`/ogc/collections/zones/items?limit=1000&filter=${filter}&filter-crs=${encodeURIComponent(CRS84)}`)).toEqual(await ids(`/ogc/collections/zones/items?limit=1000&filter=${filter}`))
    const refused = await problem(`/ogc/collections/zones/items?filter=${filter}&filter-crs=${encodeURIComponent(EPSG_4326)}`, 'query.filter-crs')
    expect(refused.text).toContain(CRS84)
  })

  it('refuses a CRS it does not serve, naming the parameter and the CRSs it serves, never echoing markup', async () => {
    for (const path of ['/ogc/collections/zones/items', '/ogc/collections/zones/items/1']) {
      const unknown = await problem(`${path}?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/32637')}`, 'query.crs')
      for (const uri of SUPPORTED) expect(unknown.text).toContain(uri)
      const markup = await problem(`${path}?crs=${encodeURIComponent('<script>alert(1)</script>')}`, 'query.crs')
      expect(markup.text).not.toContain('<script>')
      await problem(`${path}?crs=${'x'.repeat(5000)}`, 'query.crs')
      await problem(`${path}?crs=EPSG:4326`, 'query.crs')
    }
    await problem(`/ogc/collections/zones/items?bbox=1,2,3,4&bbox-crs=${encodeURIComponent('urn:ogc:def:crs:EPSG::4326')}`, 'query.bbox-crs')
    await problem(`/ogc/collections/zones/items?bbox=0,0,30000000,1&bbox-crs=${encodeURIComponent(EPSG_3857)}`, 'query.bbox[2]')
    await problem(`/ogc/collections/zones/items?bbox=100,0,101,1&bbox-crs=${encodeURIComponent(EPSG_4326)}`, 'query.bbox[0]')
  })
})
