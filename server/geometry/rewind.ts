import type { Geometry } from 'geojson'
import { windPolygon } from './wind-polygon.ts'

/**
 * Returns the geometry with RFC 7946 winding: outer rings counter-clockwise, holes clockwise.
 * Lines and points keep their direction (unlike turf's rewind, which reverses some LineStrings).
 * The input is not changed.
 *
 * @example rfc7946Winding({ type: 'Polygon', coordinates: [[[0,0],[0,1],[1,1],[0,0]]] })
 */
export function rfc7946Winding<G extends Geometry>(geometry: G): G {
  switch (geometry.type) {
    case 'Polygon':
      return { ...geometry, coordinates: windPolygon(geometry.coordinates) }
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((polygon) => windPolygon(polygon)) }
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((member) => rfc7946Winding(member)) }
    default:
      return geometry
  }
}
