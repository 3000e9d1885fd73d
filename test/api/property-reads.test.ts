import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { dataDigest } from '../helpers/table-digest.ts'
import { SEED, encode, numberText, queryString, rawQueryString, runs, slugText, validZonesQuery, zoneIdText, zonesQuery } from '../helpers/hostile-input.ts'
import { hostileCoordinateText, invalidRing, starWkt, wktRing } from '../helpers/hostile-geometry.ts'

/**
 * Property tests of the read routes: random and malformed query strings and ids never make a 5xx,
 * every refusal is problem+json, and no read changes what is stored.
 */
const service = useTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } })
let zoneSlugs: string[]
let partySlugs: string[]
let stored: Record<string, string>

beforeAll(async () => {
  zoneSlugs = (await service.db.knex('zones').orderBy('id').pluck('slug')) as string[]
  partySlugs = (await service.db.knex('parties').orderBy('id').pluck('slug')) as string[]
  stored = await dataDigest(service.db.knex)
})

/** Sends a GET and checks what every answer must satisfy; returns the status. */
async function get(url: string): Promise<number> {
  const response = await service.app.inject({ method: 'GET', url })
  const type = String(response.headers['content-type'] ?? '')
  expect(response.statusCode, `${url} -> ${response.body.slice(0, 300)}`).toBeLessThan(500)
  if (response.statusCode >= 400) {
    expect(type, url).toMatch(/^application\/problem\+json/)
    const problem = JSON.parse(response.body)
    expect(problem.status).toBe(response.statusCode)
    expect(response.body).not.toMatch(/ at .*\.(ts|js):\d+|node_modules|\/work\/|select |syntax error/i)
  } else {
    expect(() => JSON.parse(response.body), url).not.toThrow()
  }
  return response.statusCode
}

/** Every few requests, and at the end, what is stored must be as it was. */
async function expectUnchanged(index: number, every = 25): Promise<void> {
  if (index % every === 0) expect(await dataDigest(service.db.knex)).toEqual(stored)
}

describe(`property: hostile reads never fail on the server, on ${backend}`, () => {
  it('GET /zones with random query strings', async () => {
    let index = 0
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: validZonesQuery(partySlugs).map(queryString) }, { weight: 3, arbitrary: zonesQuery(partySlugs).map(queryString) }, { weight: 1, arbitrary: rawQueryString }), async (query) => {
        const status = await get(`/zones?${query}`)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        await expectUnchanged(++index)
      }),
      { seed: SEED, numRuns: runs(1400) },
    )
    // The generators reach both sides: answers as well as refusals.
    expect(statuses.get(200)).toBeGreaterThan(runs(1400) / 5)
    expect(statuses.get(400)).toBeGreaterThan(runs(1400) / 5)
    expect(await dataDigest(service.db.knex)).toEqual(stored)
  }, 120_000)

  it('GET /ogc/collections/zones/items with self-crossing and degenerate filter geometries, hostile bboxes and paging numbers', async () => {
    const operator = fc.constantFrom('S_INTERSECTS', 'S_EQUALS', 'S_DISJOINT', 'S_TOUCHES', 'S_WITHIN', 'S_OVERLAPS', 'S_CROSSES', 'S_CONTAINS')
    const polygonWkt = fc.oneof(
      invalidRing.map((ring) => `POLYGON(${wktRing(ring as [number, number][])})`),
      fc.array(invalidRing, { minLength: 1, maxLength: 3 }).map((rings) => `MULTIPOLYGON(${rings.map((ring) => `(${wktRing(ring as [number, number][])})`).join(', ')})`),
      fc.integer({ min: 2, max: 200 }).map((half) => starWkt(2 * half + 1)),
      fc.tuple(hostileCoordinateText, hostileCoordinateText).map(([x, y]) => `POINT(${x} ${y})`),
      fc.tuple(hostileCoordinateText, numberText).map(([x, y]) => `BBOX(${x}, 35, ${y}, 36)`),
    )
    const query = fc.record(
      {
        filter: fc.tuple(operator, polygonWkt, fc.boolean()).map(([op, wkt, flipped]) => (flipped ? `${op}(${wkt}, geometry)` : `${op}(geometry, ${wkt})`)),
        bbox: fc.array(fc.oneof(hostileCoordinateText, numberText), { minLength: 4, maxLength: 6 }).map((values) => values.join(',')),
        limit: numberText,
        offset: fc.oneof(numberText, fc.constantFrom('Infinity', '-Infinity', '1e309')),
      },
      { requiredKeys: ['filter'] },
    )
    let index = 0
    await fc.assert(
      fc.asyncProperty(query, async (parameters) => {
        await get(`/ogc/collections/zones/items?${Object.entries(parameters).map(([name, value]) => `${name}=${encode(value)}`).join('&')}`)
        await expectUnchanged(++index)
      }),
      { seed: SEED, numRuns: runs(300) },
    )
    expect(await dataDigest(service.db.knex)).toEqual(stored)
  }, 300_000)

  it('GET /zones/:id and /zones/:id/history with random ids and queries', async () => {
    let index = 0
    const zoneQuery = zonesQuery(partySlugs).map(({ as_of, properties, geometry, precision }) => queryString({ ...(as_of ? { as_of } : {}), ...(properties ? { properties } : {}), ...(geometry ? { geometry } : {}), ...(precision ? { precision } : {}) }))
    await fc.assert(
      fc.asyncProperty(zoneIdText(zoneSlugs), fc.oneof(zoneQuery, rawQueryString), fc.boolean(), async (id, query, history) => {
        await get(history ? `/zones/${encode(id)}/history` : `/zones/${encode(id)}?${query}`)
        await expectUnchanged(++index)
      }),
      { seed: SEED, numRuns: runs(700) },
    )
    expect(await dataDigest(service.db.knex)).toEqual(stored)
  }, 120_000)

  it('GET /parties/:slug with random slugs', async () => {
    let index = 0
    await fc.assert(
      fc.asyncProperty(slugText(partySlugs), rawQueryString, async (slug, query) => {
        await get(`/parties/${encode(slug)}?${query}`)
        await expectUnchanged(++index)
      }),
      { seed: SEED, numRuns: runs(300) },
    )
    expect(await dataDigest(service.db.knex)).toEqual(stored)
  }, 120_000)
})
