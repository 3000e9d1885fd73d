import { booleanClockwise } from '@turf/boolean-clockwise'
import type { Position } from 'geojson'

/**
 * Returns a polygon's rings with RFC 7946 winding: the outer ring counter-clockwise, holes
 * clockwise. Rings already wound that way are returned as they are; others are reversed copies.
 * Unlike turf's rewind it touches only polygon rings, so a corridor drawn as a LineString keeps its
 * direction (turf's rewind reverses counter-clockwise LineStrings).
 *
 * @example windPolygon([[[0, 0], [0, 1], [1, 1], [0, 0]]]) // [[[0, 0], [1, 1], [0, 1], [0, 0]]]
 */
export function windPolygon(rings: readonly Position[][]): Position[][] {
  return rings.map((ring, index) => (booleanClockwise(ring) === (index === 0) ? [...ring].reverse() : ring))
}
