import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import type { FastifyInstance } from 'fastify'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { createAccount, signIn, type Session } from '../helpers/accounts.ts'
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from '../helpers/webhook-receiver.ts'

const RETRY_BASE_MS = 200
const MAX_ATTEMPTS = 3
const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', // the receivers listen on 127.0.0.1
  WEBHOOK_POLL_INTERVAL_MS: '100',
  WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
  WEBHOOK_RETRY_MAX_MS: '1000',
  WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  WEBHOOK_TIMEOUT_MS: '5000',
  WEBHOOK_LEASE_MS: '10000',
}
const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000', ...WEBHOOK_ENV } })
let admin: Session
let editor: Session
/** Zones in force, which may change to suspended and back as often as the tests need. */
let activeZones: Array<{ id: number; slug: string }>
const receivers: WebhookReceiver[] = []

beforeAll(async () => {
  await createAccount(service.app, 'root', 'admin')
  await createAccount(service.app, 'ada', 'editor')
  admin = await signIn(service.app, 'root')
  editor = await signIn(service.app, 'ada')
  activeZones = []
  for (let index = 1; index <= 9; index += 1) {
    const slug = `webhook-test-zone-${index}`
    const created = await request(service.app, {
      method: 'POST',
      url: '/zones',
      headers: editor.headers,
      payload: { type: 'Feature', geometry: null, properties: { slug, name: `Webhook test zone ${index}`, kind: 'ceasefire-zone', status: 'active', effective_date: '2024-01-01', reason: 'a zone for the webhook tests', source_url: 'https://example.org/report' } },
    })
    expect(created.status, created.text).toBe(201)
    activeZones.push({ id: created.body.id, slug })
  }
})
afterAll(async () => {
  for (const receiver of receivers) await receiver.close()
})

async function receiver(answer?: Parameters<typeof startWebhookReceiver>[0]): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer)
  receivers.push(started)
  return started
}

async function register(body: Record<string, unknown>, app: FastifyInstance = service.app) {
  const created = await request(app, { method: 'POST', url: '/webhooks', headers: admin.headers, payload: body })
  expect(created.status, created.text).toBe(201)
  return created.body as { id: number; secret: string; version: number }
}

/** Changes a zone's status through the API, as an editor does; resolves to the new status. */
async function toggleStatus(zone: { id: number; slug: string }): Promise<string> {
  const current = await service.app.inject(`/zones/${zone.id}`)
  const status = current.json().properties.status === 'active' ? 'suspended' : 'active'
  const changed = await request(service.app, {
    method: 'POST',
    url: `/zones/${zone.id}/status`,
    headers: { ...editor.headers, 'if-match': String(current.headers.etag) },
    payload: { status, effective_date: '2025-01-15', reason: `webhook test: now ${status}`, source_url: 'https://example.org/report' },
  })
  expect(changed.status, changed.text).toBe(200)
  return status
}

const deliveriesOf = async (id: number, query = '') => (await request(service.app, { url: `/webhooks/${id}/deliveries${query}`, headers: admin.headers })).body

describe(`webhooks are for admins, on ${backend}`, () => {
  it('answers 401 without a sign-in and 403 to an editor, for every route', async () => {
    const routes = [
      { method: 'GET' as const, url: '/webhooks' },
      { method: 'POST' as const, url: '/webhooks', payload: { url: 'http://127.0.0.1:9/hook' } },
      { method: 'GET' as const, url: '/webhooks/1' },
      { method: 'PATCH' as const, url: '/webhooks/1', payload: { active: false } },
      { method: 'DELETE' as const, url: '/webhooks/1' },
      { method: 'GET' as const, url: '/webhooks/1/deliveries' },
    ]
    for (const route of routes) {
      expect((await request(service.app, route)).status, `${route.method} ${route.url}`).toBe(401)
      expect((await request(service.app, { ...route, headers: editor.headers })).status, `${route.method} ${route.url}`).toBe(403)
    }
    expect(Number((await service.db.knex('webhooks').count({ n: '*' }).first())!.n)).toBe(0)
  })
})

