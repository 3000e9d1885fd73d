import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresDatabase, type PostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { isDatabaseUnavailable } from '../../server/storage/database/unavailable.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'
import { postgresProxy, type PostgresProxy } from '../helpers/postgres-proxy.ts'

/**
 * A statement whose answer never arrives (the network to PostgreSQL cut after the query went out):
 * the server's statement_timeout cancels it, but the cancellation is lost too. The client gives up
 * after its read timeout (STATEMENT_TIMEOUT_MS + 5 s), fails the query as "database unavailable"
 * and drops the connection, so the pool recovers by itself (server/storage/database/postgres-knex-client.ts).
 */
describe.runIf(backend === 'postgres')('an answer lost on the way from PostgreSQL', () => {
  const testDb = useTestDatabase('migrated')
  let proxy: PostgresProxy
  let viaProxy: PostgresDatabase

  beforeAll(async () => {
    const url = new URL((testDb.db.knex.client.config.connection as { connectionString: string }).connectionString)
    proxy = await postgresProxy(url.hostname, Number(url.port || 5432))
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

