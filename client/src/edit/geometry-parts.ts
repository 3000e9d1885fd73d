import type { Geometry, Position } from 'geojson'
import { collectParts } from '../collect-parts.ts'

/**
 * A geometry as the separate parts the map edits one by one (each polygon, line and point its own
 * layer), and back. A shape of one sort comes back as its single or Multi type; mixed parts come
 * back as a GeometryCollection.
 *
 * @example
 * fromParts(toParts({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }))
 * // { type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] }
 */
export interface GeometryParts {
  polygons: Position[][][]
  lines: Position[][]
  points: Position[]
}

export function toParts(geometry: Geometry | null): GeometryParts {
  const parts: GeometryParts = { polygons: [], lines: [], points: [] }
  if (geometry) collectParts(geometry, parts)
  return parts
}

export function fromParts(parts: GeometryParts): Geometry | null {
  const members: Geometry[] = []
  if (parts.polygons.length === 1) members.push({ type: 'Polygon', coordinates: parts.polygons[0]! })
  if (parts.polygons.length > 1) members.push({ type: 'MultiPolygon', coordinates: parts.polygons })
  if (parts.lines.length === 1) members.push({ type: 'LineString', coordinates: parts.lines[0]! })
  if (parts.lines.length > 1) members.push({ type: 'MultiLineString', coordinates: parts.lines })
  if (parts.points.length === 1) members.push({ type: 'Point', coordinates: parts.points[0]! })
  if (parts.points.length > 1) members.push({ type: 'MultiPoint', coordinates: parts.points })
  if (members.length === 0) return null
  return members.length === 1 ? members[0]! : { type: 'GeometryCollection', geometries: members }
}

/** Coordinates rounded to `decimals` (6 is about 10 cm), so snapshots compare equal when nothing moved. */
export function roundGeometry(geometry: Geometry | null, decimals = 6): Geometry | null {
  if (!geometry) return null
  const factor = 10 ** decimals
  const round = (position: Position): Position => position.map((value) => Math.round(value * factor) / factor)
  const parts = toParts(geometry)
  return fromParts({
    polygons: parts.polygons.map((polygon) => polygon.map((ring) => ring.map(round))),
    lines: parts.lines.map((line) => line.map(round)),
    points: parts.points.map(round),
  })
}

