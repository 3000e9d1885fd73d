import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type { Polygon, Position } from 'geojson'
import { type CrossingBudget, findRingCrossings } from './find-ring-crossings.ts'
import type { IssueList } from './geometry-issues.ts'

/** Shared by all polygons of one geometry, so a collection cannot multiply the work. */
export type TopologyBudget = CrossingBudget

const MAX_CROSSINGS = 20

/**
 * Checks polygons whose rings already passed checkRing: no ring crosses or touches itself, holes
 * do not cross their outer ring or each other and lie inside it, and the polygons of a
 * MultiPolygon do not cross each other. `path` is the geometry's coordinates path; `multi` says
 * whether `polygons` is a MultiPolygon's (paths get the polygon index) or a lone Polygon's rings.
 * Not checked: a hole inside another hole, or a polygon of a MultiPolygon lying wholly inside another.
 *
 * @example
 * checkPolygonTopology([[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]], 'coordinates', false, issues, { comparisons: 1e6 })
 * // adds { path: 'coordinates[0][0]', message: 'the outer ring crosses itself at 0.5, 0.5 (edges from positions 0 and 2)' }
 */
export function checkPolygonTopology(
  polygons: readonly Position[][][],
  path: string,
  multi: boolean,
  issues: IssueList,
  budget: TopologyBudget,
): void {
  const ringPath = (polygon: number, ring: number) => (multi ? `${path}[${polygon}][${ring}]` : `${path}[${ring}]`)
  const rings: Position[][] = []
  const owner: { polygon: number; ring: number }[] = []
  polygons.forEach((polygon, p) => polygon.forEach((ring, r) => (rings.push(ring), owner.push({ polygon: p, ring: r }))))

  const search = findRingCrossings(rings, budget, MAX_CROSSINGS)
  const spoilt = new Set<string>() // polygon:ring pairs whose containment cannot be judged
  for (const crossing of search.crossings) {
    const a = owner[crossing.ringA]!
    const b = owner[crossing.ringB]!
    const at = `${formatCoordinate(crossing.x)}, ${formatCoordinate(crossing.y)}`
    const where = `${ringPath(b.polygon, b.ring)}[${crossing.edgeB}]`
    spoilt.add(`${a.polygon}:${a.ring}`).add(`${b.polygon}:${b.ring}`)
    if (crossing.ringA === crossing.ringB) {
      const verb = { cross: 'crosses', touch: 'touches', overlap: 'doubles back on' }[crossing.kind]
      issues.add(
        `${ringPath(a.polygon, a.ring)}[${crossing.edgeA}]`,
        `${ringName(a.ring)} ${verb} itself at ${at} (edges from positions ${crossing.edgeA} and ${crossing.edgeB})`,
      )
    } else if (a.polygon !== b.polygon) {
      issues.add(where, `polygons ${a.polygon} and ${b.polygon} ${crossing.kind === 'cross' ? 'cross' : 'share an edge'} at ${at}`)
    } else if (a.ring === 0) {
      issues.add(where, `hole ${b.ring} is not inside its outer ring: their edges ${crossing.kind === 'cross' ? 'cross' : 'overlap'} at ${at}`)
    } else {
      issues.add(where, `holes ${a.ring} and ${b.ring} ${crossing.kind === 'cross' ? 'cross' : 'share an edge'} at ${at}`)
    }
  }
  if (search.exhausted) {
    issues.add(path, 'the shape is too intricate to check for crossing edges in reasonable time; simplify it')
    return
  }

  polygons.forEach((polygon, p) => {
    if (spoilt.has(`${p}:0`)) return
    const shell: Polygon = { type: 'Polygon', coordinates: [polygon[0]!] }
    for (let h = 1; h < polygon.length; h++) {
      if (spoilt.has(`${p}:${h}`)) continue
      const placed = placeHole(polygon[h]!, shell, budget)
      if (placed === 'unknown') {
        issues.add(path, 'the shape is too intricate to check that its holes are inside in reasonable time; simplify it')
        return
      }
      if (placed === 'outside') issues.add(ringPath(p, h), `hole ${h} is not inside its outer ring`)
    }
  })
}

/**
 * A hole that crosses nothing is wholly inside or wholly outside its shell, so its first corner
 * that is not on the shell's boundary decides. A hole with every corner on the boundary counts as inside.
 */
function placeHole(hole: Position[], shell: Polygon, budget: TopologyBudget): 'inside' | 'outside' | 'unknown' {
  const cost = 2 * shell.coordinates[0]!.length
  for (let i = 0; i < hole.length - 1; i++) {
    budget.comparisons -= cost
    if (budget.comparisons < 0) return 'unknown'
    if (!booleanPointInPolygon(hole[i]!, shell)) return 'outside'
    if (booleanPointInPolygon(hole[i]!, shell, { ignoreBoundary: true })) return 'inside'
  }
  return 'inside'
}

function ringName(ring: number): string {
  return ring === 0 ? 'the outer ring' : `hole ${ring}`
}

/** Enough digits for a person to find the spot (about 10 cm), without floating-point noise. */
function formatCoordinate(value: number): string {
  return String(Number(value.toFixed(6)))
}
