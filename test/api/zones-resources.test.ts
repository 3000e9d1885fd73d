import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import SwaggerParser from '@apidevtools/swagger-parser'
import { check } from '@placemarkio/check-geojson'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend, createTestDatabase } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { expectMatchesSchema, zoneResponseValidators } from '../helpers/response-schemas.ts'

const service = useTestApp()
const schemas = zoneResponseValidators()

describe('the declared /zones response schemas', () => {
  it('refuse documents that break them, so that passing them means something', () => {
    const feature = { type: 'Feature', id: 1, geometry: null, properties: { slug: 'a-zone', status: 'active' } }
    expect(schemas.zoneFeature(feature)).toBe(true)
    expect(schemas.zoneFeature({ ...feature, properties: { status: 'bogus' } })).toBe(false)
    expect(schemas.zoneFeature({ ...feature, properties: { password_hash: 'x' } })).toBe(false)
    expect(schemas.zoneCollection({ type: 'FeatureCollection', numberReturned: 1, links: [], features: [{ ...feature, id: 'one' }] })).toBe(false)
    expect(schemas.zoneHistory({ zone: { id: 1, links: [] }, history: [{ id: 1 }] })).toBe(false)
    expect(schemas.problem({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'x', errors: [{ where: 'query.x' }] })).toBe(false)
  })
})

