import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import type { IncidentTileRow, TileRow } from '../../server/storage/repositories/tiles-repository.ts'
import { encodeTile } from '../../server/tiles/encode-tile.ts'

const encodeZonesLayer = (zones: TileRow[]) => encodeTile({ zones, incidents: [] })

const zone = (id: number, geometry: TileRow['geometry']): TileRow => ({ id, slug: `zone-${id}`, name: `Zone ${id}`, kind: 'siege', status: 'active', geometry })

function zonesLayer(bytes: Uint8Array) {
  const layer = new VectorTile(new PbfReader(bytes)).layers['zones']!
  expect(layer.extent).toBe(4096)
  expect(layer.version).toBe(2)
  return Array.from({ length: layer.length }, (_, index) => layer.feature(index))
}

const xy = (ring: Array<{ x: number; y: number }>) => ring.map(({ x, y }) => [x, y])

describe('the layers of the embedded tiles', () => {
  it('writes points and lines with each zone\'s id and properties, and nothing for no zone', () => {
    const [point, line, posts] = zonesLayer(
      encodeZonesLayer([
        zone(1, { type: 'Point', coordinates: [10, 20] }),
        zone(2, { type: 'LineString', coordinates: [[0, 0], [10, 10], [20, 0]] }),
        zone(3, { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }),
      ]),
    )
    expect(point!.id).toBe(1)
    expect(point!.properties).toEqual({ slug: 'zone-1', name: 'Zone 1', kind: 'siege', status: 'active' })
    expect(point!.type).toBe(1)
    expect(point!.loadGeometry()).toEqual([[{ x: 10, y: 20 }]])
    expect(line!.type).toBe(2)
    expect(xy(line!.loadGeometry()[0]!)).toEqual([[0, 0], [10, 10], [20, 0]])
    expect(posts!.loadGeometry().flat().map(({ x, y }) => [x, y])).toEqual([[1, 2], [3, 4]])
    expect(encodeZonesLayer([]).byteLength).toBe(0)
  })

  it('writes every ring of a MultiPolygon in order, as they come (PostGIS has oriented them)', () => {
    const square = [[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]
    const hole = [[20, 20], [20, 80], [80, 80], [80, 20], [20, 20]]
    const far = [[200, 200], [300, 200], [300, 300], [200, 200]]
    const [feature] = zonesLayer(encodeZonesLayer([zone(4, { type: 'MultiPolygon', coordinates: [[square, hole], [far]] })]))
    expect(feature!.type).toBe(3)
    expect(feature!.loadGeometry().map(xy)).toEqual([square, hole, far])
    const geometry = feature!.toGeoJSON(0, 0, 0).geometry as { type: string; coordinates: unknown[][] }
    expect(geometry.type).toBe('MultiPolygon')
    expect(geometry.coordinates.map((polygon) => polygon.length)).toEqual([2, 1])
  })

  it('writes the incidents layer after the zones, leaving null values out as ST_AsMVT does', () => {
    const incident = (id: number, fatalities: number | null): IncidentTileRow => ({
      id, slug: `acled-fx${id}`, event_type: 'Battles', occurred_on: '2019-05-01', fatalities_best: fatalities, location_precision: 'exact', geometry: { type: 'Point', coordinates: [5, 6] },
    })
    const tile = new VectorTile(new PbfReader(encodeTile({ zones: [zone(1, { type: 'Point', coordinates: [1, 1] })], incidents: [incident(8, 3), incident(9, null)] })))
    expect(Object.keys(tile.layers)).toEqual(['zones', 'incidents'])
    const layer = tile.layers['incidents']!
    expect([layer.feature(0).id, layer.feature(0).properties]).toEqual([8, { slug: 'acled-fx8', event_type: 'Battles', occurred_on: '2019-05-01', fatalities_best: 3, location_precision: 'exact' }])
    expect(layer.feature(1).properties).not.toHaveProperty('fatalities_best')
    expect(Object.keys(new VectorTile(new PbfReader(encodeTile({ zones: [], incidents: [incident(8, 0)] }))).layers)).toEqual(['incidents'])
  })
})
