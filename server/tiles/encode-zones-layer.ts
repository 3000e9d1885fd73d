import type { Geometry, Position } from 'geojson'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import { TILE_EXTENT, TILE_LAYER, type TileRow } from '../storage/repositories/tiles-repository.ts'

/** A feature as geojson-vt gives it and vt-pbf writes it: points as one list, lines and rings as lists of lists. */
interface TileFeature {
  id: number
  type: 1 | 2 | 3
  geometry: Position[] | Position[][]
  tags: Record<string, string>
}

/** The MVT type and parts of a shape in tile coordinates; null for what a tile cannot hold. */
function tileParts(geometry: Geometry): Pick<TileFeature, 'type' | 'geometry'> | null {
  switch (geometry.type) {
    case 'Point':
      return { type: 1, geometry: [geometry.coordinates] }
    case 'MultiPoint':
      return { type: 1, geometry: geometry.coordinates }
    case 'LineString':
      return { type: 2, geometry: [geometry.coordinates] }
    case 'MultiLineString':
      return { type: 2, geometry: geometry.coordinates }
    case 'Polygon':
      return { type: 3, geometry: geometry.coordinates }
    case 'MultiPolygon':
      return { type: 3, geometry: geometry.coordinates.flat() }
    default:
      return null
  }
}

/**
 * The MVT bytes of the `zones` layer, written by vt-pbf from zones already in tile coordinates,
 * clipped, snapped and oriented (tilesRepository's tileRows); empty when no zone is drawn, as
 * ST_AsMVT gives.
 *
 *   encodeZonesLayer([{ id: 7, slug: 'x', name: 'X', kind: 'siege', status: 'active', geometry: { type: 'Point', coordinates: [10, 20] } }])
 */
export function encodeZonesLayer(rows: readonly TileRow[]): Uint8Array {
  const features = rows.flatMap(({ id, slug, name, kind, status, geometry }): TileFeature[] => {
    const parts = tileParts(geometry)
    return parts ? [{ id, ...parts, tags: { slug, name, kind, status } }] : []
  })
  if (features.length === 0) return new Uint8Array(0)
  return fromGeojsonVt({ [TILE_LAYER]: { features } }, { version: 2, extent: TILE_EXTENT })
}
