import type { FastifyInstance, InjectOptions } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { apiToken, createAccount, signIn, type Session } from '../helpers/accounts.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { dataDigest, schemaDigest } from '../helpers/table-digest.ts'

/**
 * An SQL-injection corpus against every parameter, path segment, body field and header the API
 * reads: nothing answers 5xx, nothing sleeps, the schema never changes, a refused request changes
 * no data, and an accepted one stores the text literally (it was a bound value, not SQL).
 */
const CORPUS = [
  "'",
  "''",
  '"',
  '\\',
  "' OR '1'='1",
  "' OR 1=1 --",
  '1 OR 1=1',
  '1; DROP TABLE zones; --',
  "'; DROP TABLE zones; --",
  '"; DROP TABLE zones; --',
  'zones"; DROP TABLE zones; --',
  "') OR ('1'='1",
  '1) OR (1=1',
  "' UNION SELECT username, password_hash FROM users --",
  '1 UNION SELECT null, null --',
  "'; UPDATE zones SET name = 'pwned'; --",
  "'; INSERT INTO users (username, password_hash, role) VALUES ('evil', 'x', 'admin'); --",
  '$$; DROP TABLE zones; $$',
  "'; SELECT pg_sleep(10); --",
  '1 AND pg_sleep(10) IS NULL',
  "\\'; DROP TABLE zones; --",
  "E'\\x27 OR 1=1 --'",
  "'||(SELECT version())||'",
  "'; COPY users TO '/tmp/truce-atlas-leak'; --",
  "'; CREATE ROLE evil SUPERUSER LOGIN; --",
  "'; SET statement_timeout = 1; --",
  '/**/OR/**/1=1',
  '?',
  '$1',
  '::text',
  '%27%20OR%201%3D1',
  "name); DROP TABLE zones; --",
  "a' AND (SELECT count(*) FROM users) > 0 --",
  '"; SELECT * FROM pg_shadow; --',
]

/** A text field that is stored when accepted: the value read back must be the payload itself. */
interface Stored {
  read: (app: FastifyInstance, response: { body: string; headers: Record<string, unknown> }) => Promise<unknown>
}

interface Target {
  label: string
  request: (payload: string) => InjectOptions | Promise<InjectOptions>
  stored?: Stored
}

const service = useTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0', LOGIN_ATTEMPTS_PER_ADDRESS: '100000' } })
let bearer: Record<string, string>
let admin: Session
let schema: string
let data: Record<string, string>
let counter = 0

beforeAll(async () => {
  await createAccount(service.app, 'probe', 'editor')
  await createAccount(service.app, 'root', 'admin')
  bearer = await apiToken(service.app, await signIn(service.app, 'probe'))
  admin = await signIn(service.app, 'root')
  schema = await schemaDigest(service.db.knex)
  data = await dataDigest(service.db.knex)
})

const encode = (text: string) => encodeURIComponent(text)
const json = (payload: unknown) => JSON.stringify(payload)
const etagOf = async (slug: string) => String((await service.app.inject(`/zones/${slug}`)).headers.etag)
const zoneField = (field: string): Stored => ({
  read: async (_app, response) => JSON.parse((await service.app.inject(String(response.headers.location ?? '').replace(/^https?:\/\/[^/]+/, '') || '/nowhere')).body).properties?.[field],
})

const newZone = (properties: Record<string, unknown> = {}, geometry: unknown = { type: 'Polygon', coordinates: [[[36.1, 33.1], [36.2, 33.1], [36.2, 33.2], [36.1, 33.2], [36.1, 33.1]]] }) => ({
  type: 'Feature',
  geometry,
  properties: { name: `Probe zone ${(counter += 1)}`, kind: 'ceasefire-zone', effective_date: '2026-02-01', reason: 'probe', ...properties },
})

const ZONE_QUERY = ['status', 'kind', 'sponsor', 'party', 'role', 'bbox', 'contains', 'as_of', 'q', 'limit', 'cursor', 'properties', 'geometry', 'precision']

const CHANGES_QUERY = ['from', 'to', 'type', 'kind', 'status', 'party', 'sponsor', 'zone', 'bbox', 'q', 'recorded_as_of', 'limit', 'cursor']
const changesUrl = (path: string, name: string, payload: string) => `${path}?${new URLSearchParams({ from: '2017-01-01', to: '2017-12-31', [name]: payload })}`

