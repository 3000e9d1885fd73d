/** Running totals for one geometry, or for all members of a GeometryCollection. */
export interface SizeTally {
  /** Positions. */
  vertices: number
  /** Arrays above the positions: lines, rings and polygons. */
  parts: number
}

/**
 * Adds the size of `coordinates` to `tally` and returns false as soon as either total passes
 * `limit`. Runs before any other check so a hostile body is refused after a few array-length reads:
 * it walks one nesting level at a time, never looks inside positions, never descends deeper than
 * the geometry type allows, and stops at the first level that is too big. `levels` is how many
 * arrays wrap the positions (Point 0, LineString 1, Polygon 2, MultiPolygon 3). Values that are not
 * arrays count as nothing; the structure check reports them.
 *
 * @example
 * const tally = { vertices: 0, parts: 0 }
 * countVertices([[[0, 0], [1, 0], [1, 1], [0, 0]]], 2, tally, 100_000) // true; tally.vertices is 4
 */
export function countVertices(coordinates: unknown, levels: number, tally: SizeTally, limit: number): boolean {
  if (levels === 0) {
    tally.vertices += 1
    return tally.vertices <= limit
  }
  let frontier: unknown[] = [coordinates]
  for (let level = 1; level <= levels; level++) {
    // The frontier is never longer than `limit`: the previous level passed the same check.
    let entries = 0
    for (const value of frontier) if (Array.isArray(value)) entries += value.length
    if (level === levels) {
      tally.vertices += entries
      return tally.vertices <= limit
    }
    tally.parts += entries
    if (tally.parts > limit) return false
    const next: unknown[] = []
    for (const value of frontier) {
      if (!Array.isArray(value)) continue
      for (let i = 0; i < value.length; i++) next.push(value[i])
    }
    frontier = next
  }
  return true
}
