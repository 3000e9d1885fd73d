import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { beforeAll, describe, expect, it } from 'vitest'
import { mapTiles } from '../../server/tiles/map-tiles.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { insertIncidents } from '../helpers/incidents.ts'

const service = useTestApp()

/** The XYZ tile holding a lon/lat point at zoom z (web mercator). */
function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const radians = (lat * Math.PI) / 180
  return {
    x: Math.floor(((lon + 180) / 360) * 2 ** z),
    y: Math.floor(((1 - Math.asinh(Math.tan(radians)) / Math.PI) / 2) * 2 ** z),
  }
}

const decode = (bytes: Uint8Array) => new VectorTile(new PbfReader(bytes))

function zonesLayer(bytes: Uint8Array) {
  const layer = decode(bytes).layers['zones']
  expect(layer, 'a "zones" layer').toBeDefined()
  return Array.from({ length: layer!.length }, (_, index) => layer!.feature(index))
}

const RAQQA = tileOf(39.01, 35.95, 7)

function incidentsLayer(bytes: Uint8Array) {
  const layer = decode(bytes).layers['incidents']
  return layer ? Array.from({ length: layer.length }, (_, index) => layer.feature(index)) : []
}
/** The slugs of this test's fixture incidents in a layer (the seeded reported violations may be drawn there too). */
const eventIds = (features: ReturnType<typeof incidentsLayer>) => features.map((feature) => String(feature.properties['slug'])).filter((slug) => slug.includes('tilefx')).sort()

// Test fixtures, not real events: drawn as of 2019-05-10, when the default 30 days are 2019-04-11 to 2019-05-10.
const AS_OF = '2019-05-10'
beforeAll(async () => {
  await insertIncidents(service.db.knex, [
    { event_id: 'TILEFX1', geometry: { type: 'Point', coordinates: [39.0, 35.96] }, occurred_on: '2019-05-01', fatalities_best: 2 },
    { event_id: 'TILEFX2', geometry: { type: 'Polygon', coordinates: [[[38.9, 35.9], [39.1, 35.9], [39.1, 36.0], [38.9, 36.0], [38.9, 35.9]]] }, occurred_on: '2019-05-09', location_precision: 'region', dataset: 'atlas', event_type: 'Reported ceasefire violations' },
    { event_id: 'TILEFX3', geometry: { type: 'Point', coordinates: [39.02, 35.94] }, occurred_on: '2019-03-01' },
    { event_id: 'TILEFX4', geometry: { type: 'Point', coordinates: [39.03, 35.95] }, occurred_on: '2019-04-01', occurred_until: '2019-04-15' },
    { event_id: 'TILEFX5', geometry: { type: 'Point', coordinates: [39.03, 35.95] }, occurred_on: '2019-05-11' },
  ])
  // A count of violations a party reported, with no deaths given (the helper would make it 0).
  await service.db.knex('incidents').where({ event_id: 'TILEFX2' }).update({ fatalities_best: null })
})