describe(`one zone, its history and the parties on ${backend}`, () => {
  it('GET /zones/:id answers the same Feature by id and by slug', async () => {
    const bySlug = await request(service.app, '/zones/siege-of-raqqa')
    expect(bySlug.status).toBe(200)
    expect(bySlug.headers['content-type']).toBe('application/geo+json; charset=utf-8')
    expect(() => check(bySlug.text)).not.toThrow()
    expect(bySlug.body).toMatchObject({ type: 'Feature', properties: { slug: 'siege-of-raqqa', status: 'ended' } })
    expectMatchesSchema(schemas.zoneFeature, bySlug.body)
    const byId = await request(service.app, `/zones/${bySlug.body.id}`)
    expect(byId.body).toEqual(bySlug.body)
  })

  it('GET /zones/:id?as_of= gives the status of that day', async () => {
    const response = await request(service.app, '/zones/south-west-de-escalation-zone?as_of=2017-07-08&properties=status')
    expect(response.body.properties).toEqual({ status: 'agreed' })
    expectMatchesSchema(schemas.zoneFeature, response.body, 'a zone with properties=status')
    const before = await request(service.app, '/zones/south-west-de-escalation-zone?as_of=2017-01-01')
    expect(before.status).toBe(404)
    expectMatchesSchema(schemas.problem, before.body, 'the 404 problem')
  })

  it('GET /zones/:id/history lists the dated changes with reasons and sources, oldest first', async () => {
    const response = await request(service.app, '/zones/south-west-de-escalation-zone/history')
    expect(response.status).toBe(200)
    expectMatchesSchema(schemas.zoneHistory, response.body)
    const history = response.body.history as Array<Record<string, any>>
    expect(history.map((entry) => [entry.from_status, entry.to_status, entry.effective_on])).toEqual([
      [null, 'proposed', '2017-05-04'],
      ['proposed', 'agreed', '2017-07-07'],
      ['agreed', 'active', '2017-07-09'],
      ['active', 'collapsed', '2018-06-18'],
    ])
    expect(history[1]!.sources[0].url).toMatch(/^https:\/\/dw\.com\//)
    for (const entry of history) {
      expect(entry.reason.length).toBeGreaterThan(5)
      expect(entry.sources.length).toBeGreaterThan(0)
      expect(['stated', 'inferred']).toContain(entry.basis)
    }
  })

  it('GET /parties lists every party with its zone count; GET /parties/:slug its zones and roles', async () => {
    const parties = await request(service.app, '/parties')
    expect(parties.status).toBe(200)
    const jordan = parties.body.find((party: { slug: string }) => party.slug === 'jordan')
    expect(jordan).toMatchObject({ name: 'Jordan', type: 'state', zone_count: 2 })
    const isis = await request(service.app, '/parties/isis')
    // Besieged in Raqqa, besieger of Deir ez-Zor, signatory of the Qalamoun evacuation; excluded from the
    // ceasefires of three Astana zones and the nationwide one.
    // (Listed by name, whose order follows the database's collation: compared as a set.)
    expect(isis.body.zones).toHaveLength(7)
    expect(isis.body.zones).toEqual(expect.arrayContaining([
      expect.objectContaining({ slug: 'eastern-ghouta-de-escalation-zone', role: 'excluded' }),
      expect.objectContaining({ slug: 'idlib-de-escalation-zone', role: 'excluded' }),
      expect.objectContaining({ slug: 'northern-homs-de-escalation-zone', role: 'excluded' }),
      expect.objectContaining({ slug: 'syria-nationwide-ceasefire-2016', role: 'excluded' }),
      expect.objectContaining({ slug: 'siege-of-deir-ez-zor', role: 'besieger', status: 'ended' }),
      expect.objectContaining({ slug: 'siege-of-raqqa', role: 'besieged', status: 'ended' }),
      expect.objectContaining({ slug: 'qalamoun-isis-evacuation-2017', role: 'signatory' }),
    ]))
    expect((await request(service.app, '/parties/atlantis')).status).toBe(404)
  })
})

describe(`HTTP behaviour on ${backend}`, () => {
  it('sends a strong ETag and answers 304 to If-None-Match', async () => {
    for (const url of ['/zones?status=proposed', '/zones/siege-of-raqqa', '/zones/siege-of-raqqa/history', '/parties']) {
      const first = await service.app.inject(url)
      const etag = first.headers.etag as string
      expect(etag, url).toMatch(/^"[^"]+"$/)
      expect(first.headers['cache-control']).toBe('public, no-cache')
      const again = await service.app.inject({ url, headers: { 'if-none-match': etag } })
      expect(again.statusCode, url).toBe(304)
      expect(again.body).toBe('')
    }
  })

  it('changes the ETag when the data changes', async () => {
    const variant = '/zones/kobani-dmz-proposal?properties=description'
    const before = [(await service.app.inject('/zones/kobani-dmz-proposal')).headers.etag, (await service.app.inject(variant)).headers.etag]
    expect(before[0]).toMatch(/^"zone-\d+-v1"$/)
    // Every write moves the version on (test/api/zone-writes.test.ts); variants are hashed from their content.
    await service.db.knex('zones').where({ slug: 'kobani-dmz-proposal' }).update({ description: 'changed', version: service.db.knex.raw('version + 1') })
    const after = [(await service.app.inject('/zones/kobani-dmz-proposal')).headers.etag, (await service.app.inject(variant)).headers.etag]
    expect(after[0]).toMatch(/^"zone-\d+-v2"$/)
    expect(after[1]).not.toBe(before[1])
  })

  it('compresses with brotli and gzip', async () => {
    const plain = await service.app.inject('/zones')
    // The same but for the time each was retrieved.
    const unstamped = (body: string) => body.replace(/"retrieved_at":"[^"]*"/, '')
    const br = await service.app.inject({ url: '/zones', headers: { 'accept-encoding': 'br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(unstamped(brotliDecompressSync(br.rawPayload).toString())).toBe(unstamped(plain.body))
    const gzip = await service.app.inject({ url: '/zones', headers: { 'accept-encoding': 'gzip' } })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(unstamped(gunzipSync(gzip.rawPayload).toString())).toBe(unstamped(plain.body))
    expect(gzip.rawPayload.length).toBeLessThan(plain.body.length / 2)
  })

  it('allows cross-origin reads', async () => {
    const response = await service.app.inject({ url: '/zones?limit=1', headers: { origin: 'https://newsroom.example' } })
    expect(response.headers['access-control-allow-origin']).toBe('*')
    const preflight = await service.app.inject({
      method: 'OPTIONS',
      url: '/zones',
      headers: { origin: 'https://newsroom.example', 'access-control-request-method': 'GET' },
    })
    expect(preflight.statusCode).toBe(204)
    expect(String(preflight.headers['access-control-allow-methods'])).toMatch(/GET/)
  })

  it('publishes a valid OpenAPI 3 document generated from the route schemas, and docs at /docs', async () => {
    const response = await request(service.app, '/openapi.json')
    expect(response.status).toBe(200)
    expect(response.body.openapi).toMatch(/^3\./)
    await expect(SwaggerParser.validate(structuredClone(response.body))).resolves.toBeTruthy()
    const zonesParameters = response.body.paths['/zones'].get.parameters.map((parameter: { name: string }) => parameter.name)
    expect(zonesParameters).toEqual(expect.arrayContaining(['status', 'kind', 'sponsor', 'bbox', 'contains', 'as_of', 'q', 'limit', 'cursor']))
    const docs = await service.app.inject('/docs/')
    expect(docs.statusCode).toBe(200)
    expect(docs.body).toMatch(/swagger-ui/i)
    expect((await service.app.inject('/docs/json')).statusCode).toBe(200)
  })

  it('GET /health answers 200 while the database answers, and 503 when it does not', async () => {
    expect((await request(service.app, '/health')).body).toEqual({ status: 'ok', database: backend })
    const gone = await createTestDatabase('migrated')
    const goneApp = await buildTestApp(gone)
    await gone.close()
    const response = await request(goneApp, '/health')
    expect(response.status).toBe(503)
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(response.headers['retry-after']).toBe('5')
    await goneApp.close()
  })
})
