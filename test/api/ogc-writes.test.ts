import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'

const service = useTestApp()
let bearer: Record<string, string>

beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  bearer = await apiToken(service.app, await signIn(service.app, 'ada'))
})

const GEOJSON = { 'content-type': 'application/geo+json' }
const digest = async () => (await service.db.knex.raw(`select count(*)::int n, sum(version)::int v, (select count(*) from status_changes)::int h, (select count(*) from audit_log)::int a from zones`)).rows[0]

describe(`OGC API - Features Part 4 on ${backend}`, () => {
  const truce = {
    type: 'Feature',
    properties: { name: 'OGC truce', status: 'proposed', effective_date: '2026-03-01', reason: 'drawn in QGIS' },
    geometry: { type: 'Polygon', coordinates: [[[36.3, 33.3], [36.4, 33.3], [36.4, 33.4], [36.3, 33.3]]] },
  }
  let location = ''

  it('POST creates a feature in a kind\'s collection, with Location, history and audit', async () => {
    const response = await request(service.app, { method: 'POST', url: '/ogc/collections/ceasefire-zone/items', headers: { ...bearer, ...GEOJSON }, payload: JSON.stringify(truce) })
    expect(response.status, response.text).toBe(201)
    location = String(response.headers.location)
    expect(location).toMatch(new RegExp(`/ogc/collections/ceasefire-zone/items/${response.body.id}$`))
    expect(response.headers.etag).toBe(`"zone-${response.body.id}-v1"`)
    expect(response.body.properties).toMatchObject({ name: 'OGC truce', kind: 'ceasefire-zone', status: 'proposed' })
    const history = await request(service.app, `/zones/${response.body.id}/history`)
    expect(history.body.history).toEqual([expect.objectContaining({ to_status: 'proposed', effective_on: '2026-03-01', recorded_by: 'ada', reason: 'drawn in QGIS' })])
  })

  it('GET gives the same ETag that PUT, PATCH and DELETE take in If-Match', async () => {
    const path = new URL(location).pathname
    const got = await service.app.inject(path)
    const etag = got.headers.etag as string
    expect(etag).toMatch(/^"zone-\d+-v1"$/)
    const patched = await request(service.app, { method: 'PATCH', url: path, headers: { ...bearer, 'if-match': etag, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify({ properties: { name: 'OGC truce (renamed)' } }) })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body.properties).toMatchObject({ name: 'OGC truce (renamed)' })
    expect(patched.headers.etag).toBe(etag.replace('-v1"', '-v2"'))
    const stale = await request(service.app, { method: 'PUT', url: path, headers: { ...bearer, ...GEOJSON, 'if-match': etag }, payload: JSON.stringify(truce) })
    expect(stale.status).toBe(412)
    const missing = await request(service.app, { method: 'PUT', url: path, headers: { ...bearer, ...GEOJSON }, payload: JSON.stringify(truce) })
    expect(missing.status).toBe(428)
    const replaced = await request(service.app, {
      method: 'PUT',
      url: path,
      headers: { ...bearer, ...GEOJSON, 'if-match': patched.headers.etag as string },
      payload: JSON.stringify({ ...truce, geometry: { type: 'Polygon', coordinates: [[[36.3, 33.3], [36.5, 33.3], [36.5, 33.5], [36.3, 33.3]]] } }),
    })
    expect(replaced.status, replaced.text).toBe(200)
    expect(replaced.body.properties).toMatchObject({ name: 'OGC truce' })
    expect(replaced.headers.etag).toBe(etag.replace('-v1"', '-v3"'))
    const deleted = await service.app.inject({ method: 'DELETE', url: path, headers: { ...bearer, 'if-match': replaced.headers.etag as string } })
    expect(deleted.statusCode).toBe(204)
    expect((await service.app.inject(path)).statusCode).toBe(404)
    expect((await service.db.knex('zones').where({ id: replaced.body.id }).first('archived')).archived).toBe(true)
  })

  it('applies the editing rules: sign-in, geometry checks, no status change by PUT, nothing stored on failure', async () => {
    const before = await digest()
    expect((await request(service.app, { method: 'POST', url: '/ogc/collections/zones/items', headers: GEOJSON, payload: JSON.stringify(truce) })).status).toBe(401)
    const bowTie = await request(service.app, {
      method: 'POST',
      url: '/ogc/collections/ceasefire-zone/items',
      headers: { ...bearer, ...GEOJSON },
      payload: JSON.stringify({ ...truce, geometry: { type: 'Polygon', coordinates: [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]] } }),
    })
    expect(bowTie.status).toBe(422)
    expect(bowTie.body.errors[0]).toEqual({ where: 'body.geometry.coordinates[0][0]', message: expect.stringMatching(/crosses itself/) })
    const siege = await service.app.inject('/ogc/collections/siege/items/5')
    const status = await request(service.app, {
      method: 'PATCH',
      url: '/ogc/collections/siege/items/5',
      headers: { ...bearer, 'if-match': siege.headers.etag as string },
      payload: { properties: { status: 'active' } },
    })
    expect(status.status).toBe(422)
    expect(status.body.detail).toMatch(/POST \/zones\/5\/status/)
    const wrongCollection = await request(service.app, { method: 'PATCH', url: '/ogc/collections/observation-post/items/5', headers: { ...bearer, 'if-match': siege.headers.etag as string }, payload: { properties: { name: 'x' } } })
    expect(wrongCollection.status).toBe(404)
    expect(await digest()).toEqual(before)
  })

  it('answers OPTIONS with Allow, with or without an Origin', async () => {
    const items = await service.app.inject({ method: 'OPTIONS', url: '/ogc/collections/zones/items' })
    expect(items.statusCode).toBe(204)
    expect(items.headers.allow).toBe('GET, HEAD, POST, OPTIONS')
    const item = await service.app.inject({ method: 'OPTIONS', url: '/ogc/collections/zones/items/5' })
    expect(item.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS')
    const preflight = await service.app.inject({ method: 'OPTIONS', url: '/ogc/collections/zones/items', headers: { origin: 'https://qgis.example', 'access-control-request-method': 'GET' } })
    expect(preflight.statusCode).toBe(204)
  })
})
