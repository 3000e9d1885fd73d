import type { GeometryType } from '../domain/kinds.ts'
import { describeValue } from './describe-value.ts'
import type { IssueList } from './geometry-issues.ts'

const GEOMETRY_TYPES: readonly string[] = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
] satisfies GeometryType[]

/**
 * Reads the `type` of an untrusted value that should be a GeoJSON geometry, adding an issue at
 * `<path>.type` when it is not an object, has no own `type`, names no geometry type, or is a
 * Feature (a common mistake: the client sent the whole feature). Only own properties count, so a
 * `__proto__` key in the JSON changes nothing.
 *
 * @example readGeometryType({ type: 'Feature', geometry: null }, '', issues) // undefined; 'expected a geometry, got a Feature; send its "geometry" member'
 */
export function readGeometryType(value: unknown, path: string, issues: IssueList): GeometryType | undefined {
  const typePath = path ? `${path}.type` : 'type'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.add(typePath, `expected a GeoJSON geometry object, got ${describeValue(value)}`)
    return undefined
  }
  if (!Object.hasOwn(value, 'type')) {
    issues.add(typePath, 'type is missing')
    return undefined
  }
  const type: unknown = (value as { type: unknown }).type
  if (typeof type !== 'string') {
    issues.add(typePath, `type must be a string, got ${describeValue(type)}`)
    return undefined
  }
  if (GEOMETRY_TYPES.includes(type)) return type as GeometryType
  if (type === 'Feature') {
    issues.add(typePath, 'expected a geometry, got a Feature; send its "geometry" member')
  } else if (type === 'FeatureCollection') {
    issues.add(typePath, 'expected a geometry, got a FeatureCollection; send one feature\'s "geometry" member')
  } else {
    const lowerCase = type.length <= 20 ? type.toLowerCase() : undefined
    const sameLetters = GEOMETRY_TYPES.find((known) => known.toLowerCase() === lowerCase)
    const hint = sameLetters ? `; did you mean "${sameLetters}"?` : ` (expected one of ${GEOMETRY_TYPES.join(', ')})`
    issues.add(typePath, `${describeValue(type).replace('the string ', 'type ')} is not a GeoJSON geometry type${hint}`)
  }
  return undefined
}
