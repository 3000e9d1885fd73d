/** How two segments meet: crossing in both interiors, touching at an end, or running along each other. */
export interface SegmentContact {
  kind: 'cross' | 'touch' | 'overlap'
  /** Where they meet (for an overlap, where the shared stretch starts). */
  x: number
  y: number
}

/**
 * Where segment a-b meets segment c-d, if it does, using orientation tests rather than slopes so
 * vertical and collinear segments need no special case. Both segments must have non-zero length.
 * Unlike turf's kinks, collinear segments that share a stretch are reported (as 'overlap').
 *
 * @example segmentContact(0, 0, 1, 1, 1, 0, 0, 1) // { kind: 'cross', x: 0.5, y: 0.5 }
 */
export function segmentContact(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): SegmentContact | undefined {
  const a = Math.sign(orient(cx, cy, dx, dy, ax, ay))
  const b = Math.sign(orient(cx, cy, dx, dy, bx, by))
  const c = Math.sign(orient(ax, ay, bx, by, cx, cy))
  const d = Math.sign(orient(ax, ay, bx, by, dx, dy))
  if (a === 0 && b === 0 && c === 0 && d === 0) return collinearContact(ax, ay, bx, by, cx, cy, dx, dy)
  if (a * b < 0 && c * d < 0) {
    const da = orient(cx, cy, dx, dy, ax, ay)
    const t = da / (da - orient(cx, cy, dx, dy, bx, by))
    return { kind: 'cross', x: ax + t * (bx - ax), y: ay + t * (by - ay) }
  }
  if (a === 0 && within(ax, ay, cx, cy, dx, dy)) return { kind: 'touch', x: ax, y: ay }
  if (b === 0 && within(bx, by, cx, cy, dx, dy)) return { kind: 'touch', x: bx, y: by }
  if (c === 0 && within(cx, cy, ax, ay, bx, by)) return { kind: 'touch', x: cx, y: cy }
  if (d === 0 && within(dx, dy, ax, ay, bx, by)) return { kind: 'touch', x: dx, y: dy }
  return undefined
}

/** Twice the signed area of triangle p-q-r: positive when r is left of p->q. */
function orient(px: number, py: number, qx: number, qy: number, rx: number, ry: number): number {
  return (qx - px) * (ry - py) - (qy - py) * (rx - px)
}

/** Whether point p, already known to be on the line through q-r, lies within the segment q-r. */
function within(px: number, py: number, qx: number, qy: number, rx: number, ry: number): boolean {
  return px >= Math.min(qx, rx) && px <= Math.max(qx, rx) && py >= Math.min(qy, ry) && py <= Math.max(qy, ry)
}

function collinearContact(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): SegmentContact | undefined {
  // Compare positions along whichever axis the first segment spans most.
  const alongX = Math.abs(bx - ax) >= Math.abs(by - ay)
  const points: [number, number][] = [[ax, ay], [bx, by], [cx, cy], [dx, dy]]
  const along = (i: number) => (alongX ? points[i]![0] : points[i]![1])
  const low = Math.max(Math.min(along(0), along(1)), Math.min(along(2), along(3)))
  const high = Math.min(Math.max(along(0), along(1)), Math.max(along(2), along(3)))
  if (low > high) return undefined
  const start = [0, 1, 2, 3].find((i) => along(i) === low)!
  const [x, y] = points[start]!
  return { kind: low < high ? 'overlap' : 'touch', x, y }
}
