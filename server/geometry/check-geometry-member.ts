import type { Geometry, Position } from 'geojson'
import { checkCoordinates } from './check-coordinates.ts'
import { type TopologyBudget, checkPolygonTopology } from './check-polygon-topology.ts'
import type { IssueList } from './geometry-issues.ts'
import type { GeometryMember } from './read-collection-members.ts'
import { windPolygon } from './wind-polygon.ts'

/**
 * Checks one geometry that is not a collection, once its type is known and its size is within the
 * limits: the coordinates' structure and values, then (for areas whose structure is sound) crossing
 * edges and holes. Returns a fresh copy with only `type` and `coordinates` (foreign members and a
 * possibly stale `bbox` are dropped) and RFC 7946 winding, or undefined after adding the issues.
 *
 * @example
 * checkGeometryMember({ type: 'Point', object: { type: 'Point', coordinates: [36.5, 35.5] }, path: '' }, issues, budget)
 * // { type: 'Point', coordinates: [36.5, 35.5] }
 */
export function checkGeometryMember(member: GeometryMember, issues: IssueList, budget: TopologyBudget): Geometry | undefined {
  const path = member.path ? `${member.path}.coordinates` : 'coordinates'
  if (!Object.hasOwn(member.object, 'coordinates')) {
    issues.add(path, 'coordinates is missing')
    return undefined
  }
  const before = issues.count
  const coordinates = checkCoordinates(member.type, member.object.coordinates, path, issues)
  if (coordinates === undefined || issues.count > before) return undefined
  if (member.type === 'Polygon') {
    const rings = coordinates as Position[][]
    checkPolygonTopology([rings], path, false, issues, budget)
    return { type: 'Polygon', coordinates: windPolygon(rings) }
  }
  if (member.type === 'MultiPolygon') {
    const polygons = coordinates as Position[][][]
    checkPolygonTopology(polygons, path, true, issues, budget)
    return { type: 'MultiPolygon', coordinates: polygons.map(windPolygon) }
  }
  return { type: member.type, coordinates } as Geometry
}
