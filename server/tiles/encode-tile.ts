import type { Geometry, Position } from 'geojson'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import { INCIDENT_TILE_LAYER, TILE_EXTENT, TILE_LAYER, type TileLayerRows } from '../storage/repositories/tiles-repository.ts'

/** A feature as geojson-vt gives it and vt-pbf writes it: points as one list, lines and rings as lists of lists. */
interface TileFeature {
  id: number
  type: 1 | 2 | 3
  geometry: Position[] | Position[][]
  tags: Record<string, string | number>
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

/** The features of one layer; a null value is left out, as ST_AsMVT leaves it out. */
function layerFeatures<Row extends { id: number; geometry: Geometry }>(rows: readonly Row[], fields: ReadonlyArray<keyof Row & string>): TileFeature[] {
  return rows.flatMap((row): TileFeature[] => {
    const parts = tileParts(row.geometry)
    if (!parts) return []
    const tags: Record<string, string | number> = {}
    for (const field of fields) {
      const value = row[field]
      if (value !== null && value !== undefined) tags[field] = value as string | number
    }
    return [{ id: row.id, ...parts, tags }]
  })
}

/**
 * The MVT bytes of a tile's layers, `zones` then `incidents`, written by vt-pbf from rows already in
 * tile coordinates, clipped, snapped and oriented (tilesRepository's tileRows). A layer with no
 * feature is left out, and a tile with none is empty, as ST_AsMVT gives.
 *
 *   encodeTile({ zones: [{ id: 7, slug: 'x', name: 'X', kind: 'siege', status: 'active', geometry: { type: 'Point', coordinates: [10, 20] } }], incidents: [] })
 */
export function encodeTile(rows: TileLayerRows): Uint8Array {
  const layers = {
    [TILE_LAYER]: layerFeatures(rows.zones, ['slug', 'name', 'kind', 'status']),
    [INCIDENT_TILE_LAYER]: layerFeatures(rows.incidents, ['slug', 'event_type', 'occurred_on', 'fatalities_best', 'location_precision']),
  }
  const drawn = Object.fromEntries(Object.entries(layers).filter(([, features]) => features.length > 0).map(([name, features]) => [name, { features }]))
  if (Object.keys(drawn).length === 0) return new Uint8Array(0)
  return fromGeojsonVt(drawn, { version: 2, extent: TILE_EXTENT })
}
