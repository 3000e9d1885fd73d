import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'

const service = useTestApp()

const MVT = 'application/vnd.mapbox-vector-tile'
const WEB_MERCATOR_QUAD = 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad'
const TILESET = '/ogc/collections/zones/tiles/WebMercatorQuad'

interface Link {
  rel: string
  type: string
  href: string
  templated?: boolean
}

const path = (href: string) => {
  const url = new URL(href.replace(/[{}]/g, '_'))
  return url.pathname.replace(/_(\w+)_/g, '{$1}') + url.search
}
const linkOf = (links: Link[], rel: string) => links.find((link) => link.rel === rel)

async function json(url: string) {
  const response = await request(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(200)
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
  return response.body
}

// The tile over Raqqa at zoom 7, which draws the siege of Raqqa.
const [Z, X, Y] = [7, 77, 50]

describe(`OGC API - Tiles for the vector tiles on ${backend}`, () => {
  it('defines WebMercatorQuad as OGC 17-083r4 does, linked from the landing page', async () => {
    const landing = await json('/ogc')
    expect(path(linkOf(landing.links, 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes')!.href)).toBe('/ogc/tileMatrixSets')
    const list = await json('/ogc/tileMatrixSets')
    expect(list.tileMatrixSets).toEqual([expect.objectContaining({ id: 'WebMercatorQuad', uri: WEB_MERCATOR_QUAD })])
    expect(path(linkOf(list.tileMatrixSets[0].links, 'self')!.href)).toBe('/ogc/tileMatrixSets/WebMercatorQuad')
    const set = await json('/ogc/tileMatrixSets/WebMercatorQuad')
    expect(set).toMatchObject({ id: 'WebMercatorQuad', uri: WEB_MERCATOR_QUAD, crs: 'http://www.opengis.net/def/crs/EPSG/0/3857', orderedAxes: ['X', 'Y'] })
    expect(set.tileMatrices).toHaveLength(25)
    const [first, seventh, last] = [set.tileMatrices[0], set.tileMatrices[7], set.tileMatrices[24]]
    expect(first).toMatchObject({ id: '0', matrixWidth: 1, matrixHeight: 1, tileWidth: 256, tileHeight: 256, pointOfOrigin: [-20037508.3427892, 20037508.3427892], cornerOfOrigin: 'topLeft' })
    // The values of the standard's table.
    expect(first.scaleDenominator).toBeCloseTo(559082264.028717, 5)
    expect(first.cellSize).toBeCloseTo(156543.033928041, 8)
    expect(seventh).toMatchObject({ id: '7', matrixWidth: 128, matrixHeight: 128 })
    // Each level halves the last one's cell size.
    expect(last.scaleDenominator * 2 ** 24).toBeCloseTo(first.scaleDenominator, 5)
    expect(last.cellSize * 2 ** 24).toBeCloseTo(first.cellSize, 8)
    expect((await request(service.app, '/ogc/tileMatrixSets/WorldCRS84Quad')).status).toBe(404)
  })

  it('links the zones collection to its tilesets, and describes the tileset: matrix set, vector data, layers, the tile template', async () => {
    const collection = await json('/ogc/collections/zones')
    expect(path(linkOf(collection.links, 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector')!.href)).toBe('/ogc/collections/zones/tiles')
    const tilesets = await json('/ogc/collections/zones/tiles')
    expect(tilesets.tilesets).toHaveLength(1)
    expect(tilesets.tilesets[0]).toMatchObject({ dataType: 'vector', tileMatrixSetURI: WEB_MERCATOR_QUAD })
    expect(path(linkOf(tilesets.tilesets[0].links, 'self')!.href)).toBe(TILESET)
    expect(path(linkOf(tilesets.tilesets[0].links, 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme')!.href)).toBe('/ogc/tileMatrixSets/WebMercatorQuad')

    const tileset = await json(TILESET)
    expect(tileset).toMatchObject({ dataType: 'vector', tileMatrixSetURI: WEB_MERCATOR_QUAD, crs: 'http://www.opengis.net/def/crs/EPSG/0/3857' })
    expect(tileset.layers.map((layer: { id: string }) => layer.id)).toEqual(['zones', 'incidents'])
    expect(tileset.tileMatrixSetLimits.at(-1)).toEqual({ tileMatrix: '22', minTileRow: 0, maxTileRow: 2 ** 22 - 1, minTileCol: 0, maxTileCol: 2 ** 22 - 1 })
    const item = linkOf(tileset.links, 'item')!
    expect(item).toMatchObject({ type: MVT, templated: true })
    const version = (await json('/tiles')).tiles[0].match(/v=(\d+)/)[1]
    expect(path(item.href)).toBe(`${TILESET}/{tileMatrix}/{tileRow}/{tileCol}?v=${version}`)
    // No tiles for a kind's collection: the map's tiles hold zones of every kind.
    expect(linkOf((await json('/ogc/collections/siege')).links, 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector')).toBeUndefined()
    expect((await request(service.app, '/ogc/collections/siege/tiles')).status).toBe(404)
    expect((await request(service.app, '/ogc/collections/nowhere/tiles/WebMercatorQuad')).status).toBe(404)
  })

  it('serves through the template the same bytes as /tiles/{z}/{x}/{y}.mvt, with tileRow as y and tileCol as x', async () => {
    const template = linkOf((await json(TILESET)).links, 'item')!.href
    const url = path(template.replace('{tileMatrix}', String(Z)).replace('{tileRow}', String(Y)).replace('{tileCol}', String(X)))
    const ogc = await service.app.inject(url)
    expect(ogc.statusCode).toBe(200)
    expect(ogc.headers['content-type']).toBe(MVT)
    expect(ogc.headers['cache-control']).toContain('immutable')
    const tiles = await service.app.inject(`/tiles/${Z}/${X}/${Y}.mvt`)
    expect(ogc.rawPayload.equals(tiles.rawPayload)).toBe(true)
    const layer = new VectorTile(new PbfReader(ogc.rawPayload)).layers['zones']!
    const slugs = Array.from({ length: layer.length }, (_, index) => layer.feature(index).properties['slug'])
    expect(slugs).toContain('siege-of-raqqa')
    // A revalidation names the same data version: 304.
    expect((await service.app.inject({ url: `${TILESET}/${Z}/${Y}/${X}`, headers: { 'if-none-match': String(ogc.headers.etag) } })).statusCode).toBe(304)
  })

  it('answers 404 outside the tile matrix set and its limits, 400 for rows and columns that are not numbers', async () => {
    for (const outside of ['23/0/0', '25/0/0', '7/128/0', '7/0/128', '0/1/0', 'abc/0/0', '-1/0/0', '07/0/0', `${'9'.repeat(90)}/0/0`]) {
      const response = await request(service.app, `${TILESET}/${outside}`)
      expect(response.status, outside).toBe(404)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    }
    expect((await request(service.app, '/ogc/collections/zones/tiles/WorldCRS84Quad/0/0/0')).status).toBe(404)
    for (const hostile of ['7/x/0', '7/0/-1', '7/1.5/0', `7/${'9'.repeat(30)}/0`, '7/%3Cscript%3E/0']) {
      const response = await request(service.app, `${TILESET}/${hostile}`)
      expect(response.status, hostile).toBe(400)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    }
    expect((await request(service.app, `${TILESET}/0/0/0?bogus=1`)).status).toBe(400)
  })
})
