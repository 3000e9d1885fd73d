import type { Position } from 'geojson'
import { type SegmentContact, segmentContact } from './segment-contact.ts'

/** Two edges that make a polygon invalid. Edges are named by the index of the position they start from. */
export interface RingCrossing {
  /** Index into the `rings` given; ringA <= ringB, and edgeA < edgeB when they are the same ring. */
  ringA: number
  edgeA: number
  ringB: number
  edgeB: number
  kind: SegmentContact['kind']
  x: number
  y: number
}

export interface RingCrossingSearch {
  crossings: RingCrossing[]
  /** The comparison budget ran out before the search finished. */
  exhausted: boolean
}

/**
 * What a search may spend: `comparisons` in all, and at most `afterFirstContact` of them once a
 * first contact is found (the shape is invalid by then; further contacts only make the report
 * fuller), so a shape with a contact at every edge (a star) costs little more than finding its first.
 */
export interface CrossingBudget {
  comparisons: number
  afterFirstContact?: number
}

export const COMPARISONS_AFTER_FIRST_CONTACT = 10_000

/** Which contact to report when a pair of rings meets several times: a spike reads better than a touch. */
const TELLING = { overlap: 3, cross: 2, touch: 1 } as const

/**
 * Finds edges of closed rings that meet where they must not: within a ring, any contact between
 * edges that are not neighbours (and neighbours that double back over each other); between two
 * rings, a crossing or a shared stretch (touching at a single point is allowed, as in OGC simple
 * features). Reports one contact per pair of rings (the most telling: overlap, then cross, then
 * touch), and stops at `maxCrossings` pairs.
 *
 * A sweep along x compares only edges whose x-ranges overlap, so an ordinary 100,000-vertex border
 * takes milliseconds where turf's kinks (which compares every pair) would take most of a minute.
 * Every comparison is taken from `budget.comparisons`, so even a shape built to defeat the sweep
 * (thousands of long, nearly parallel edges) stops early and says so with `exhausted`. Once a
 * contact is found, at most `budget.afterFirstContact` more are spent looking for others.
 *
 * @example
 * findRingCrossings([[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]], { comparisons: 1e6 }, 20)
 * // { crossings: [{ ringA: 0, edgeA: 0, ringB: 0, edgeB: 2, kind: 'cross', x: 0.5, y: 0.5 }], exhausted: false }
 */
export function findRingCrossings(rings: readonly Position[][], budget: CrossingBudget, maxCrossings: number): RingCrossingSearch {
  const afterFirstContact = budget.afterFirstContact ?? COMPARISONS_AFTER_FIRST_CONTACT
  const edges = collectEdges(rings)
  const { count, x1, y1, x2, y2, minX, maxX, minY, maxY, ring, local, start, ringEdges } = edges
  const order = Array.from({ length: count }, (_, i) => i).sort((i, j) => minX[i]! - minX[j]!)
  const active = new Int32Array(count)
  let activeLength = 0
  const crossings: RingCrossing[] = []
  const reported = new Map<number, number>() // ring pair -> index in crossings
  for (const s of order) {
    let kept = 0
    for (let k = 0; k < activeLength; k++) {
      const t = active[k]!
      if (maxX[t]! < minX[s]!) continue // the sweep has passed this edge for good
      active[kept++] = t
      if (--budget.comparisons < 0) return { crossings, exhausted: crossings.length === 0 }
      if (maxY[t]! < minY[s]! || minY[t]! > maxY[s]!) continue
      const contact = segmentContact(x1[t]!, y1[t]!, x2[t]!, y2[t]!, x1[s]!, y1[s]!, x2[s]!, y2[s]!)
      if (!contact) continue
      const sameRing = ring[t] === ring[s]
      const gap = Math.abs(local[t]! - local[s]!)
      const neighbours = sameRing && (gap === 1 || gap === ringEdges[ring[t]!]! - 1)
      if (neighbours ? contact.kind !== 'overlap' : !sameRing && contact.kind === 'touch') continue
      const [first, second] = ring[t]! < ring[s]! || (sameRing && start[t]! < start[s]!) ? [t, s] : [s, t]
      const pair = ring[first]! * rings.length + ring[second]!
      const found = { ringA: ring[first]!, edgeA: start[first]!, ringB: ring[second]!, edgeB: start[second]!, ...contact }
      const earlier = reported.get(pair)
      if (earlier === undefined) {
        if (crossings.length === 0) budget.comparisons = Math.min(budget.comparisons, afterFirstContact)
        reported.set(pair, crossings.length)
        crossings.push(found)
        if (crossings.length >= maxCrossings) return { crossings, exhausted: false }
      } else if (TELLING[contact.kind] > TELLING[crossings[earlier]!.kind]) {
        crossings[earlier] = found
      }
    }
    active[kept++] = s
    activeLength = kept
  }
  return { crossings, exhausted: false }
}

/** The rings' edges in flat typed arrays, skipping zero-length edges from repeated positions. */
function collectEdges(rings: readonly Position[][]) {
  let capacity = 0
  for (const positions of rings) capacity += Math.max(positions.length - 1, 0)
  const [x1, y1, x2, y2, minX, maxX, minY, maxY] = Array.from({ length: 8 }, () => new Float64Array(capacity))
  const ring = new Int32Array(capacity)
  const local = new Int32Array(capacity)
  const start = new Int32Array(capacity)
  const ringEdges = new Int32Array(rings.length)
  let count = 0
  rings.forEach((positions, r) => {
    let from = 0
    for (let k = 1; k < positions.length; k++) {
      const [px, py] = positions[from] as [number, number]
      const [qx, qy] = positions[k] as [number, number]
      if (px === qx && py === qy) continue
      x1![count] = px
      y1![count] = py
      x2![count] = qx
      y2![count] = qy
      minX![count] = Math.min(px, qx)
      maxX![count] = Math.max(px, qx)
      minY![count] = Math.min(py, qy)
      maxY![count] = Math.max(py, qy)
      ring[count] = r
      local[count] = ringEdges[r]!
      start[count] = from
      ringEdges[r] = ringEdges[r]! + 1
      count += 1
      from = k
    }
  })
  return { count, x1: x1!, y1: y1!, x2: x2!, y2: y2!, minX: minX!, maxX: maxX!, minY: minY!, maxY: maxY!, ring, local, start, ringEdges }
}
