import type { Geometry } from 'geojson'
import { type GeometryType, KINDS, type Kind, geometryTypesForKind } from '../domain/kinds.ts'
import { checkGeometryMember } from './check-geometry-member.ts'
import { countVertices } from './count-vertices.ts'
import { type GeometryIssue, type IssueList, createIssueList } from './geometry-issues.ts'
import { type GeometryMember, readCollectionMembers } from './read-collection-members.ts'
import { readGeometryType } from './read-geometry-type.ts'

export type { GeometryIssue } from './geometry-issues.ts'

export type GeometryVerdict =
  /** `geometry` is a fresh copy: only type and coordinates (or geometries), RFC 7946 winding. */
  | { valid: true; geometry: Geometry }
  | { valid: false; issues: GeometryIssue[] }

/** Documented limits; bodies over them are refused before any expensive check. */
export const GEOMETRY_LIMITS = {
  /** Positions in the whole geometry; lines, rings and polygons together may not exceed it either. */
  vertices: 100_000,
  /** Members of a GeometryCollection. */
  members: 100,
  /** Issues reported; the last of them then says how many more there were. */
  issues: 20,
  /** Edge comparisons (and point-in-ring steps) spent on crossing edges and holes: about 0.3 s at worst. */
  comparisons: 10_000_000,
} as const

const NESTING: Record<GeometryMember['type'], number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
}

/**
 * Checks an untrusted geometry from a request body before it is stored for a zone of the given
 * kind, and returns either a normalised copy or every issue found (up to GEOMETRY_LIMITS.issues),
 * each with a path relative to the geometry. Never throws on any input and never changes it;
 * throws only for an unknown kind, which is a programmer error.
 *
 * Checks, in order: a geometry object with a known type that fits the kind; size (refused at once
 * when too big); coordinate structure, finite numbers and ranges; lines of 2+ positions and closed
 * rings of 4+; then rings that cross or touch themselves, holes outside their outer ring.
 *
 * @example
 * validateGeometry({ type: 'LineString', coordinates: [[36.2, 33.5], [36.3, 33.6]] }, { kind: 'siege' })
 * // { valid: false, issues: [{ path: 'type', message: 'a siege is drawn as Polygon or MultiPolygon, not LineString' }] }
 */
export function validateGeometry(input: unknown, options: { kind: Kind }): GeometryVerdict {
  const kind: unknown = options?.kind
  if (!(KINDS as readonly unknown[]).includes(kind)) throw new TypeError(`validateGeometry: unknown kind ${String(kind)}`)
  const issues = createIssueList(GEOMETRY_LIMITS.issues)
  const refuse = (): GeometryVerdict => ({ valid: false, issues: issues.list() })

  const type = readGeometryType(input, '', issues)
  if (type === undefined) return refuse()
  const allowed = geometryTypesForKind(kind as Kind)
  if (!allowed.includes(type)) issues.add('type', `${nameKind(kind as Kind)} is drawn as ${listTypes(allowed)}, not ${type}`)

  const collection = type === 'GeometryCollection'
  const members = collection
    ? readCollectionMembers(input as object, issues, GEOMETRY_LIMITS.members)
    : [{ type, object: input as Record<string, unknown>, path: '' }]
  if (members === undefined || !fitsSizeLimit(members, collection, issues)) return refuse()

  const budget = { comparisons: GEOMETRY_LIMITS.comparisons }
  const checked = members.map((member) => checkGeometryMember(member, issues, budget))
  if (issues.count > 0) return refuse()
  const geometries = checked as Geometry[]
  return { valid: true, geometry: collection ? { type: 'GeometryCollection', geometries } : geometries[0]! }
}

/**
 * Whether validateGeometry refuses `input` at its size check, found after a few array-length reads:
 * such a geometry is refused at once rather than copied to a worker thread to be refused there.
 */
export function isOversized(input: unknown): boolean {
  const issues = createIssueList(1)
  const type = readGeometryType(input, '', issues)
  if (type === undefined) return false
  const collection = type === 'GeometryCollection'
  const members = collection ? readCollectionMembers(input as object, issues, GEOMETRY_LIMITS.members) : [{ type, object: input as Record<string, unknown>, path: '' }]
  return members !== undefined && !fitsSizeLimit(members, collection, issues)
}

function fitsSizeLimit(members: GeometryMember[], collection: boolean, issues: IssueList): boolean {
  const limit = GEOMETRY_LIMITS.vertices
  const tally = { vertices: 0, parts: 0 }
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!
    const coordinates = Object.hasOwn(member.object, 'coordinates') ? member.object.coordinates : undefined
    if (countVertices(coordinates, NESTING[member.type], tally, limit)) continue
    const path = collection ? 'geometries' : 'coordinates'
    const atLeast = i < members.length - 1 ? 'at least ' : ''
    issues.add(
      path,
      tally.vertices > limit
        ? `has ${atLeast}${tally.vertices} vertices; the limit is ${limit}`
        : `has more than ${limit} lines, rings or polygons; the limit is ${limit}`,
    )
    return false
  }
  return true
}

/** 'observation-post' -> 'an observation post', 'de-escalation-zone' -> 'a de-escalation zone'. */
function nameKind(kind: Kind): string {
  const noun = kind.replace(/-(zone|corridor|post)$/, ' $1')
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`
}

/** ['Polygon', 'MultiPolygon', 'GeometryCollection'] -> 'Polygon, MultiPolygon or GeometryCollection'. */
function listTypes(types: readonly GeometryType[]): string {
  return types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`
}
