import type { Position } from 'geojson'
import { checkPosition } from './check-position.ts'
import { describeValue } from './describe-value.ts'
import type { IssueList } from './geometry-issues.ts'

/**
 * Checks one untrusted polygon ring: an array of valid positions, at least 4 of them, closed (the
 * last repeats the first exactly) and with at least 3 distinct corners. `name` says which ring in
 * the messages ("the outer ring", "hole 2"). Returns a fresh copy, or undefined after adding the
 * issues. Whether the ring crosses itself is left to checkPolygonTopology.
 *
 * @example checkRing([[0, 0], [1, 0], [1, 1]], 'coordinates[0]', 'the outer ring', issues) // undefined; "the outer ring has 3 positions; ..."
 */
export function checkRing(value: unknown, path: string, name: string, issues: IssueList): Position[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, `expected an array of positions for ${name}, got ${describeValue(value)}`)
    return undefined
  }
  if (value.length < 4) {
    const positions = `${value.length} position${value.length === 1 ? '' : 's'}`
    issues.add(path, `${name} has ${positions}; a ring needs at least 4 (three corners, then the first repeated)`)
  }
  const ring: Position[] = []
  for (let i = 0; i < value.length; i++) {
    const position = checkPosition(value[i], `${path}[${i}]`, issues)
    if (position) ring.push(position)
  }
  if (value.length < 4 || ring.length < value.length) return undefined
  const first = ring[0]!
  const last = ring[ring.length - 1]!
  if (first.length !== last.length || first.some((coordinate, i) => coordinate !== last[i])) {
    issues.add(`${path}[${ring.length - 1}]`, `${name} is not closed: its last position (${last.join(', ')}) must repeat its first (${first.join(', ')})`)
    return undefined
  }
  const corners = countCorners(ring)
  if (corners < 3) {
    issues.add(path, `${name} has only ${corners} distinct corner${corners === 1 ? '' : 's'}; a ring needs at least 3`)
    return undefined
  }
  return ring
}

/** Corners of a closed ring, not counting a position that repeats the one before it. */
function countCorners(ring: Position[]): number {
  let corners = 1
  for (let i = 1; i < ring.length - 1; i++) {
    if (ring[i]![0] !== ring[i - 1]![0] || ring[i]![1] !== ring[i - 1]![1]) corners += 1
  }
  const last = ring[ring.length - 2]!
  const first = ring[0]!
  // The closing position repeats the first corner; if the one before it does too, it was counted twice.
  if (corners > 1 && last[0] === first[0] && last[1] === first[1]) corners -= 1
  return corners
}
