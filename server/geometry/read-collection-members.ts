import type { GeometryType } from '../domain/kinds.ts'
import { describeValue } from './describe-value.ts'
import type { IssueList } from './geometry-issues.ts'
import { readGeometryType } from './read-geometry-type.ts'

/** A geometry that is not a collection: the whole input, or one member of a GeometryCollection. */
export interface GeometryMember {
  type: Exclude<GeometryType, 'GeometryCollection'>
  object: Record<string, unknown>
  /** '' for the whole input, 'geometries[2]' for a member. */
  path: string
}

/**
 * Reads the `geometries` of an untrusted GeometryCollection: an array of 1 to `maxMembers` geometry
 * objects, none of them a collection itself (RFC 7946 advises against nesting). Returns the members
 * whose type could be read, adding issues for the others; returns undefined, so the caller stops at
 * once, when there are more than `maxMembers`.
 *
 * @example readCollectionMembers({ type: 'GeometryCollection', geometries: [] }, issues, 100) // []; 'a GeometryCollection needs at least 1 geometry, got 0'
 */
export function readCollectionMembers(collection: object, issues: IssueList, maxMembers: number): GeometryMember[] | undefined {
  if (!Object.hasOwn(collection, 'geometries')) {
    issues.add('geometries', 'geometries is missing')
    return []
  }
  const geometries: unknown = (collection as { geometries: unknown }).geometries
  if (!Array.isArray(geometries)) {
    issues.add('geometries', `expected an array of geometries, got ${describeValue(geometries)}`)
    return []
  }
  if (geometries.length > maxMembers) {
    issues.add('geometries', `has ${geometries.length} geometries; the limit is ${maxMembers}`)
    return undefined
  }
  if (geometries.length === 0) issues.add('geometries', 'a GeometryCollection needs at least 1 geometry, got 0')
  const members: GeometryMember[] = []
  for (let i = 0; i < geometries.length; i++) {
    const path = `geometries[${i}]`
    const type = readGeometryType(geometries[i], path, issues)
    if (type === 'GeometryCollection') {
      issues.add(`${path}.type`, 'a GeometryCollection cannot contain another GeometryCollection')
    } else if (type !== undefined) {
      members.push({ type, object: geometries[i] as Record<string, unknown>, path })
    }
  }
  return members
}
