import fc from 'fast-check'
import type { InjectOptions } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { KINDS } from '../../server/domain/kinds.ts'
import { ROLES } from '../../server/domain/parties.ts'
import { STATUSES } from '../../server/domain/statuses.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { dataDigest } from '../helpers/table-digest.ts'
import { SEED, dateText, encode, geometry, mutate, nastyText, runs, slugText, validPolygon, wireBody, zoneIdText } from '../helpers/hostile-input.ts'

/**
 * Property tests of the zone writes, signed in with an API token: random and malformed GeoJSON and
 * JSON bodies, headers and ids never make a 5xx, and a write that is refused changes nothing at all
 * (a digest of every table is compared before and after each refused request).
 */
const service = useTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } })
let bearer: Record<string, string>
let zoneSlugs: string[]
let partySlugs: string[]
let stored: Record<string, string>
const outcomes = new Map<string, number>()

beforeAll(async () => {
  await createAccount(service.app, 'fuzzer', 'editor')
  bearer = await apiToken(service.app, await signIn(service.app, 'fuzzer'))
  zoneSlugs = (await service.db.knex('zones').orderBy('id').pluck('slug')) as string[]
  partySlugs = (await service.db.knex('parties').orderBy('id').pluck('slug')) as string[]
  stored = await dataDigest(service.db.knex)
})

/**
 * Sends a write and checks the rules every answer keeps: below 500, problem+json when refused, and
 * nothing stored changed unless it succeeded.
 */
async function write(label: string, options: InjectOptions): Promise<number> {
  const response = await service.app.inject(options)
  const status = response.statusCode
  const where = `${options.method} ${options.url} ${String(options.payload ?? '').slice(0, 300)} -> ${response.body.slice(0, 300)}`
  expect(status, where).toBeLessThan(500)
  const after = await dataDigest(service.db.knex)
  if (status >= 200 && status < 300) {
    stored = after
  } else {
    expect(String(response.headers['content-type']), where).toMatch(/^application\/problem\+json/)
    expect(response.body, where).not.toMatch(/ at .*\.(ts|js):\d+|node_modules|\/work\/|insert into|select /i)
    expect(after, `a refused write changed stored data: ${where}`).toEqual(stored)
  }
  const key = `${label} ${status}`
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
  return status
}

/** Headers of a write: usually the token, sometimes none or a broken one; and the content type. */
const authorization = fc.oneof(
  { weight: 12, arbitrary: fc.constant('token') },
  { weight: 1, arbitrary: fc.constant('none') },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('Bearer ', 'Bearer ta_', 'Basic YTpi', 'bearer ta_0000'), nastyText) },
)
function headersFor(auth: string, contentType: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { ...extra }
  if (auth === 'token') Object.assign(headers, bearer)
  else if (auth !== 'none') headers['authorization'] = auth.replace(/[^\x20-\x7e]/g, '?')
  if (contentType) headers['content-type'] = contentType
  return headers
}

const laterDate = fc.date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10))
const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max })
const partyList = fc.array(
  fc.record({ party: slugText(['syrian-government', 'russia', 'turkey', 'jordan', 'united-states']), role: fc.oneof(fc.constantFrom(...ROLES), nastyText), note: fc.option(nastyText) }, { requiredKeys: ['party', 'role'] }),
  { maxLength: 4 },
)
const sourceUrl = fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'http://', 'https://example.org/a b', 'ftp://example.org/x'), nastyText)

/** New zones' properties; each generated zone is named afresh so that some of them are created. */
function newZoneProperties(counter: () => number): fc.Arbitrary<Record<string, unknown>> {
  const named = (properties: Record<string, unknown>) => (properties['name'] === FRESH_NAME ? { ...properties, name: `Fuzz zone ${counter()}` } : properties)
  return mutate(
    { name: FRESH_NAME, kind: 'ceasefire-zone', effective_date: '2026-02-01', reason: 'generated', parties: [] as unknown[] },
    {
      name: fc.oneof(text(60), nastyText),
      kind: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KINDS) }, { weight: 1, arbitrary: nastyText }),
      slug: slugText(zoneSlugs),
      description: fc.oneof(fc.constant(null), nastyText),
      status: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...STATUSES) }, { weight: 1, arbitrary: nastyText }),
      effective_date: fc.oneof(laterDate, dateText),
      reason: fc.oneof(text(100), nastyText),
      source_url: sourceUrl,
      source_title: nastyText,
      location_precision: fc.oneof(fc.constantFrom('approximate', 'exact'), nastyText),
      geometry_note: fc.oneof(fc.constant(null), nastyText),
      parties: fc.oneof(partyList, fc.jsonValue({ maxDepth: 2 })),
    },
  ).map(named)
}
const FRESH_NAME = '\u0001fresh'
const PLACEHOLDERS = { type: '\u0001type', geometry: '\u0001geometry', properties: '\u0001properties' }

/** The generated feature with its placeholders replaced by the generated parts. */
function fillIn(feature: Record<string, unknown>, parts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(feature).map(([name, value]) => [name, value === PLACEHOLDERS[name as keyof typeof PLACEHOLDERS] ? parts[name] : value]))
}

