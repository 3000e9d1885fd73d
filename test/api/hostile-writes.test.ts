import { beforeAll, describe, expect, it } from 'vitest'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { starPositions } from '../helpers/hostile-geometry.ts'
import { dataDigest } from '../helpers/table-digest.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { budgetMs, median, probeHealth, timed } from '../helpers/timed-requests.ts'

/**
 * Geometry checks of writes run in worker threads: a body built to be slow to check delays no other
 * request, and is refused with a 422 that says why, changing nothing.
 */

const service = useTestApp()
let base: string
let bearer: Record<string, string>
beforeAll(async () => {
  await service.app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(service.app.server.address() as { port: number }).port}`
  await createAccount(service.app, 'ada', 'editor')
  bearer = await apiToken(service.app, await signIn(service.app, 'ada'))
})

const star = (n: number, decimals = 6) => ({ type: 'Polygon', coordinates: [starPositions(n, [38, 35], 3, decimals)] })

const feature = (name: string, geometry: unknown) => ({
  type: 'Feature',
  geometry,
  properties: { name, kind: 'de-escalation-zone', status: 'proposed', effective_date: '2026-01-01', reason: 'hostile geometry test', source_url: 'https://example.org/source', source_title: 'A source' },
})

const post = (path: string, payload: unknown) =>
  timed(base, path, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify(payload) })

describe(`self-crossing geometries in write bodies, on ${backend}`, () => {
  it('refuses a 5,001-vertex star with 422 saying where it crosses, while /health answers within 100 ms', async () => {
    const before = await dataDigest(service.db.knex)
    await post('/zones', feature('Warm-up', star(5))) // the first check starts the worker threads
    const budget = await budgetMs(base, '/health')
    // Any one probe: generous, for a slow moment of a loaded machine, but far below a check on the event loop (seconds).
    const worst = await budgetMs(base, '/health', 1000, 10)
    const writing = post('/zones', feature('Star', star(5001)))
    const health = await probeHealth(base, writing)
    const answer = await writing
    expect(answer.status, answer.body.slice(0, 300)).toBe(422)
    expect(answer.type).toBe('application/problem+json; charset=utf-8')
    expect(JSON.parse(answer.body).errors[0]).toEqual({ where: 'body.geometry.coordinates[0][0]', message: expect.stringMatching(/^the outer ring crosses itself at .* \(edges from positions 0 and \d+\)$/) })
    expect(health.every((probe) => probe.status === 200)).toBe(true)
    expect(median(health.map((probe) => probe.ms)), health.map((probe) => Math.round(probe.ms)).join(', ')).toBeLessThan(budget)
    expect(Math.max(...health.map((probe) => probe.ms))).toBeLessThan(worst)
    expect(await dataDigest(service.db.knex)).toEqual(before)
  })

  it('checks a dry-run import of ninety 5,001-vertex stars (7.5 MB) off the event loop: 422 for each, /health within 100 ms', async () => {
    const before = await dataDigest(service.db.knex)
    const budget = await budgetMs(base, '/health')
    const worst = await budgetMs(base, '/health', 1000, 10)
    const features = Array.from({ length: 90 }, (_, i) => feature(`Star ${i}`, star(5001, 3)))
    const importing = post('/zones/import?dry_run=true', { type: 'FeatureCollection', features })
    const health = await probeHealth(base, importing)
    const answer = await importing
    expect(answer.status, answer.body.slice(0, 300)).toBe(422)
    const body = JSON.parse(answer.body)
    expect(body.features).toHaveLength(90)
    for (const report of body.features) expect(report.errors[0].message).toMatch(/crosses itself|doubles back on itself|touches itself/)
    expect(median(health.map((probe) => probe.ms)), health.map((probe) => Math.round(probe.ms)).join(', ')).toBeLessThan(budget)
    expect(Math.max(...health.map((probe) => probe.ms))).toBeLessThan(worst)
    expect(await dataDigest(service.db.knex)).toEqual(before)
  }, 120_000)

  it('refuses the star in PATCH /zones/{id} and in an OGC item write alike', async () => {
    const before = await dataDigest(service.db.knex)
    const zone = await service.app.inject('/zones/1')
    const patched = await service.app.inject({ method: 'PATCH', url: '/zones/1', headers: { ...bearer, 'if-match': String(zone.headers['etag']) }, payload: { geometry: star(401) } })
    expect(patched.statusCode, patched.body).toBe(422)
    expect(patched.json().errors[0].message).toMatch(/crosses itself/)
    const created = await service.app.inject({ method: 'POST', url: '/ogc/collections/zones/items', headers: { ...bearer, 'content-type': 'application/geo+json' }, payload: JSON.stringify(feature('OGC star', star(401))) })
    expect(created.statusCode, created.body).toBe(422)
    expect(created.json().errors[0]).toMatchObject({ where: 'body.geometry.coordinates[0][0]', message: expect.stringMatching(/crosses itself/) })
    expect(await dataDigest(service.db.knex)).toEqual(before)
  })
})