const TARGETS: Record<string, Target[]> = {
  'GET /zones': [
    ...ZONE_QUERY.map((name) => ({ label: `query ${name}`, request: (payload: string) => ({ url: `/zones?${name}=${encode(payload)}` }) })),
    ...ZONE_QUERY.map((name) => ({ label: `query ${name} in a list`, request: (payload: string) => ({ url: `/zones?${name}=${encode(`proposed,${payload}`)}` }) })),
    { label: 'a query parameter name', request: (payload) => ({ url: `/zones?${encode(payload)}=1` }) },
  ],
  'GET /zones/:id and its history': [
    { label: 'path id', request: (payload) => ({ url: `/zones/${encode(payload)}` }) },
    { label: 'path id of the history', request: (payload) => ({ url: `/zones/${encode(payload)}/history` }) },
    ...['as_of', 'properties', 'geometry', 'precision'].map((name) => ({ label: `query ${name}`, request: (payload: string) => ({ url: `/zones/siege-of-raqqa?${name}=${encode(payload)}` }) })),
  ],
  'GET /changes and its feed': [
    ...CHANGES_QUERY.map((name) => ({ label: `query ${name}`, request: (payload: string) => ({ url: changesUrl('/changes', name, payload) }) })),
    ...CHANGES_QUERY.map((name) => ({ label: `feed query ${name}`, request: (payload: string) => ({ url: changesUrl('/changes.atom', name, payload) }) })),
  ],
  'parties and the audit log': [
    { label: 'GET /parties/:slug', request: (payload) => ({ url: `/parties/${encode(payload)}` }) },
    ...['zone', 'user', 'from', 'to', 'before', 'limit'].map((name) => ({ label: `GET /audit ${name}`, request: (payload: string) => ({ url: `/audit?${name}=${encode(payload)}`, headers: admin.headers }) })),
    ...['slug', 'name', 'type', 'note'].map((name) => ({
      label: `POST /parties ${name}`,
      request: (payload: string) => ({ method: 'POST' as const, url: '/parties', headers: admin.headers, payload: { slug: `probe-party-${(counter += 1)}`, name: 'Probe', type: 'state', [name]: payload } }),
    })),
    ...['name', 'type', 'note'].map((name) => ({
      label: `PATCH /parties/:slug ${name}`,
      request: (payload: string) => ({ method: 'PATCH' as const, url: '/parties/jordan', headers: admin.headers, payload: { [name]: payload } }),
    })),
    { label: 'PATCH /parties/:slug path', request: (payload) => ({ method: 'PATCH', url: `/parties/${encode(payload)}`, headers: admin.headers, payload: { name: 'x' } }) },
  ],
  'POST /zones': [
    ...['name', 'slug', 'kind', 'description', 'status', 'effective_date', 'reason', 'source_url', 'source_title', 'location_precision', 'geometry_note'].map((name) => ({
      label: `body properties.${name}`,
      request: (payload: string) => ({ method: 'POST' as const, url: '/zones', headers: bearer, payload: newZone({ [name]: payload }) }),
      ...(['name', 'description', 'geometry_note'].includes(name) ? { stored: zoneField(name) } : {}),
    })),
    ...['party', 'role', 'note'].map((name) => ({
      label: `body properties.parties[0].${name}`,
      request: (payload: string) => ({ method: 'POST' as const, url: '/zones', headers: bearer, payload: newZone({ parties: [{ party: 'jordan', role: 'mediator', [name]: payload }] }) }),
    })),
    { label: 'body geometry.type', request: (payload) => ({ method: 'POST', url: '/zones', headers: bearer, payload: newZone({}, { type: payload, coordinates: [36.1, 33.1] }) }) },
    { label: 'body geometry coordinates', request: (payload) => ({ method: 'POST', url: '/zones', headers: bearer, payload: newZone({}, { type: 'Point', coordinates: [payload, 33.1] }) }) },
    { label: 'body geometry crs', request: (payload) => ({ method: 'POST', url: '/zones', headers: bearer, payload: newZone({}, { type: 'Point', coordinates: [36.1, 33.1], crs: { type: 'name', properties: { name: payload } } }) }) },
    { label: 'a body property name', request: (payload) => ({ method: 'POST', url: '/zones', headers: bearer, payload: newZone({ [payload]: 'x' }) }) },
  ],
  'PATCH, status, archive': [
    ...['name', 'description', 'kind', 'location_precision', 'geometry_note', 'proposed_on', 'in_force_from', 'ended_on'].map((name) => ({
      label: `PATCH body ${name}`,
      request: async (payload: string) => ({ method: 'PATCH' as const, url: '/zones/sweida-ceasefire-2025', headers: { ...bearer, 'if-match': await etagOf('sweida-ceasefire-2025') }, payload: { [name]: payload } }),
    })),
    { label: 'PATCH body parties[0].party', request: async (payload) => ({ method: 'PATCH', url: '/zones/sweida-ceasefire-2025', headers: { ...bearer, 'if-match': await etagOf('sweida-ceasefire-2025') }, payload: { parties: [{ party: payload, role: 'sponsor' }] } }) },
    { label: 'PATCH path id', request: (payload) => ({ method: 'PATCH', url: `/zones/${encode(payload)}`, headers: { ...bearer, 'if-match': '"zone-1-v1"' }, payload: { name: 'x' } }) },
    { label: 'PATCH header if-match', request: (payload) => ({ method: 'PATCH', url: '/zones/sweida-ceasefire-2025', headers: { ...bearer, 'if-match': payload }, payload: { name: 'x' } }) },
    ...['status', 'effective_date', 'reason', 'source_url', 'source_title'].map((name) => ({
      label: `POST status body ${name}`,
      request: async (payload: string) => ({
        method: 'POST' as const,
        url: '/zones/kobani-dmz-proposal/status',
        headers: { ...bearer, 'if-match': await etagOf('kobani-dmz-proposal') },
        payload: { status: 'rejected', effective_date: '2026-03-01', reason: 'probe', [name]: payload },
      }),
    })),
    { label: 'DELETE header if-match', request: (payload) => ({ method: 'DELETE', url: '/zones/sweida-ceasefire-2025', headers: { ...bearer, 'if-match': payload } }) },
    { label: 'DELETE path id', request: (payload) => ({ method: 'DELETE', url: `/zones/${encode(payload)}`, headers: { ...bearer, 'if-match': '"zone-1-v1"' } }) },
  ],
  'accounts and sign-in': [
    { label: 'POST /auth/login username', request: (payload) => ({ method: 'POST', url: '/auth/login', payload: { username: payload, password: 'whatever it is' } }) },
    { label: 'POST /auth/login password', request: (payload) => ({ method: 'POST', url: '/auth/login', payload: { username: 'root', password: payload } }) },
    { label: 'POST /auth/tokens name', request: (payload) => ({ method: 'POST', url: '/auth/tokens', headers: bearer, payload: { name: payload } }) },
    { label: 'DELETE /auth/tokens/:id', request: (payload) => ({ method: 'DELETE', url: `/auth/tokens/${encode(payload)}`, headers: bearer }) },
    { label: 'header authorization', request: (payload) => ({ url: '/auth/me', headers: { authorization: `Bearer ${payload}` } }) },
    { label: 'header authorization token', request: (payload) => ({ url: '/auth/me', headers: { authorization: `Bearer ta_${payload}` } }) },
    { label: 'header cookie', request: (payload) => ({ url: '/auth/me', headers: { cookie: `truce_atlas_session=${encode(payload)}` } }) },
    { label: 'header x-csrf-token', request: (payload) => ({ method: 'POST', url: '/auth/tokens', headers: { cookie: admin.cookie, 'x-csrf-token': payload }, payload: { name: 'x' } }) },
    ...['username', 'role', 'password'].map((name) => ({
      label: `POST /users ${name}`,
      request: (payload: string) => ({ method: 'POST' as const, url: '/users', headers: admin.headers, payload: { username: `probe${(counter += 1)}`, role: 'editor', password: 'a long enough password', [name]: payload } }),
    })),
    { label: 'PATCH /users/:username path', request: (payload) => ({ method: 'PATCH', url: `/users/${encode(payload)}`, headers: admin.headers, payload: { disabled: false } }) },
    { label: 'PATCH /users/:username role', request: (payload) => ({ method: 'PATCH', url: '/users/probe', headers: admin.headers, payload: { role: payload } }) },
  ],
}

