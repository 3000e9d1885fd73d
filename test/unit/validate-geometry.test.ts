import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { booleanClockwise, kinks } from '@turf/turf'
import type { Feature, Geometry, Polygon, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import type { Kind } from '../../server/domain/kinds.ts'
import { GEOMETRY_LIMITS, type GeometryIssue, validateGeometry } from '../../server/geometry/validate-geometry.ts'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/validate-geometry')

interface ValidProperties {
  kind: Kind
  expected_winding_fixed: boolean
}
interface InvalidProperties {
  kind: Kind
  expected: GeometryIssue[]
}

function fixtures(folder: 'valid' | 'invalid'): string[] {
  return readdirSync(path.join(FIXTURES, folder)).filter((file) => file.endsWith('.geojson'))
}

function readFixture<P>(folder: 'valid' | 'invalid', file: string): Feature<Geometry, P> {
  return JSON.parse(readFileSync(path.join(FIXTURES, folder, file), 'utf8')) as Feature<Geometry, P>
}

/** Freezes without recursion, so inputs nested 10,000 deep can be frozen too. */
function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (next && typeof next === 'object' && !Object.isFrozen(next)) {
      Object.freeze(next)
      for (const child of Object.values(next)) pending.push(child)
    }
  }
  return value
}

/** What the normalised copy keeps of a geometry: type and coordinates (or geometries). */
function withoutForeignMembers(geometry: Geometry): Geometry {
  if (geometry.type === 'GeometryCollection') return { type: geometry.type, geometries: geometry.geometries.map(withoutForeignMembers) }
  return { type: geometry.type, coordinates: geometry.coordinates } as Geometry
}

/** Each polygon's rings, whatever the geometry. */
function polygonsOf(geometry: Geometry): Position[][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates]
  if (geometry.type === 'MultiPolygon') return geometry.coordinates
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(polygonsOf)
  return []
}

/** The geometry with every ring turned to start in the same direction, to compare up to winding. */
function ringsInOneDirection(geometry: Geometry): Geometry {
  const orient = (ring: Position[]) => (booleanClockwise(ring) ? ring : [...ring].reverse())
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: geometry.coordinates.map(orient) }
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: geometry.coordinates.map((rings) => rings.map(orient)) }
  if (geometry.type === 'GeometryCollection') return { ...geometry, geometries: geometry.geometries.map(ringsInOneDirection) }
  return geometry
}

function issuesOf(input: unknown, kind: Kind): GeometryIssue[] {
  const verdict = validateGeometry(input, { kind })
  if (verdict.valid) throw new Error('expected the geometry to be refused')
  return verdict.issues
}

describe('validateGeometry: valid fixtures', () => {
  it.each(fixtures('valid'))('%s', (file) => {
    const feature = deepFreeze(readFixture<ValidProperties>('valid', file))
    const original = structuredClone(feature.geometry)
    const verdict = validateGeometry(feature.geometry, { kind: feature.properties.kind })
    if (!verdict.valid) expect(verdict.issues).toEqual([])
    if (!verdict.valid) return

    expect(feature.geometry, 'input unchanged').toEqual(original)
    for (const rings of polygonsOf(verdict.geometry)) {
      rings.forEach((ring, index) => {
        expect(booleanClockwise(ring), index === 0 ? 'outer ring counter-clockwise' : `hole ${index} clockwise`).toBe(index > 0)
        // kinks takes a repeated position (a zero-length edge) for a kink, so it gets the ring without them
        const corners = ring.filter((position, i) => i === 0 || position.some((value, axis) => value !== ring[i - 1]![axis]))
        expect(kinks({ type: 'Polygon', coordinates: [corners] } as Polygon).features, 'turf agrees the ring is simple').toEqual([])
      })
    }
    const plain = withoutForeignMembers(original)
    if (feature.properties.expected_winding_fixed) {
      expect(verdict.geometry).not.toEqual(plain)
      expect(ringsInOneDirection(verdict.geometry)).toEqual(ringsInOneDirection(plain))
    } else {
      expect(verdict.geometry).toEqual(plain)
    }
  })
})

describe('validateGeometry: invalid fixtures', () => {
  it.each(fixtures('invalid'))('%s', (file) => {
    const feature = deepFreeze(readFixture<InvalidProperties>('invalid', file))
    expect(validateGeometry(feature.geometry, { kind: feature.properties.kind })).toEqual({ valid: false, issues: feature.properties.expected })
  })
})

describe('validateGeometry: values JSON cannot carry', () => {
  it('refuses NaN and Infinity', () => {
    const point = deepFreeze({ type: 'Point', coordinates: [Number.NaN, Number.POSITIVE_INFINITY] })
    expect(issuesOf(point, 'observation-post')).toEqual([
      { path: 'coordinates[0]', message: 'longitude must be a finite number, got NaN' },
      { path: 'coordinates[1]', message: 'latitude must be a finite number, got Infinity' },
    ])
  })

  it('refuses -Infinity and a NaN altitude', () => {
    const line = deepFreeze({ type: 'LineString', coordinates: [[36, Number.NEGATIVE_INFINITY], [36.1, 35, Number.NaN]] })
    expect(issuesOf(line, 'humanitarian-corridor')).toEqual([
      { path: 'coordinates[0][1]', message: 'latitude must be a finite number, got -Infinity' },
      { path: 'coordinates[1][2]', message: 'altitude must be a finite number, got NaN' },
    ])
  })

  it('names values of any JavaScript type without throwing', () => {
    const odd: unknown[] = [undefined, 'Point', 7n, Symbol('x'), () => 1, [], new Date(0), Object.create(null)]
    for (const value of odd) expect(validateGeometry(value, { kind: 'siege' }).valid).toBe(false)
    expect(issuesOf(7n, 'siege')).toEqual([{ path: 'type', message: 'expected a GeoJSON geometry object, got a bigint' }])
    // A hole in a sparse array, and a prototype-less object with a good type
    const sparse = Object.assign(Object.create(null), { type: 'LineString', coordinates: [[36, 35], , [36.2, 35]] })
    expect(issuesOf(deepFreeze(sparse), 'humanitarian-corridor')).toEqual([
      { path: 'coordinates[1]', message: 'expected a position [longitude, latitude], got nothing' },
    ])
  })

  it('throws on an unknown kind, a programmer error', () => {
    expect(() => validateGeometry({ type: 'Point', coordinates: [0, 0] }, { kind: 'castle' as Kind })).toThrow(TypeError)
  })
})

