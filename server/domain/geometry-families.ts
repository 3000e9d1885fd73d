import type { GeometryType } from './kinds.ts'

/**
 * The geometry families a desktop GIS draws as separate layers: a layer holds one type, so the
 * zones are also served split by family. A geometry collection or a missing geometry is in no family.
 *
 *   GEOMETRY_FAMILY_TYPES.lines // ['LineString', 'MultiLineString']
 */
export const GEOMETRY_FAMILIES = ['areas', 'lines', 'points'] as const
export type GeometryFamily = (typeof GEOMETRY_FAMILIES)[number]

export const GEOMETRY_FAMILY_TYPES: Readonly<Record<GeometryFamily, readonly [single: GeometryType, multi: GeometryType]>> = {
  areas: ['Polygon', 'MultiPolygon'],
  lines: ['LineString', 'MultiLineString'],
  points: ['Point', 'MultiPoint'],
}

/** The topological dimension of each family (JSON-FG's geometryDimension): 0 points, 1 curves, 2 surfaces. */
export const GEOMETRY_DIMENSION: Readonly<Record<GeometryFamily, 0 | 1 | 2>> = { points: 0, lines: 1, areas: 2 }

/** The family a geometry type belongs to; none for a geometry collection. */
export function familyOf(type: GeometryType): GeometryFamily | undefined {
  return GEOMETRY_FAMILIES.find((family) => GEOMETRY_FAMILY_TYPES[family].includes(type))
}
