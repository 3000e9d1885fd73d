import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import { bearerFor, call } from '../helpers/remote-api.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts'

/**
 * SIGKILL the server while it is posting a webhook delivery (the receiver holds the request open),
 * with more changes queued behind it; start it again on the same data. The receiver gets every
 * change, each exactly once once de-duplicated by the CloudEvents id, and none is lost: the claim
 * the dead process left expires and the delivery is posted again under the same id.
 */
const ADMIN_PASSWORD = 'webhooks survive a kill -9'
const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '200',
  WEBHOOK_TIMEOUT_MS: '8000', // long enough that the held request is still in flight when the test kills
  WEBHOOK_LEASE_MS: '9000',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '1000',
}

async function changeStatus(base: string, bearer: Record<string, string>, zoneId: number): Promise<void> {
  const zone = await call(base, `/zones/${zoneId}`)
  const status = zone.body.properties.status === 'active' ? 'suspended' : 'active'
  const changed = await call(base, `/zones/${zoneId}/status`, {
    method: 'POST',
    headers: { ...bearer, 'if-match': zone.headers.get('etag')! },
    body: { status, effective_date: '2025-01-15', reason: `now ${status}`, source_url: 'https://example.org/report' },
  })
  expect(changed.status, JSON.stringify(changed.body)).toBe(200)
}

async function createZone(base: string, bearer: Record<string, string>, slug: string): Promise<number> {
  const created = await call(base, '/zones', {
    method: 'POST',
    headers: bearer,
    body: { type: 'Feature', geometry: null, properties: { slug, name: slug, kind: 'ceasefire-zone', status: 'active', effective_date: '2024-01-01', reason: 'for the webhook crash test', source_url: 'https://example.org/report' } },
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  return created.body.id as number
}

/** Starts the server, retrying while a killed one's lock on DATA_DIR has not gone stale yet. */
async function startWhenFree(env: Record<string, string>): Promise<ServerProcess> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const server = startServer({ ...env, ...WEBHOOK_ENV, ADMIN_PASSWORD, RATE_LIMIT_PER_MINUTE: '0' }, await freePort())
    try {
      await waitForHealthy(server)
      return server
    } catch (error) {
      if (Date.now() > deadline || !/in use by another/.test(server.output())) throw error
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

async function killMidDelivery(env: Record<string, string>, receiver: WebhookReceiver): Promise<void> {
  let server = await startWhenFree(env)
  let base = `http://127.0.0.1:${server.port}`
  try {
    const bearer = await bearerFor(base, 'admin', ADMIN_PASSWORD)
    const zones = [await createZone(base, bearer, 'crash-test-east'), await createZone(base, bearer, 'crash-test-west')]
    const registered = await call(base, '/webhooks', { method: 'POST', headers: bearer, body: { url: receiver.url, event_types: ['zone.status-changed'], zone_ids: zones } })
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    const { id: webhookId, secret } = registered.body as { id: number; secret: string }

    await changeStatus(base, bearer, zones[0]!)
    await receiver.waitFor((received) => received.length >= 1)
    const held = receiver.received[0]!.id
    for (const zoneId of [zones[1]!, zones[0]!, zones[1]!]) await changeStatus(base, bearer, zoneId)
    // The first delivery is still in flight (held by the receiver, not yet timed out, not retried).
    expect(receiver.received.filter((delivery) => delivery.id === held)).toHaveLength(1)
    server.child.kill('SIGKILL')
    await server.exited

    server = await startWhenFree(env)
    base = `http://127.0.0.1:${server.port}`
    await changeStatus(base, bearer, zones[0]!)

    const log = async () => (await call(base, `/webhooks/${webhookId}/deliveries?limit=500`, { headers: bearer })).body.deliveries as Array<{ event_id: string; state: string }>
    await expect.poll(async () => (await log()).filter((delivery) => delivery.state === 'delivered').length, { timeout: 60_000, interval: 250 }).toBe(5)
    const events = (await log()).map((delivery) => delivery.event_id).sort()
    expect(events).toHaveLength(5)
    const unique = receiver.unique()
    expect([...unique.keys()].sort()).toEqual(events)
    expect(receiver.received.filter((delivery) => delivery.id === held).length).toBeGreaterThanOrEqual(2)
    for (const delivery of receiver.received) {
      const event = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as { id: string; type: string }
      expect(event).toMatchObject({ id: delivery.id, type: 'org.truceatlas.zone.status-changed' })
    }
  } finally {
    await server.stop('SIGKILL')
  }
}

describe('webhook deliveries across a kill -9, on the embedded database', () => {
  let directory: string
  let receiver: WebhookReceiver
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-webhooks-'))
    receiver = await startWebhookReceiver((_delivery, index) => (index === 0 ? 'hang' : 204))
  })
  afterAll(async () => {
    await receiver.close()
    await rm(directory, { recursive: true, force: true })
  })

  it('lose no change and, de-duplicated by id, deliver each once', async () => {
    await killMidDelivery({ DATA_DIR: path.join(directory, 'data') }, receiver)
  }, 240_000)
})

const postgresUrl = process.env.TEST_DATABASE_URL
describe.runIf(postgresUrl)('webhook deliveries across a kill -9, on PostgreSQL', () => {
  const name = `truce_atlas_webhooks_${process.pid}`
  let receiver: WebhookReceiver
  beforeAll(async () => {
    receiver = await startWebhookReceiver((_delivery, index) => (index === 0 ? 'hang' : 204))
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('create database ??', [name])
    await admin.close()
  })
  afterAll(async () => {
    await receiver.close()
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('drop database if exists ?? with (force)', [name])
    await admin.close()
  })

  it('lose no change and, de-duplicated by id, deliver each once', async () => {
    await killMidDelivery({ DATABASE_URL: databaseUrl(postgresUrl!, name) }, receiver)
  }, 240_000)
})
