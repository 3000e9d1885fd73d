import { afterAll, describe, expect, it } from 'vitest'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'
import { openEventStream } from '../helpers/event-stream.ts'

const postgresUrl = process.env.TEST_DATABASE_URL
const ADMIN_PASSWORD = 'two instances share one database'

describe.runIf(postgresUrl)('two API processes on one PostgreSQL database', () => {
  const name = `truce_atlas_events_${process.pid}`
  const servers: ServerProcess[] = []
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('drop database if exists ?? with (force)', [name])
    await admin.close()
  })

  it('an edit through one appears on the other\'s /events stream', async () => {
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('create database ??', [name])
    await admin.close()
    const env = { DATABASE_URL: databaseUrl(postgresUrl!, name), ADMIN_PASSWORD, SESSION_SECRET: 'shared by both instances of the service' }
    const writer = startServer(env, await freePort())
    servers.push(writer)
    await waitForHealthy(writer)
    const reader = startServer(env, await freePort())
    servers.push(reader)
    await waitForHealthy(reader)

    const events = await openEventStream(`http://127.0.0.1:${reader.port}/events`)
    const base = `http://127.0.0.1:${writer.port}`
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
    const { csrfToken } = await login.json()
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const zone = await fetch(`${base}/zones/kobani-dmz-proposal`)
    const changed = await fetch(`${base}/zones/kobani-dmz-proposal/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'if-match': zone.headers.get('etag')! },
      body: JSON.stringify({ status: 'agreed', effective_date: '2025-03-01', reason: 'test across instances' }),
    })
    expect(changed.status).toBe(200)
    const event = await events.next(5000)
    expect(event.data).toMatchObject({ zone_id: (await zone.json()).id, action: 'zone.status', version: 2 })
    events.close()
  })
})