describe(`vector tiles on ${backend}`, () => {
  it('GET /tiles/7/x/y.mvt draws the zones of the tile with their slug, name, kind and status', async () => {
    const response = await service.app.inject(`/tiles/7/${RAQQA.x}/${RAQQA.y}.mvt`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
    const features = zonesLayer(response.rawPayload)
    const raqqa = features.find((feature) => feature.properties['slug'] === 'siege-of-raqqa')
    expect(raqqa, 'the siege of Raqqa').toBeDefined()
    expect(raqqa!.properties).toEqual({ slug: 'siege-of-raqqa', name: 'Siege of Raqqa', kind: 'siege', status: 'ended' })
    expect(raqqa!.type).toBe(3)
    expect(raqqa!.id).toBeGreaterThan(0)
    const outline = raqqa!.toGeoJSON(RAQQA.x, RAQQA.y, 7)
    const [west, south, east, north] = bounds(outline.geometry)
    // The zone is drawn where it is: around the city (39.01, 35.95), to a pixel or so.
    expect(west).toBeLessThan(39.01)
    expect(east).toBeGreaterThan(39.01)
    expect(south).toBeLessThan(35.95)
    expect(north).toBeGreaterThan(35.95)
    expect(east - west).toBeLessThan(0.5)
  })

  it('draws the incidents of the 30 days up to as_of (or incident_days days) in a second layer, an area at a point on it', async () => {
    const path = `/tiles/7/${RAQQA.x}/${RAQQA.y}.mvt?as_of=${AS_OF}`
    const response = await service.app.inject(path)
    expect(Object.keys(decode(response.rawPayload).layers)).toEqual(['zones', 'incidents'])
    const features = incidentsLayer(response.rawPayload)
    expect(eventIds(features)).toEqual(['acled-tilefx1', 'acled-tilefx4', 'atlas-tilefx2'])
    const point = features.find((feature) => feature.properties['slug'] === 'acled-tilefx1')!
    expect(point.properties).toEqual({ slug: 'acled-tilefx1', event_type: 'Explosions/Remote violence', occurred_on: '2019-05-01', fatalities_best: 2, location_precision: 'exact' })
    expect(point.id).toBeGreaterThan(0)
    const area = features.find((feature) => feature.properties['slug'] === 'atlas-tilefx2')!
    expect(area.type).toBe(1)
    expect(area.properties).not.toHaveProperty('fatalities_best')
    const [lon, lat] = (area.toGeoJSON(RAQQA.x, RAQQA.y, 7).geometry as { coordinates: number[] }).coordinates as [number, number]
    expect(lon).toBeGreaterThan(38.88)
    expect(lon).toBeLessThan(39.12)
    expect(lat).toBeGreaterThan(35.88)
    expect(lat).toBeLessThan(36.02)

    const longer = await service.app.inject(`${path}&incident_days=90`)
    expect(eventIds(incidentsLayer(longer.rawPayload))).toEqual(['acled-tilefx1', 'acled-tilefx3', 'acled-tilefx4', 'atlas-tilefx2'])
    expect(longer.headers.etag).not.toBe(response.headers.etag)
    expect(eventIds(incidentsLayer((await service.app.inject(`${path}&incident_days=1`)).rawPayload))).toEqual([])
    for (const days of ['0', '367', '1e309', 'x']) expect((await request(service.app, `${path}&incident_days=${days}`)).status, days).toBe(400)
    const tilejson = (await request(service.app, `/tiles?as_of=${AS_OF}&incident_days=90`)).body
    expect(tilejson.vector_layers.map((layer: { id: string }) => layer.id)).toEqual(['zones', 'incidents'])
    expect(tilejson.vector_layers[1].fields).toEqual({ slug: 'String', event_type: 'String', occurred_on: 'String', fatalities_best: 'Number', location_precision: 'String' })
    expect(tilejson.tiles[0]).toMatch(/\.mvt\?v=\d+&as_of=2019-05-10&incident_days=90$/)
  })

  it('gives an empty tile where there is no zone, and refuses addresses outside the grid as problem+json', async () => {
    const empty = await service.app.inject('/tiles/5/0/0.mvt')
    expect(empty.statusCode).toBe(200)
    expect(empty.rawPayload.byteLength).toBe(0)
    for (const path of ['/tiles/23/0/0.mvt', '/tiles/3/8/0.mvt', '/tiles/3/0/8.mvt', '/tiles/-1/0/0.mvt', '/tiles/3/0/1.png', '/tiles/3/x/1.mvt', '/tiles/3/0/1.mvt?v=abc']) {
      const response = await request(service.app, path)
      expect(response.status, path).toBe(400)
      expect(response.headers['content-type'], path).toBe('application/problem+json; charset=utf-8')
      expect(response.body.status, path).toBe(400)
    }
  })

  it('carries the data version in its ETag: 304 until a zone changes, then the new tile', async () => {
    const path = `/tiles/7/${RAQQA.x}/${RAQQA.y}.mvt`
    const first = await service.app.inject(path)
    const etag = String(first.headers['etag'])
    expect(etag).toMatch(/^"zones-\d+"$/)
    expect(first.headers['cache-control']).toBe('public, max-age=60, must-revalidate')

    const again = await service.app.inject({ url: path, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')

    await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ name: 'Siege of Raqqa (renamed)' })
    const changed = await service.app.inject({ url: path, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers['etag']).not.toBe(etag)
    const renamed = zonesLayer(changed.rawPayload).find((feature) => feature.properties['slug'] === 'siege-of-raqqa')
    expect(renamed!.properties['name']).toBe('Siege of Raqqa (renamed)')
    await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ name: 'Siege of Raqqa' })
  })

  it('GET /tiles is TileJSON whose URL carries the data version, and such tiles are cached for long', async () => {
    const tilejson = await request(service.app, '/tiles')
    expect(tilejson.status).toBe(200)
    expect(tilejson.body).toMatchObject({ tilejson: '3.0.0', vector_layers: [{ id: 'zones' }, { id: 'incidents' }] })
    const template = tilejson.body.tiles[0] as string
    expect(template).toMatch(/\/tiles\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=\d+$/)
    const url = new URL(template.replace('{z}', '7').replace('{x}', String(RAQQA.x)).replace('{y}', String(RAQQA.y)))
    const versioned = await service.app.inject(`${url.pathname}${url.search}`)
    expect(versioned.statusCode).toBe(200)
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const stale = await service.app.inject(`${url.pathname}?v=0`)
    expect(stale.headers['cache-control']).toBe('public, max-age=60, must-revalidate')
  })

  it('serves a tile asked for by data version from memory, without reading the database, and keeps it for that version', async () => {
    const version = Number(new URL((await request(service.app, '/tiles')).body.tiles[0] as string).searchParams.get('v'))
    const path = `/tiles/7/${RAQQA.x}/${RAQQA.y}.mvt?v=${version}`
    const first = await service.app.inject(path)
    const statements: string[] = []
    const onQuery = (query: { sql: string }) => statements.push(query.sql)
    service.db.knex.on('query', onQuery)
    const again = await service.app.inject(path).finally(() => service.db.knex.off('query', onQuery))
    expect(statements, 'no statement for a tile held in memory').toEqual([])
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(again.headers).toMatchObject({ etag: `"zones-${version}"`, 'cache-control': 'public, max-age=31536000, immutable' })
    expect((await service.app.inject({ url: path, headers: { 'if-none-match': `"zones-${version}"` } })).statusCode).toBe(304)

    await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ name: 'Siege of Raqqa (renamed again)' })
    try {
      // The old address still names the old version's tile; the TileJSON now names the new one.
      const old = zonesLayer((await service.app.inject(path)).rawPayload).find((feature) => feature.properties['slug'] === 'siege-of-raqqa')
      expect(old!.properties['name']).toBe('Siege of Raqqa')
      const next = new URL((await request(service.app, '/tiles')).body.tiles[0] as string).searchParams.get('v')
      expect(Number(next)).toBeGreaterThan(version)
      const current = zonesLayer((await service.app.inject(`/tiles/7/${RAQQA.x}/${RAQQA.y}.mvt?v=${next}`)).rawPayload)
      expect(current.find((feature) => feature.properties['slug'] === 'siege-of-raqqa')!.properties['name']).toBe('Siege of Raqqa (renamed again)')
    } finally {
      await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ name: 'Siege of Raqqa' })
    }
  })

  it('archived zones leave the tiles', async () => {
    const path = `/tiles/7/${RAQQA.x}/${RAQQA.y}.mvt`
    await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ archived: true })
    const slugs = zonesLayer((await service.app.inject(path)).rawPayload).map((feature) => feature.properties['slug'])
    expect(slugs).not.toContain('siege-of-raqqa')
    await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ archived: false })
  })

  const nativeMvt = async () => (await service.db.knex.raw(`select postgis_full_version() like '%PROTOBUF%' as native`)).rows[0].native as boolean

  // PGlite's PostGIS is built without protobuf-c: it has no ST_AsMVT, so there the served tile is the fallback itself.
  it.runIf(backend === 'embedded')('serves the fallback encoder\'s tile on PGlite, which has no native ST_AsMVT', async () => {
    expect(await nativeMvt()).toBe(false)
    const tiles = mapTiles(service.db.knex)
    expect(await tiles.tile({ z: 7, ...RAQQA })).toEqual(await tiles.encodedTile({ z: 7, ...RAQQA }))
  })

  // Only PostgreSQL has both encoders: on PGlite this would compare the fallback with itself.
  it.runIf(backend === 'postgres')('draws the same features whether PostGIS writes the MVT or the fallback encoder does', async () => {
    expect(await nativeMvt(), 'PostGIS on PostgreSQL writes MVT itself (built with protobuf-c)').toBe(true)
    const tiles = mapTiles(service.db.knex)
    for (const z of [4, 7, 9]) {
      const { x, y } = tileOf(39.01, 35.95, z)
      const incidentSummary = (features: ReturnType<typeof incidentsLayer>) =>
        features.map((feature) => ({ id: feature.id, type: feature.type, properties: feature.properties, at: feature.loadGeometry().flat() })).sort((a, b) => a.id! - b.id!)
      const servedIncidents = incidentsLayer(await tiles.tile({ z, x, y, asOf: AS_OF, incidentDays: 90 }))
      expect(incidentSummary(incidentsLayer(await tiles.encodedTile({ z, x, y, asOf: AS_OF, incidentDays: 90 })))).toEqual(incidentSummary(servedIncidents))
      expect(eventIds(servedIncidents)).toHaveLength(4)
      const served = zonesLayer(await tiles.tile({ z, x, y }))
      const encoded = zonesLayer(await tiles.encodedTile({ z, x, y }))
      const summary = (features: typeof served) =>
        features.map((feature) => ({ id: feature.id, type: feature.type, properties: feature.properties })).sort((a, b) => a.id! - b.id!)
      expect(summary(encoded)).toEqual(summary(served))
      expect(served.length).toBeGreaterThan(0)
      // Outlines agree to a few tile units (of 4096): both snap the same clipped geometry to the grid.
      for (const feature of served) {
        const twin = encoded.find((candidate) => candidate.id === feature.id)!
        const [a, b] = [feature, twin].map((f) => f.loadGeometry().flat())
        const box = (points: Array<{ x: number; y: number }>) => [Math.min(...points.map((p) => p.x)), Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.x)), Math.max(...points.map((p) => p.y))]
        box(a!).forEach((edge, index) => expect(Math.abs(edge - box(b!)[index]!)).toBeLessThanOrEqual(4))
      }
    }
  })
})

function bounds(geometry: { type: string; coordinates?: unknown }): [number, number, number, number] {
  const points = JSON.stringify(geometry.coordinates).match(/-?\d+(\.\d+)?(e-?\d+)?,-?\d+(\.\d+)?(e-?\d+)?/g)!.map((pair) => pair.split(',').map(Number))
  const xs = points.map((point) => point[0]!)
  const ys = points.map((point) => point[1]!)
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
}