describe('validateGeometry: hostile sizes are refused before any expensive check', () => {
  const limit = GEOMETRY_LIMITS.vertices
  const line = (count: number) => Array.from({ length: count }, (_, i) => [(i % 3600) / 20, 0])

  it('a LineString of a million vertices', () => {
    const input = deepFreeze({ type: 'LineString', coordinates: line(1_000_000) })
    expect(issuesOf(input, 'humanitarian-corridor')).toEqual([{ path: 'coordinates', message: `has 1000000 vertices; the limit is ${limit}` }])
  })

  it('a polygon ring of a million vertices (not even closed)', () => {
    const input = deepFreeze({ type: 'Polygon', coordinates: [line(1_000_000)] })
    expect(issuesOf(input, 'siege')).toEqual([{ path: 'coordinates', message: `has 1000000 vertices; the limit is ${limit}` }])
  })

  it('a million empty rings', () => {
    const input = deepFreeze({ type: 'Polygon', coordinates: Array.from({ length: 1_000_000 }, () => []) })
    expect(issuesOf(input, 'siege')).toEqual([
      { path: 'coordinates', message: `has more than ${limit} lines, rings or polygons; the limit is ${limit}` },
    ])
  })

  it('collection members that are small alone but too big together', () => {
    const member = { type: 'LineString', coordinates: line(60_000) }
    expect(issuesOf(deepFreeze({ type: 'GeometryCollection', geometries: [member, member] }), 'ceasefire-zone')).toEqual([
      { path: 'geometries', message: `has 120000 vertices; the limit is ${limit}` },
    ])
    expect(issuesOf(deepFreeze({ type: 'GeometryCollection', geometries: [member, member, member] }), 'ceasefire-zone')).toEqual([
      { path: 'geometries', message: `has at least 120000 vertices; the limit is ${limit}` },
    ])
  })

  it('a collection of 101 members', () => {
    const input = deepFreeze({ type: 'GeometryCollection', geometries: Array.from({ length: 101 }, () => ({ type: 'Point', coordinates: [36, 35] })) })
    expect(issuesOf(input, 'ceasefire-zone')).toEqual([{ path: 'geometries', message: 'has 101 geometries; the limit is 100' }])
  })

  it('arrays nested 10,000 deep', () => {
    let nested: unknown = [36.5, 35.5]
    for (let depth = 0; depth < 10_000; depth++) nested = [nested]
    const position = 'a position needs 2 or 3 numbers (longitude, latitude, optional altitude), got 1'
    expect(issuesOf(deepFreeze({ type: 'Point', coordinates: nested }), 'observation-post')).toEqual([{ path: 'coordinates', message: position }])
    expect(issuesOf(deepFreeze({ type: 'MultiPolygon', coordinates: nested }), 'siege')).toEqual([
      { path: 'coordinates[0][0]', message: 'the outer ring has 1 position; a ring needs at least 4 (three corners, then the first repeated)' },
      { path: 'coordinates[0][0][0]', message: position },
    ])
  })

  it('a huge string as the type', () => {
    const input = deepFreeze({ type: 'x'.repeat(10_000_000), coordinates: [36, 35] })
    expect(issuesOf(input, 'observation-post')[0]!.message).toMatch(/^type "x{24}…" is not a GeoJSON geometry type/)
  })

  it('a shape built to defeat the crossing search (long, nearly parallel edges)', () => {
    const ring: Position[] = []
    for (let i = 0; i < 49_998; i++) ring.push([0, i * 1e-4], [10, 10 + i * 1e-4])
    ring.push([-1, 20], [-1, 0], [0, 0])
    expect(issuesOf(deepFreeze({ type: 'Polygon', coordinates: [ring] }), 'siege')).toEqual([
      { path: 'coordinates', message: 'the shape is too intricate to check for crossing edges in reasonable time; simplify it' },
    ])
  })

  it('accepts a detailed but ordinary outline just under the limit, and winds it', () => {
    const count = limit - 4
    const ring: Position[] = Array.from({ length: count }, (_, i) => {
      const angle = (-2 * Math.PI * i) / count // clockwise, to be rewound
      return [36.5 + 0.5 * Math.cos(angle), 35.5 + 0.5 * Math.sin(angle)]
    })
    ring.push(ring[0]!)
    const input = deepFreeze({ type: 'Polygon', coordinates: [ring] })
    const verdict = validateGeometry(input, { kind: 'safe-zone' })
    expect(verdict.valid).toBe(true)
    if (!verdict.valid || verdict.geometry.type !== 'Polygon') return
    expect(verdict.geometry.coordinates[0]).toEqual([...ring].reverse())
    expect(booleanClockwise(verdict.geometry.coordinates[0]!)).toBe(false)
  })
})
