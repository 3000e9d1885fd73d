import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { buildTestApp } from '../helpers/test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { PASSWORD, apiToken, createAccount, signIn } from '../helpers/accounts.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let token = ''
let admin: Record<string, string>

beforeAll(async () => {
  await createAccount(service.app, 'qgis-user', 'editor')
  token = (await apiToken(service.app, await signIn(service.app, 'qgis-user'))).authorization!.replace('Bearer ', '')
  await createAccount(service.app, 'auditor', 'admin')
  admin = await apiToken(service.app, await signIn(service.app, 'auditor'))
})

const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` })
const QGIS = { 'user-agent': 'Mozilla/5.0 QGIS/33400/Ubuntu 24.04 LTS' }
const CHALLENGES = 'Bearer realm="Truce Atlas", Basic realm="Truce Atlas", charset="UTF-8"'
const item = (id: number) => `/ogc/collections/zones/items/${id}`
const zoneRow = async (id: number) => service.db.knex('zones').where({ id }).first('name', 'version', 'archived')
const auditCount = async () => Number((await service.db.knex('audit_log').count({ n: '*' }).first())!.n)
const latestAudit = async (zoneId: number) => (await request(service.app, { url: `/audit?zone=${zoneId}&limit=1`, headers: admin })).body[0]

describe(`editing from desktop GIS on ${backend}`, () => {
  it('takes a PATCH with Basic (username, API token) and If-Match: *, and audits it with the client and the method', async () => {
    const response = await request(service.app, {
      method: 'PATCH',
      url: item(5),
      headers: { ...basic('qgis-user', token), ...QGIS, 'if-match': '*', 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ properties: { description: 'Edited in QGIS.' } }),
    })
    expect(response.status, response.text).toBe(200)
    expect(response.body.properties.description).toBe('Edited in QGIS.')
    expect(await latestAudit(5)).toMatchObject({ action: 'zone.update', username: 'qgis-user', auth_method: 'basic', client: QGIS['user-agent'], api_token_name: 'tests' })
  })

  it('audits the method of Bearer and of a browser session', async () => {
    const bearer = await request(service.app, { method: 'PATCH', url: '/zones/6', headers: { authorization: `Bearer ${token}`, 'if-match': '*' }, payload: { description: 'By Bearer.' } })
    expect(bearer.status, bearer.text).toBe(200)
    expect(await latestAudit(6)).toMatchObject({ auth_method: 'bearer', client: 'lightMyRequest' })
    const session = await signIn(service.app, 'qgis-user')
    const browser = await request(service.app, { method: 'PATCH', url: '/zones/6', headers: { ...session.headers, 'if-match': '*', 'user-agent': 'Firefox/140.0' }, payload: { description: 'In the browser.' } })
    expect(browser.status, browser.text).toBe(200)
    expect(await latestAudit(6)).toMatchObject({ auth_method: 'session', client: 'Firefox/140.0', api_token_id: null })
  })

  it('refuses Basic with a wrong token, a password or another username: 401 with both challenges, nothing changed', async () => {
    const before = await zoneRow(5)
    const attempts = [basic('qgis-user', `ta_${'x'.repeat(43)}`), basic('qgis-user', PASSWORD), basic('auditor', token)]
    const answers = await Promise.all(attempts.map((headers) => request(service.app, { method: 'PATCH', url: item(5), headers: { ...headers, 'if-match': '*' }, payload: { properties: { name: 'Hijacked' } } })))
    for (const answer of answers) {
      expect(answer.status).toBe(401)
      expect(answer.headers['www-authenticate']).toBe(CHALLENGES)
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    expect(answers[1]!.body.detail).toBe("Basic authentication takes a personal API token (POST /auth/tokens) as the password, never the account's password.")
    expect(answers[2]!.body.detail).toMatch(/username and API token do not belong together/)
    expect(await zoneRow(5)).toEqual(before)
  })

  it('answers every 401 with WWW-Authenticate and a body saying what to do', async () => {
    const samples = [
      { url: '/auth/me' },
      { url: '/auth/tokens' },
      { url: '/audit' },
      { url: '/webhooks' },
      { method: 'PATCH' as const, url: '/zones/5', payload: { name: 'x' } },
      { method: 'POST' as const, url: '/ogc/collections/zones/items', payload: { type: 'Feature', geometry: null, properties: {} } },
      { method: 'DELETE' as const, url: item(5) },
      { method: 'PATCH' as const, url: '/agreements/1', payload: { title: 'x' } },
      { method: 'POST' as const, url: '/auth/login', payload: { username: 'qgis-user', password: 'not the password at all' } },
      { url: '/auth/me', headers: { authorization: 'Digest username="qgis-user"' } },
    ]
    for (const sample of samples) {
      const response = await request(service.app, sample)
      expect(response.status, sample.url).toBe(401)
      expect(response.headers['www-authenticate'], sample.url).toBe(CHALLENGES)
      expect(response.body.detail, sample.url).toMatch(/\w/)
    }
    const unknown = await request(service.app, { url: '/auth/me', headers: { authorization: `Bearer ta_${'y'.repeat(43)}` } })
    expect(unknown.headers['www-authenticate']).toBe('Bearer realm="Truce Atlas", error="invalid_token", Basic realm="Truce Atlas", charset="UTF-8"')
    expect(unknown.body.detail).toMatch(/unknown, revoked or expired/)
    // A Basic challenge would make a browser open its own password dialog.
    const fromPage = await service.app.inject({ url: '/auth/me', headers: { 'sec-fetch-mode': 'cors' } })
    expect(fromPage.headers['www-authenticate']).toBe('Bearer realm="Truce Atlas"')
  })

  it('refuses hostile Basic headers with 401 and stores a hostile User-Agent cleaned and cut short', async () => {
    const hostile = {
      'over-long': `Basic ${Buffer.from(`qgis-user:${token}${'a'.repeat(600)}`).toString('base64')}`,
      'not base64': 'Basic qgis-user:token!',
      'no colon': `Basic ${Buffer.from(`qgis-user${token}`).toString('base64')}`,
      'not UTF-8': `Basic ${Buffer.from([0x71, 0x3a, 0xff, 0xfe]).toString('base64')}`,
      'a control character': `Basic ${Buffer.from(`qgis\u0000user:${token}`).toString('base64')}`,
      'two credentials': `Basic ${Buffer.from(`qgis-user:${token}`).toString('base64')} extra`,
    }
    for (const [what, authorization] of Object.entries(hostile)) {
      const response = await request(service.app, { method: 'PATCH', url: item(5), headers: { authorization, 'if-match': '*' }, payload: { properties: { name: 'x' } } })
      expect(response.status, what).toBe(401)
      expect(response.headers['www-authenticate'], what).toBe(CHALLENGES)
    }
    const userAgent = `QGIS\u0007/3.40\u001b[31m\u009b\u00a0${'z'.repeat(500)}`
    const response = await request(service.app, { method: 'PATCH', url: item(5), headers: { ...basic('qgis-user', token), 'user-agent': userAgent, 'if-match': '*' }, payload: { properties: { description: 'Hostile client.' } } })
    expect(response.status, response.text).toBe(200)
    const { client } = await latestAudit(5)
    expect(client).toHaveLength(200)
    expect(client).toMatch(/^QGIS \/3\.40 \[31m z+$/)
  })

  it('slows down wrong Basic tokens from one address with the sign-in limits', async () => {
    const limited = await buildTestApp(service.db, { LOGIN_ATTEMPTS_PER_ADDRESS: '3' })
    for (let attempt = 0; attempt < 3; attempt++) expect((await limited.inject({ url: '/auth/me', headers: basic('qgis-user', `ta_${'w'.repeat(43)}`) })).statusCode).toBe(401)
    const next = await limited.inject({ url: '/auth/me', headers: basic('qgis-user', token) })
    expect(next.statusCode).toBe(429)
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0)
    await limited.close()
  })

  it('takes If-Match: * on zones and agreements, but not on a zone that is not there (404, RFC 9110 section 13.2.1)', async () => {
    const agreement = (await request(service.app, '/agreements')).body.features[0]
    const patched = await request(service.app, { method: 'PATCH', url: `/agreements/${agreement.id}`, headers: { ...basic('qgis-user', token), 'if-match': '*' }, payload: { curation_note: 'Checked from a desktop tool.' } })
    expect(patched.status, patched.text).toBe(200)
    const writes = [
      { method: 'PATCH' as const, url: '/zones/999999', payload: { name: 'x' } },
      { method: 'PATCH' as const, url: item(999999), payload: { properties: { name: 'x' } } },
      { method: 'DELETE' as const, url: item(999999) },
    ]
    for (const write of writes) {
      const missing = await request(service.app, { ...write, headers: { ...basic('qgis-user', token), 'if-match': '*' } })
      expect(missing.status, write.url).toBe(404)
    }
    const archived = await request(service.app, { method: 'DELETE', url: item(7), headers: { ...basic('qgis-user', token), 'if-match': '*' } })
    expect(archived.status, archived.text).toBe(204)
    expect((await request(service.app, { method: 'DELETE', url: item(7), headers: { ...basic('qgis-user', token), 'if-match': '*' } })).status).toBe(404)
    expect((await zoneRow(7)).archived).toBe(true)
  })

  it('takes a write without If-Match that names the version it edits, and says how to configure the client without it', async () => {
    const { version } = await zoneRow(8)
    const feature = (await request(service.app, item(8))).body
    const put = await request(service.app, {
      method: 'PUT',
      url: item(8),
      headers: { ...basic('qgis-user', token), 'content-type': 'application/geo+json' },
      payload: JSON.stringify({ ...feature, properties: { ...feature.properties, name: 'Renamed in QGIS', version } }),
    })
    expect(put.status, put.text).toBe(200)
    expect(await zoneRow(8)).toMatchObject({ name: 'Renamed in QGIS', version: version + 1 })
    const patched = await request(service.app, { method: 'PATCH', url: '/zones/8', headers: basic('qgis-user', token), payload: { name: 'Renamed again', version: version + 1 } })
    expect(patched.status, patched.text).toBe(200)
    const stale = await request(service.app, { method: 'PATCH', url: item(8), headers: basic('qgis-user', token), payload: { properties: { name: 'Stale', version } } })
    expect(stale.status).toBe(412)
    const notANumber = await request(service.app, { method: 'PATCH', url: item(8), headers: basic('qgis-user', token), payload: { properties: { name: 'x', version: 'latest' } } })
    expect(notANumber.status).toBe(400)
    expect(notANumber.body.errors[0].where).toBe('body.properties.version')
    const before = await auditCount()
    const unnamed = await request(service.app, { method: 'PATCH', url: item(8), headers: basic('qgis-user', token), payload: { properties: { name: 'Blind write' } } })
    expect(unnamed.status).toBe(428)
    expect(unnamed.body.detail).toMatch(/If-Match header \(If-Match: \* to change whatever version is current\), or put the version you loaded in the body as properties\.version/)
    const deleted = await request(service.app, { method: 'DELETE', url: item(8), headers: basic('qgis-user', token) })
    expect(deleted.status).toBe(428)
    expect(deleted.body.detail).toMatch(/send its ETag in an If-Match header/)
    expect(await zoneRow(8)).toMatchObject({ name: 'Renamed again', version: version + 2, archived: false })
    expect(await auditCount()).toBe(before)
  })

  it('lets one of two writes naming the same version win; the other gets 412 and nothing is lost', async () => {
    const { version } = await zoneRow(9)
    const before = await auditCount()
    const write = (name: string) => request(service.app, { method: 'PATCH', url: item(9), headers: basic('qgis-user', token), payload: { properties: { name, version } } })
    const answers = await Promise.all([write('First desk'), write('Second desk')])
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412])
    const winner = answers.find((answer) => answer.status === 200)!
    const loser = answers.find((answer) => answer.status === 412)!
    expect(loser.body.current_version).toBe(version + 1)
    expect(await zoneRow(9)).toMatchObject({ name: winner.body.properties.name, version: version + 1 })
    expect(await auditCount()).toBe(before + 1)
    // Two writes with If-Match: * both apply, one after the other, and both are audited.
    const star = (description: string) => request(service.app, { method: 'PATCH', url: item(9), headers: { ...basic('qgis-user', token), 'if-match': '*' }, payload: { properties: { description } } })
    expect((await Promise.all([star('One.'), star('Two.')])).map((answer) => answer.status)).toEqual([200, 200])
    expect(await zoneRow(9)).toMatchObject({ version: version + 3 })
    expect(await auditCount()).toBe(before + 3)
  })

  it('keeps a per-geometry layer to its geometry: a line written into zones-areas is refused, a line zone is not found there', async () => {
    const headers = { ...basic('qgis-user', token), 'if-match': '*' }
    const line = { type: 'LineString', coordinates: [[36.1, 33.1], [36.3, 33.2]] }
    const before = await auditCount()
    const zonesBefore = Number((await service.db.knex('zones').count({ n: '*' }).first())!.n)
    const created = await request(service.app, { method: 'POST', url: '/ogc/collections/zones-areas/items', headers, payload: { type: 'Feature', geometry: line, properties: { name: 'A line among areas', status: 'proposed', effective_date: '2026-12-01', kind: 'humanitarian-corridor' } } })
    expect(created.status, created.text).toBe(422)
    expect(created.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(created.body.detail).toMatch(/only Polygon and MultiPolygon geometries: a LineString belongs in zones-lines, or in zones/)
    expect(created.body.errors).toEqual([{ where: 'body.geometry', message: 'must be a Polygon or a MultiPolygon in zones-areas' }])
    const unshaped = await request(service.app, { method: 'POST', url: '/ogc/collections/zones-points/items', headers, payload: { type: 'Feature', geometry: null, properties: { name: 'No shape', status: 'proposed', effective_date: '2026-12-01', kind: 'humanitarian-corridor' } } })
    expect(unshaped.status, unshaped.text).toBe(422)
    expect(unshaped.body.detail).toMatch(/a zone without a shape belongs in the collection zones/)
    // The Golan line (15) may be drawn as an area, but not in the lines' layer.
    const area = { type: 'Polygon', coordinates: [[[35.8, 32.7], [35.9, 32.7], [35.9, 32.8], [35.8, 32.7]]] }
    const reshaped = await request(service.app, { method: 'PATCH', url: '/ogc/collections/zones-lines/items/15', headers, payload: { geometry: area } })
    expect(reshaped.status, reshaped.text).toBe(422)
    expect(reshaped.body.errors).toEqual([{ where: 'body.geometry', message: 'must be a LineString or a MultiLineString in zones-lines' }])
    // Nor is it among the areas, for writes as for reads.
    for (const method of ['PATCH', 'DELETE'] as const) {
      const answer = await request(service.app, { method, url: '/ogc/collections/zones-areas/items/15', headers, ...(method === 'PATCH' ? { payload: { properties: { name: 'x' } } } : {}) })
      expect(answer.status, `${method} ${answer.text}`).toBe(404)
    }
    expect(await auditCount()).toBe(before)
    expect(Number((await service.db.knex('zones').count({ n: '*' }).first())!.n)).toBe(zonesBefore)
    const point = await request(service.app, { method: 'POST', url: '/ogc/collections/zones-points/items', headers, payload: { type: 'Feature', geometry: { type: 'Point', coordinates: [36.2, 33.1] }, properties: { name: 'A post among points', status: 'proposed', effective_date: '2026-12-01', kind: 'observation-post' } } })
    expect(point.status, point.text).toBe(201)
    expect(point.body.geometry.type).toBe('MultiPoint')
    expect(point.headers.location).toMatch(/\/ogc\/collections\/zones-points\/items\/\d+$/)
  })
})