describe(`registering a webhook refuses what it must, on ${backend}`, () => {
  const refused = async (payload: unknown, app: FastifyInstance = service.app) => {
    const response = await request(app, { method: 'POST', url: '/webhooks', headers: admin.headers, payload: payload as Record<string, unknown> })
    return response
  }

  it('refuses URLs that are not http(s), carry credentials, or are too long, saying where', async () => {
    for (const url of ['not a url', 'javascript:alert(1)', 'JAVASCRIPT:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.org/hook', 'file:///etc/passwd', 'http://user:secret@example.org/hook', 'https://example.org/hook#frag', `https://example.org/${'a'.repeat(10_000)}`, '']) {
      const response = await refused({ url })
      expect(response.status, url.slice(0, 60)).toBe(400)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(response.body.errors.map((error: { where: string }) => error.where), url.slice(0, 60)).toContain('body.url')
    }
  })

  it('refuses huge, negative or repeated zone ids, unknown event types, and unknown fields', async () => {
    const url = 'http://127.0.0.1:9/hook'
    for (const [payload, where] of [
      [{ url, zone_ids: [2147483648] }, 'body.zone_ids'],
      [{ url, zone_ids: [99999999999999999999] }, 'body.zone_ids'],
      [{ url, zone_ids: [-1] }, 'body.zone_ids'],
      [{ url, zone_ids: [1.5] }, 'body.zone_ids'],
      [{ url, zone_ids: [1, 1] }, 'body.zone_ids'],
      [{ url, zone_ids: Array.from({ length: 1001 }, (_, index) => index + 1) }, 'body.zone_ids'],
      [{ url, event_types: ['zone.exploded'] }, 'body.event_types'],
      [{ url, event_types: [] }, 'body.event_types'],
      [{ url, description: 'x'.repeat(501) }, 'body.description'],
      [{ url, secret: 'whsec_mine' }, 'body.secret'],
    ] as const) {
      const response = await refused(payload)
      expect(response.status, JSON.stringify(payload).slice(0, 80)).toBe(400)
      expect(JSON.stringify(response.body.errors), JSON.stringify(payload).slice(0, 80)).toContain(where)
    }
    const unknownZone = await refused({ url, zone_ids: [activeZones[0]!.id, 2000000000] })
    expect(unknownZone.status).toBe(422)
    expect(unknownZone.body.errors).toEqual([{ where: 'body.zone_ids[1]', message: 'no zone has the id 2000000000' }])
    expect(await service.db.knex('webhooks').where({ url })).toEqual([])
  })

  it('refuses loopback, private, link-local and local names unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on', async () => {
    const strict = await buildTestApp(service.db, { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' })
    try {
      const session = await signIn(strict, 'root')
      for (const url of ['http://127.0.0.1:8080/hook', 'http://0x7f.1/hook', 'http://2130706433/hook', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/hook', 'http://192.168.1.1/hook', 'http://localhost:3000/hook', 'http://db.internal/hook', 'http://intranet/hook', 'http://0.0.0.0/hook', 'http://[fd00::1]/hook']) {
        const response = await request(strict, { method: 'POST', url: '/webhooks', headers: session.headers, payload: { url } })
        expect(response.status, url).toBe(400)
        expect(response.body.errors[0].where).toBe('body.url')
        expect(response.body.detail).toMatch(/not a public address/)
      }
      const fine = await request(strict, { method: 'POST', url: '/webhooks', headers: session.headers, payload: { url: 'HTTPS://Hooks.Example.org/Truce?x=1', active: undefined } })
      expect(fine.status, fine.text).toBe(201)
      expect(fine.body.url).toBe('https://hooks.example.org/Truce?x=1')
      expect((await request(strict, { method: 'DELETE', url: `/webhooks/${fine.body.id}`, headers: session.headers })).status).toBe(204)
    } finally {
      await strict.close()
    }
  })
})

describe(`managing webhooks, on ${backend}`, () => {
  it('shows the secret once at creation, never in a listing or the audit log', async () => {
    const created = await request(service.app, { method: 'POST', url: '/webhooks', headers: admin.headers, payload: { url: 'http://127.0.0.1:9/newsroom', event_types: ['zone.status-changed'], description: '<b>Newsroom</b> desk' } })
    expect(created.status).toBe(201)
    expect(created.headers.location).toBe(`/webhooks/${created.body.id}`)
    expect(created.body).toMatchObject({ url: 'http://127.0.0.1:9/newsroom', event_types: ['zone.status-changed'], zone_ids: null, description: '<b>Newsroom</b> desk', active: true, created_by: 'root', version: 1 })
    const secret = created.body.secret as string
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/)
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32)

    const listed = await request(service.app, { url: '/webhooks', headers: admin.headers })
    expect(listed.body.find((webhook: { id: number }) => webhook.id === created.body.id)).toMatchObject({ url: 'http://127.0.0.1:9/newsroom', deliveries: { pending: 0, delivered: 0, failed: 0 } })
    expect(listed.text).not.toContain(secret.slice(6))
    expect(listed.text).not.toMatch(/"secret"/)
    const one = await request(service.app, { url: `/webhooks/${created.body.id}`, headers: admin.headers })
    expect(one.headers.etag).toBe(`"webhook-${created.body.id}-v1"`)
    expect(one.text).not.toMatch(/secret/)
    expect(one.headers['cache-control']).toBe('no-store')

    const audit = await service.db.knex('audit_log').where({ entity: 'webhook', entity_id: String(created.body.id) })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'webhook.create', username: 'root', before: null })
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6))
  })

  it('changes a webhook only at the version read (If-Match), audited; deletes it, audited', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/coordinator' })
    const path = `/webhooks/${created.id}`
    const missing = await request(service.app, { method: 'PATCH', url: path, headers: admin.headers, payload: { active: false } })
    expect(missing.status).toBe(428)
    const etag = `"webhook-${created.id}-v1"`
    const changed = await request(service.app, { method: 'PATCH', url: path, headers: { ...admin.headers, 'if-match': etag }, payload: { active: false, url: 'http://127.0.0.1:9/coordinator-2', zone_ids: [activeZones[0]!.id] } })
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body).toMatchObject({ active: false, url: 'http://127.0.0.1:9/coordinator-2', zone_ids: [activeZones[0]!.id], version: 2 })
    expect(changed.headers.etag).toBe(`"webhook-${created.id}-v2"`)
    const stale = await request(service.app, { method: 'PATCH', url: path, headers: { ...admin.headers, 'if-match': etag }, payload: { active: true } })
    expect(stale.status).toBe(412)
    expect(stale.body).toMatchObject({ current_version: 2, current_etag: `"webhook-${created.id}-v2"` })
    expect((await request(service.app, { method: 'PATCH', url: path, headers: { ...admin.headers, 'if-match': changed.headers.etag as string }, payload: { url: 'javascript:alert(1)' } })).status).toBe(400)
    expect((await request(service.app, { method: 'PATCH', url: path, headers: { ...admin.headers, 'if-match': changed.headers.etag as string }, payload: {} })).status).toBe(400)

    expect((await request(service.app, { method: 'DELETE', url: path, headers: { ...admin.headers, 'if-match': etag } })).status).toBe(412)
    expect((await request(service.app, { method: 'DELETE', url: path, headers: admin.headers })).status).toBe(204)
    expect((await request(service.app, { url: path, headers: admin.headers })).status).toBe(404)
    expect((await request(service.app, { method: 'DELETE', url: path, headers: admin.headers })).status).toBe(404)
    const actions = (await service.db.knex('audit_log').where({ entity: 'webhook', entity_id: String(created.id) }).orderBy('id')).map((row: { action: string; before: unknown; after: unknown }) => [row.action, row.before === null, row.after === null])
    expect(actions).toEqual([['webhook.create', true, false], ['webhook.update', false, false], ['webhook.delete', false, true]])
  })

  it('takes If-Match: * as whatever version is current, as the other writes do', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/any-version' })
    const path = `/webhooks/${created.id}`
    const changed = await request(service.app, { method: 'PATCH', url: path, headers: { ...admin.headers, 'if-match': '*' }, payload: { description: 'any version' } })
    expect(changed.status, changed.text).toBe(200)
    expect(changed.headers.etag).toBe(`"webhook-${created.id}-v2"`)
    const zoneTag = await request(service.app, { method: 'PATCH', url: path, headers: { ...admin.headers, 'if-match': `"zone-${created.id}-v2"` }, payload: { description: 'a zone tag' } })
    expect(zoneTag.status).toBe(412)
    expect((await request(service.app, { method: 'DELETE', url: path, headers: { ...admin.headers, 'if-match': '*' } })).status).toBe(204)
  })

  it('lets one of two admins saving the same version at once win; the other gets 412', async () => {
    const created = await register({ url: 'http://127.0.0.1:9/race' })
    const etag = `"webhook-${created.id}-v1"`
    const answers = await Promise.all(['first', 'second', 'third'].map((description) => request(service.app, { method: 'PATCH', url: `/webhooks/${created.id}`, headers: { ...admin.headers, 'if-match': etag }, payload: { description } })))
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412])
    expect(await service.db.knex('audit_log').where({ entity: 'webhook', entity_id: String(created.id), action: 'webhook.update' })).toHaveLength(1)
    await request(service.app, { method: 'DELETE', url: `/webhooks/${created.id}`, headers: admin.headers })
  })
})

