import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresDatabase, type PostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { isDatabaseUnavailable } from '../../server/storage/database/unavailable.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

/**
 * A statement whose answer never arrives (the network to PostgreSQL cut after the query went out):
 * the server's statement_timeout cancels it, but the cancellation is lost too. The client gives up
 * after its read timeout (STATEMENT_TIMEOUT_MS + 5 s), fails the query as "database unavailable"
 * and drops the connection, so the pool recovers by itself (server/storage/database/postgres-knex-client.ts).
 */
describe.runIf(backend === 'postgres')('an answer lost on the way from PostgreSQL', () => {
  const testDb = useTestDatabase('migrated')
  let proxy: AnswerSwallowingProxy
  let viaProxy: PostgresDatabase

  beforeAll(async () => {
    const url = new URL((testDb.db.knex.client.config.connection as { connectionString: string }).connectionString)
    proxy = await answerSwallowingProxy(url.hostname, Number(url.port || 5432))
    url.hostname = '127.0.0.1'
    url.port = String(proxy.port)
    viaProxy = await openPostgresDatabase(url.toString(), { statementTimeoutMs: 300, poolMax: 1 })
  })
  afterAll(async () => {
    await viaProxy?.close()
    await proxy?.close()
  })

  it('fails the query after the read timeout as unavailable, and the next query gets a new connection', async () => {
    const before = (await viaProxy.knex.raw('select pg_backend_pid() as pid')).rows[0].pid as number
    proxy.swallowAnswers = true
    const started = Date.now()
    const error = await viaProxy.knex.raw('select pg_sleep(1)').then(
      () => null,
      (failure: unknown) => failure,
    )
    const waited = Date.now() - started
    proxy.swallowAnswers = false

    expect(error).toBeInstanceOf(Error)
    expect(isDatabaseUnavailable(error)).toBe(true)
    // The read timeout (300 ms statement timeout + 5 s), not the server's cancellation, which was swallowed.
    expect(waited).toBeGreaterThanOrEqual(5000)
    const after = (await viaProxy.knex.raw('select pg_backend_pid() as pid')).rows[0].pid as number
    expect(after).not.toBe(before)
  }, 30_000)
})

interface AnswerSwallowingProxy {
  port: number
  /** While true, bytes from PostgreSQL are dropped: the client waits for an answer that never comes. */
  swallowAnswers: boolean
  close(): Promise<void>
}

/** A TCP proxy to PostgreSQL that can stop passing on what the server sends, as a cut network would. */
async function answerSwallowingProxy(host: string, port: number): Promise<AnswerSwallowingProxy> {
  const sockets = new Set<Socket>()
  const proxy: AnswerSwallowingProxy = {
    port: 0,
    swallowAnswers: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
  const server: Server = createServer((client) => {
    const upstream = connect(port, host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    client.on('data', (chunk) => upstream.write(chunk))
    upstream.on('data', (chunk) => {
      if (!proxy.swallowAnswers) client.write(chunk)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.port = (server.address() as AddressInfo).port
  return proxy
}
