import { rewind } from '@turf/turf'
import type { Geometry } from 'geojson'

/**
 * Returns the geometry with RFC 7946 winding: outer rings counter-clockwise, holes clockwise.
 * Used before anything is stored; the input is not changed.
 *
 * @example rfc7946Winding({ type: 'Polygon', coordinates: [[[0,0],[0,1],[1,1],[0,0]]] })
 */
export function rfc7946Winding<G extends Geometry>(geometry: G): G {
  return rewind(geometry as never, { mutate: false }) as G
}