function verified(delivery: ReceivedDelivery, secret: string): Record<string, any> {
  const headers = { 'webhook-id': String(delivery.headers['webhook-id']), 'webhook-timestamp': String(delivery.headers['webhook-timestamp']), 'webhook-signature': String(delivery.headers['webhook-signature']) }
  return new Webhook(secret).verify(delivery.body, headers) as Record<string, any>
}

describe(`deliveries, on ${backend}`, () => {
  it('posts a status change made through the API as a signed CloudEvent', async () => {
    const zone = activeZones[0]!
    const hook = await receiver()
    const created = await register({ url: hook.url, zone_ids: [zone.id], event_types: ['zone.status-changed'] })
    const status = await toggleStatus(zone)
    await hook.waitFor((received) => received.length >= 1)
    const [delivery] = hook.received
    const event = verified(delivery!, created.secret)
    const stored = await service.db.knex('change_events').where({ zone_id: zone.id, type: 'zone.status-changed' }).orderBy('id', 'desc').first()
    expect(event).toEqual({
      specversion: '1.0',
      id: String(stored.id),
      source: 'http://127.0.0.1:3000',
      type: 'org.truceatlas.zone.status-changed',
      time: new Date(stored.recorded_at).toISOString(),
      subject: `zones/${zone.id}`,
      datacontenttype: 'application/json',
      data: expect.objectContaining({ zone_id: zone.id, slug: zone.slug, to_status: status, effective_on: '2025-01-15' }),
    })
    expect(delivery!.headers['content-type']).toMatch(/^application\/cloudevents\+json/)
    expect(delivery!.headers['webhook-id']).toBe(String(stored.id))
    expect(() => verified(delivery!, `whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toThrow()
    expect(() => new Webhook(created.secret).verify(delivery!.body.replace(status, 'collapsed'), delivery!.headers as Record<string, string>)).toThrow()

    await expect.poll(async () => (await deliveriesOf(created.id)).deliveries[0]?.state).toBe('delivered')
    const log = await deliveriesOf(created.id)
    expect(log.deliveries).toEqual([
      expect.objectContaining({ event_id: String(stored.id), event_type: 'zone.status-changed', subject: `zones/${zone.id}`, state: 'delivered', attempts: 1, last_status_code: 204, last_error: null }),
    ])
    expect(log.next).toBeNull()
    expect(hook.received).toHaveLength(1)
  })

  it('retries a failed delivery later under the same event id, with a growing wait, and logs each attempt', async () => {
    const zone = activeZones[1]!
    // 500, then held open while the test reads the log, then 500 again; the third attempt is the last.
    const hook = await receiver((_delivery, index) => (index === 1 ? 'hang' : 500))
    const created = await register({ url: hook.url, zone_ids: [zone.id], event_types: ['zone.status-changed'] })
    await toggleStatus(zone)
    await hook.waitFor((received) => received.length >= 2)
    const schedule = async () =>
      (await service.db.knex.raw(`select state, attempts, last_status_code, last_error, extract(epoch from next_attempt_at - last_attempt_at) * 1000 as wait_ms from webhook_deliveries where webhook_id = ?`, [created.id])).rows[0]
    const afterFirst = await schedule()
    expect(afterFirst).toMatchObject({ state: 'pending', attempts: 1, last_status_code: 500, last_error: 'answered 500: receiver says no' })
    expect(Number(afterFirst.wait_ms)).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2)
    expect(Number(afterFirst.wait_ms)).toBeLessThanOrEqual(RETRY_BASE_MS)
    hook.releaseHeld(503)
    await hook.waitFor((received) => received.length >= 3)
    await expect.poll(async () => (await deliveriesOf(created.id)).deliveries[0]?.state).toBe('failed')
    const [entry] = (await deliveriesOf(created.id)).deliveries
    expect(entry).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS, last_status_code: 500, delivered_at: null })
    expect(new Set(hook.received.map((delivery) => delivery.id)).size).toBe(1)
    expect(new Set(hook.received.map((delivery) => delivery.headers['webhook-id'])).size).toBe(1)
    for (const delivery of hook.received) verified(delivery, created.secret)
    // No more attempts after the last one.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(hook.received).toHaveLength(MAX_ATTEMPTS)
    const listed = await request(service.app, { url: '/webhooks', headers: admin.headers })
    expect(listed.body.find((webhook: { id: number }) => webhook.id === created.id).deliveries).toEqual({ pending: 0, delivered: 0, failed: 1 })
  })

  it('delivers after a failure once the receiver answers 2xx', async () => {
    const zone = activeZones[2]!
    const hook = await receiver((_delivery, index) => (index === 0 ? 500 : 200))
    const created = await register({ url: hook.url, zone_ids: [zone.id] })
    await toggleStatus(zone)
    await expect.poll(async () => (await deliveriesOf(created.id)).deliveries[0]?.state, { timeout: 20_000 }).toBe('delivered')
    expect((await deliveriesOf(created.id)).deliveries[0]).toMatchObject({ attempts: 2, last_status_code: 200, last_error: null })
    expect(hook.received.map((delivery) => delivery.id)).toEqual([hook.received[0]!.id, hook.received[0]!.id])
  })

  it('delivers each of many status changes made at once exactly once, with two workers on one database', async () => {
    const zones = activeZones.slice(3, 8)
    const hook = await receiver()
    const created = await register({ url: hook.url, zone_ids: zones.map((zone) => zone.id), event_types: ['zone.status-changed'] })
    const second = await buildTestApp(service.db, WEBHOOK_ENV)
    try {
      await Promise.all(zones.map((zone) => toggleStatus(zone)))
      await Promise.all(zones.map((zone) => toggleStatus(zone)))
      const events = await service.db.knex('change_events').whereIn('zone_id', zones.map((zone) => zone.id)).where({ type: 'zone.status-changed' }).orderBy('id', 'desc').limit(10).pluck('id')
      await hook.waitFor((received) => received.length >= 10)
      await expect.poll(async () => (await deliveriesOf(created.id, '?state=delivered&limit=500')).deliveries.length).toBe(10)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(hook.received.map((delivery) => delivery.id).sort()).toEqual(events.map(String).sort())
      for (const delivery of hook.received) verified(delivery, created.secret)
    } finally {
      await second.close()
    }
  })

  it('queues nothing while a webhook is paused, and resumes with the changes made after', async () => {
    const zone = activeZones[0]!
    const hook = await receiver()
    const created = await register({ url: hook.url, zone_ids: [zone.id], event_types: ['zone.status-changed'] })
    const paused = await request(service.app, { method: 'PATCH', url: `/webhooks/${created.id}`, headers: { ...admin.headers, 'if-match': `"webhook-${created.id}-v1"` }, payload: { active: false } })
    expect(paused.status).toBe(200)
    await toggleStatus(zone)
    expect((await deliveriesOf(created.id)).deliveries).toEqual([])
    await request(service.app, { method: 'PATCH', url: `/webhooks/${created.id}`, headers: { ...admin.headers, 'if-match': String(paused.headers.etag) }, payload: { active: true } })
    await toggleStatus(zone)
    await hook.waitFor((received) => received.length >= 1)
    expect(hook.received).toHaveLength(1)
  })

  it('pages the delivery log, newest first', async () => {
    const zone = activeZones[8]!
    const hook = await receiver()
    const created = await register({ url: hook.url, zone_ids: [zone.id], event_types: ['zone.status-changed'] })
    await toggleStatus(zone)
    await toggleStatus(zone)
    await hook.waitFor((received) => received.length >= 2)
    const first = await deliveriesOf(created.id, '?limit=1')
    expect(first.deliveries).toHaveLength(1)
    expect(first.next).toBe(`/webhooks/${created.id}/deliveries?before=${first.deliveries[0].id}&limit=1`)
    const second = (await request(service.app, { url: first.next, headers: admin.headers })).body
    expect(second.deliveries).toHaveLength(1)
    expect(Number(second.deliveries[0].event_id)).toBeLessThan(Number(first.deliveries[0].event_id))
    expect(second.next).toBeNull()
    for (const query of ['?limit=0', '?limit=501', '?before=0', '?before=1e309', '?state=lost', '?limit=Infinity']) {
      expect((await request(service.app, { url: `/webhooks/${created.id}/deliveries${query}`, headers: admin.headers })).status, query).toBe(400)
    }
    expect((await request(service.app, { url: '/webhooks/99999999999/deliveries', headers: admin.headers })).status).toBe(400)
    expect((await request(service.app, { url: '/webhooks/2000000000/deliveries', headers: admin.headers })).status).toBe(404)
  })
})
