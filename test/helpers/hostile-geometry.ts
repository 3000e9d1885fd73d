import fc from 'fast-check'

type Position = [number, number]

/**
 * Geometries built to hurt a geometry engine, and fast-check arbitraries of them: self-crossing
 * stars (every edge crosses many others), bowties, spikes, repeated points, zero-area and collinear
 * rings, huge and out-of-range coordinates. As GeoJSON positions and as WKT, for filters and bodies.
 */

/** The n points of a star polygon, closed: point i at angle 2π·(i·(n−1)/2 mod n)/n; n odd. */
export function starPositions(n: number, [lon, lat]: Position = [38, 35], radius = 3, decimals = 6): Position[] {
  const round = (value: number) => Number(value.toFixed(decimals))
  const points = Array.from({ length: n }, (_, i): Position => {
    const angle = (2 * Math.PI * (((i * (n - 1)) / 2) % n)) / n
    return [round(lon + radius * Math.cos(angle)), round(lat + radius * Math.sin(angle))]
  })
  return [...points, points[0]!]
}

export const wktRing = (positions: readonly Position[]): string => `(${positions.map(([x, y]) => `${x} ${y}`).join(', ')})`

/** A star polygon as WKT, at one decimal so that a 337-point star fits a 4 KiB filter. */
export const starWkt = (n: number): string => `POLYGON(${wktRing(starPositions(n, [38, 35], 3, 1))})`

/** Rings that are not valid polygon rings, each in a different way. */
export const DEGENERATE_RINGS: Position[][] = [
  [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]], // bowtie
  [[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]], // spike back along an edge
  [[0, 0], [0, 0], [0, 0], [0, 0]], // one repeated point
  [[0, 0], [1, 1], [0, 0], [1, 1], [0, 0]], // two points, back and forth
  [[0, 0], [1, 1], [2, 2], [0, 0]], // collinear: zero area
  [[36, 35], [37, 35], [37, 36], [36, 35], [36.5, 35.2], [36, 35]], // touches itself at a corner
]

/** A self-crossing or degenerate ring somewhere in Syria (a star of 5 to 61 points, or a degenerate ring moved there). */
export const invalidRing: fc.Arbitrary<Position[]> = fc.oneof(
  fc.record({ n: fc.integer({ min: 2, max: 30 }), lon: fc.double({ min: 36, max: 41, noNaN: true }), lat: fc.double({ min: 33, max: 37, noNaN: true }), radius: fc.double({ min: 1e-6, max: 2, noNaN: true }) })
    .map(({ n, lon, lat, radius }) => starPositions(2 * n + 1, [lon, lat], radius, 6)),
  fc.record({ ring: fc.constantFrom(...DEGENERATE_RINGS), lon: fc.integer({ min: 35, max: 40 }), lat: fc.integer({ min: 32, max: 36 }) })
    .map(({ ring, lon, lat }) => ring.map(([x, y]): Position => [x + lon, y + lat])),
)

/** Coordinates that are no longitude or latitude, or barely are. */
export const hostileCoordinate: fc.Arbitrary<number> = fc.constantFrom(1e308, -1e308, 180.0000001, -90.0000001, 1e-320, 5e-324, 181, 91, 360, 0, -0)

/** Text for a coordinate in a query string or WKT: numbers no JSON or double holds, and near misses. */
export const hostileCoordinateText: fc.Arbitrary<string> = fc.constantFrom('1e309', '-1e309', 'Infinity', 'NaN', '1e308', '180.0000001', '-90.0000001', '0x10', '1_0', '.', '-', '')

/** A ring of a polygon with one hostile coordinate in it (as a write body would carry it). */
export const ringWithHostileCoordinate: fc.Arbitrary<number[][]> = fc
  .record({ at: fc.integer({ min: 0, max: 2 }), axis: fc.integer({ min: 0, max: 1 }), value: hostileCoordinate })
  .map(({ at, axis, value }) => {
    const ring = [[36, 35], [37, 35], [37, 36], [36, 35]]
    ring[at]![axis] = value
    if (at === 0) ring[3]![axis] = value
    return ring
  })
