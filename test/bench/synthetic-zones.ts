import type { Polygon } from 'geojson'
import { KINDS, type Kind } from '../../server/domain/kinds.ts'
import { PARTY_TYPES, type PartyType, type Role } from '../../server/domain/parties.ts'
import type { Status } from '../../server/domain/statuses.ts'
import type { BulkZone } from '../../server/storage/sql/bulk-insert.ts'

/**
 * Synthetic zones for the benchmark, the same for the same seed: star-shaped polygons (always
 * simple, so valid) of 50 to 1,000 vertices, log-uniform so that most are simple and a few detailed,
 * scattered over an extent (EXTENTS), with statuses, kinds and parties in proportions like
 * the real dataset's.
 *
 *   await bulkInsertZones(knex, syntheticZones(10_000, 42), { recordedBy: 'bench' })
 */

/** [west, south, east, north] */
export type Extent = readonly [number, number, number, number]

/**
 * Where the synthetic zones lie. `region` (the default), the Middle East, puts 100,000 zones about
 * as close together as a busy conflict region's: ~600 in a zoom-7 tile. `syria` packs them into
 * Syria alone, every place covered by dozens of zones (21,700 in a zoom-7 tile): a stress case.
 */
export const EXTENTS = {
  region: [26, 12, 62, 42],
  syria: [35.7, 32.3, 42.4, 37.3],
} as const satisfies Record<string, Extent>

export const MIN_VERTICES = 50
export const MAX_VERTICES = 1000

export interface SyntheticParty {
  slug: string
  name: string
  type: PartyType
}

export const PARTY_COUNT = 40

/** The parties the synthetic zones name; insert them first. */
export function syntheticParties(): SyntheticParty[] {
  return Array.from({ length: PARTY_COUNT }, (_, index) => ({
    slug: `bench-party-${index + 1}`,
    name: `Bench party ${index + 1}`,
    type: PARTY_TYPES[index % PARTY_TYPES.length]!,
  }))
}

/** Statuses weighted roughly like the Syria dataset: many ended or collapsed, some proposed. */
const STATUS_WEIGHTS: ReadonlyArray<[Status, number]> = [
  ['proposed', 0.2],
  ['agreed', 0.08],
  ['active', 0.22],
  ['suspended', 0.05],
  ['collapsed', 0.2],
  ['ended', 0.2],
  ['rejected', 0.05],
]

/** Kinds drawn as polygons (observation posts are points; they are left out). */
const AREA_KINDS: readonly Kind[] = KINDS.filter((kind) => kind !== 'observation-post')

const ROLES_FOR_ZONE: readonly Role[] = ['sponsor', 'guarantor', 'signatory', 'monitor', 'controlling']

/** mulberry32: a small, fast, seedable generator; good enough for test data. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function weighted<T>(random: () => number, weights: ReadonlyArray<[T, number]>): T {
  let draw = random()
  for (const [value, weight] of weights) {
    draw -= weight
    if (draw < 0) return value
  }
  return weights[weights.length - 1]![0]
}

const logUniform = (random: () => number, low: number, high: number) => Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low)))
const round5 = (value: number) => Math.round(value * 1e5) / 1e5

/** A star-shaped polygon around (x, y): increasing angles and positive radii never cross. */
export function starPolygon(random: () => number, x: number, y: number, radius: number, vertices: number): Polygon {
  const harmonics = [1, 2, 3, 5].map((frequency) => ({ frequency, amplitude: random() * 0.25 / frequency, phase: random() * 2 * Math.PI }))
  const ring: Array<[number, number]> = []
  for (let index = 0; index < vertices; index++) {
    const angle = (2 * Math.PI * index) / vertices
    const wobble = harmonics.reduce((sum, h) => sum + h.amplitude * Math.sin(h.frequency * angle + h.phase), 0)
    const r = radius * Math.max(0.2, 1 + wobble + (random() - 0.5) * 0.04)
    ring.push([round5(x + r * Math.cos(angle)), round5(y + r * Math.sin(angle) * 0.82)])
  }
  // Rounding can merge neighbours on tiny polygons: drop repeats so the ring stays simple.
  const distinct = ring.filter((point, index) => index === 0 || point[0] !== ring[index - 1]![0] || point[1] !== ring[index - 1]![1])
  // RFC 7946: exterior rings counterclockwise (increasing angle is counterclockwise).
  return { type: 'Polygon', coordinates: [[...distinct, distinct[0]!]] }
}

/** `count` zones, deterministic from `seed`, made one at a time; slugs `bench-<seed>-<n>`. */
export function* syntheticZones(count: number, seed = 42, extent: Extent = EXTENTS.region): Generator<BulkZone> {
  const random = randomSource(seed)
  const [west, south, east, north] = extent
  for (let index = 0; index < count; index++) {
    const x = west + random() * (east - west)
    const y = south + random() * (north - south)
    const radius = logUniform(random, 0.01, 0.15)
    const vertices = Math.round(logUniform(random, MIN_VERTICES, MAX_VERTICES))
    const status = weighted(random, STATUS_WEIGHTS)
    const kind = AREA_KINDS[Math.floor(random() * AREA_KINDS.length)]!
    const partyCount = 1 + Math.floor(random() * 4)
    const parties = Array.from({ length: partyCount }, (_, n) => ({
      party: `bench-party-${1 + Math.floor(random() * PARTY_COUNT)}`,
      role: ROLES_FOR_ZONE[(index + n) % ROLES_FOR_ZONE.length]!,
    }))
    const day = new Date(Date.UTC(2012, 0, 1) + Math.floor(random() * 14 * 365) * 86_400_000).toISOString().slice(0, 10)
    yield {
      slug: `bench-${seed}-${index + 1}`,
      name: `Synthetic ${kind.replace(/-/g, ' ')} ${index + 1}`,
      kind,
      description: `A synthetic ${kind} with ${vertices} vertices, for the benchmark.`,
      geometry: starPolygon(random, x, y, radius, vertices),
      status,
      effective_date: day,
      parties,
    }
  }
}

/**
 * The dataset of the export load test: `large` zones of `largeVertices` vertices (near the documented
 * limits) and `small` zones of `smallVertices`, deterministic from `seed`; slugs `export-<seed>-<n>`.
 */
export function* exportLoadZones(
  { large, largeVertices, small, smallVertices }: { large: number; largeVertices: number; small: number; smallVertices: number },
  seed = 7,
): Generator<BulkZone> {
  const random = randomSource(seed)
  const [west, south, east, north] = EXTENTS.region
  for (let index = 0; index < large + small; index++) {
    const big = index < large
    const vertices = big ? largeVertices : smallVertices
    // Wide enough that neighbouring vertices stay apart at 5 decimals, however many there are.
    const radius = big ? 2 : 0.05 + random() * 0.1
    const x = west + 3 + random() * (east - west - 6)
    const y = south + 3 + random() * (north - south - 6)
    const status = weighted(random, STATUS_WEIGHTS)
    yield {
      slug: `export-${seed}-${index + 1}`,
      name: `Export load zone ${index + 1}`,
      kind: 'de-escalation-zone',
      description: `A synthetic zone with ${vertices} vertices, for the export load test.`,
      geometry: starPolygon(random, x, y, radius, vertices),
      status,
      effective_date: '2017-07-09',
      parties: [{ party: `bench-party-${1 + (index % PARTY_COUNT)}`, role: 'sponsor' }],
    }
  }
}