describe(`the SQL-injection corpus changes nothing, on ${backend}`, () => {
  it.each(Object.keys(TARGETS))('%s', async (group) => {
    for (const target of TARGETS[group]!) {
      let reads = false
      for (const payload of CORPUS) {
        const options = await target.request(payload)
        const started = Date.now()
        const response = await service.app.inject(options)
        const where = `${target.label} = ${JSON.stringify(payload)} (${options.method ?? 'GET'} ${options.url}) -> ${response.statusCode} ${response.body.slice(0, 200)}`
        expect(response.statusCode, where).toBeLessThan(500)
        expect(Date.now() - started, `slow, as if it slept: ${where}`).toBeLessThan(7000)
        // The payload may come back (quoted in a 400, or stored); what must not is the database's own voice.
        expect(response.body, where).not.toMatch(/syntax error|at character \d|relation "|column "|SQLSTATE|node_modules|\/work\/|"(password|token)_hash"\s*:/i)
        // Reads are checked once per target, below; writes after every request.
        reads = (options.method ?? 'GET') === 'GET'
        if (reads) continue
        const after = await dataDigest(service.db.knex)
        if (response.statusCode >= 200 && response.statusCode < 300) {
          if (target.stored) expect(await target.stored.read(service.app, response), `stored literally: ${where}`).toBe(payload)
          data = after
        } else {
          expect(after, `a refused request changed data: ${where}`).toEqual(data)
        }
      }
      if (reads) expect(await dataDigest(service.db.knex), `a read changed data: ${target.label}`).toEqual(data)
    }
    expect(await schemaDigest(service.db.knex)).toBe(schema)
  }, 180_000)

  it('leaves no trace of the payloads: the tables, the accounts and the roles are as they were', async () => {
    expect(await schemaDigest(service.db.knex)).toBe(schema)
    expect(await service.db.knex('users').whereIn('username', ['evil']).count('* as count').first()).toEqual({ count: 0 })
    expect(await service.db.knex('zones').where({ name: 'pwned' }).count('* as count').first()).toEqual({ count: 0 })
    expect((await service.db.knex.raw(`select count(*)::int as count from pg_roles where rolname = 'evil'`)).rows[0].count).toBe(0)
    expect((await service.db.knex('zones').where('name', 'like', 'Probe zone%').orWhere('name', 'in', CORPUS).count('* as count').first())!.count).toBeGreaterThan(0)
  })
})