describe(`property: hostile writes never fail on the server and never half-happen, on ${backend}`, () => {
  it('POST /zones with random and malformed GeoJSON Features', async () => {
    let created = 0
    const counter = () => (created += 1)
    const hostile = fc
      .tuple(newZoneProperties(counter), geometry, fc.constantFrom('Feature', 'Feature', 'Feature', 'FeatureCollection', 'feature'), mutate(PLACEHOLDERS, { id: fc.jsonValue(), bbox: fc.jsonValue(), geometry: fc.oneof(geometry, fc.constant(null)), properties: fc.jsonValue() }))
      .map(([properties, shape, type, feature]) => fillIn(feature, { type, geometry: shape, properties }))
    const valid = fc
      .tuple(validPolygon, fc.constantFrom('ceasefire-zone', 'safe-zone', 'siege', 'de-escalation-zone'), fc.constantFrom(...STATUSES), laterDate, text(100), fc.option(fc.webUrl()))
      .map(([shape, kind, status, date, reason, url]) => ({
        type: 'Feature',
        geometry: shape,
        properties: { name: `Fuzz zone ${counter()}`, kind, status, effective_date: date, reason, ...(url ? { source_url: url } : {}) },
      }))
    const feature = fc.oneof({ weight: 1, arbitrary: valid }, { weight: 3, arbitrary: hostile })
    await fc.assert(
      fc.asyncProperty(authorization, wireBody(fc.oneof({ weight: 8, arbitrary: feature }, { weight: 1, arbitrary: fc.jsonValue() })), async (auth, body) => {
        await write('POST /zones', { method: 'POST', url: '/zones', headers: headersFor(auth, body.contentType), payload: body.payload })
      }),
      { seed: SEED, numRuns: runs(900) },
    )
    // Valid features go in, invalid ones are refused for what they are.
    expect(outcomes.get('POST /zones 201')).toBeGreaterThan(runs(900) / 20)
    expect(outcomes.get('POST /zones 422')).toBeGreaterThan(runs(900) / 50)
    expect(outcomes.get('POST /zones 400')).toBeGreaterThan(runs(900) / 10)
  }, 180_000)

  it('PATCH /zones/:id with random changes, If-Match headers and ids', async () => {
    const patch = mutate({}, {
        name: fc.oneof(text(60), nastyText),
        description: fc.oneof(fc.constant(null), nastyText),
        kind: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KINDS) }, { weight: 1, arbitrary: nastyText }),
        geometry: fc.oneof(geometry, fc.constant(null)),
        location_precision: fc.oneof(fc.constantFrom('approximate', 'exact'), nastyText),
        geometry_note: fc.oneof(fc.constant(null), nastyText),
        proposed_on: fc.oneof(fc.constant(null), laterDate, dateText),
        in_force_from: fc.oneof(fc.constant(null), laterDate, dateText),
        ended_on: fc.oneof(fc.constant(null), laterDate, dateText),
        parties: fc.oneof(partyList, fc.jsonValue({ maxDepth: 2 })),
        version: fc.integer(),
      })
    await fc.assert(
      fc.asyncProperty(
        authorization,
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...zoneSlugs) }, { weight: 1, arbitrary: zoneIdText(zoneSlugs) }),
        fc.constantFrom('current', 'current', 'current', 'current', 'stale', 'junk', 'missing'),
        nastyText,
        wireBody(fc.oneof({ weight: 8, arbitrary: patch }, { weight: 1, arbitrary: fc.jsonValue() })),
        async (auth, id, ifMatch, junk, body) => {
          const etag = String((await service.app.inject(`/zones/${encode(id)}`)).headers.etag ?? '"zone-1-v1"')
          const header = ifMatch === 'current' ? etag : ifMatch === 'stale' ? etag.replace(/-v(\d+)"$/, (_match, version) => `-v${Number(version) - 1}"`) : ifMatch === 'junk' ? junk.replace(/[^\x20-\x7e]/g, '?') : undefined
          await write('PATCH /zones/:id', { method: 'PATCH', url: `/zones/${encode(id)}`, headers: headersFor(auth, body.contentType, header === undefined ? {} : { 'if-match': header }), payload: body.payload })
        },
      ),
      { seed: SEED, numRuns: runs(700) },
    )
    expect(outcomes.get('PATCH /zones/:id 200')).toBeGreaterThan(runs(700) / 20)
  }, 180_000)

  it('POST /zones/:id/status with random status changes', async () => {
    const change = mutate(
        { status: 'active', effective_date: '2026-06-01', reason: 'generated' },
        {
          status: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...STATUSES) }, { weight: 1, arbitrary: nastyText }),
          effective_date: fc.oneof(laterDate, dateText),
          reason: fc.oneof(text(100), nastyText),
          source_url: sourceUrl,
          source_title: fc.oneof(text(60), nastyText),
          note: nastyText,
        },
      )
    await fc.assert(
      fc.asyncProperty(
        authorization,
        fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...zoneSlugs) }, { weight: 1, arbitrary: zoneIdText(zoneSlugs) }),
        fc.constantFrom('current', 'current', 'current', 'current', 'stale', 'missing'),
        wireBody(fc.oneof({ weight: 8, arbitrary: change }, { weight: 1, arbitrary: fc.jsonValue() })),
        async (auth, id, ifMatch, body) => {
          const etag = String((await service.app.inject(`/zones/${encode(id)}`)).headers.etag ?? '"zone-1-v1"')
          const header = ifMatch === 'current' ? etag : ifMatch === 'stale' ? '"zone-1-v0"' : undefined
          await write('POST /zones/:id/status', { method: 'POST', url: `/zones/${encode(id)}/status`, headers: headersFor(auth, body.contentType, header === undefined ? {} : { 'if-match': header }), payload: body.payload })
        },
      ),
      { seed: SEED, numRuns: runs(600) },
    )
    expect(outcomes.get('POST /zones/:id/status 200')).toBeGreaterThan(0)
  }, 180_000)
})
