import knexFactory from 'knex'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Database } from '../../server/storage/database/database.ts'
import { asKnexClient } from '../../server/storage/database/knex-internals.ts'
import { PgliteKnexClient } from '../../server/storage/database/pglite-knex-client.ts'
import { PostgresKnexClient, type PostgresKnexConfig } from '../../server/storage/database/postgres-knex-client.ts'
import { backend, createTestDatabase } from '../helpers/test-database.ts'

/**
 * knex and knex-pglite are pinned to exact versions because our clients override an internal method
 * of theirs (server/storage/database/knex-internals.ts). These tests fail when an upgrade no longer
 * runs statements through our `_query`.
 */
let db: Database
beforeAll(async () => {
  db = await createTestDatabase('migrated')
})
afterAll(async () => {
  await db.close()
})

describe(`knex's internals we rely on, on ${backend}`, () => {
  it('every statement, in a transaction or not, goes through our client\'s _query', async () => {
    const ours = backend === 'postgres' ? PostgresKnexClient : PgliteKnexClient
    const client = db.knex.client as { _query: (...args: unknown[]) => Promise<unknown> }
    expect(client).toBeInstanceOf(ours)
    expect(Object.hasOwn(ours.prototype, '_query'), 'our client overrides _query').toBe(true)
    expect(client._query).toBe(ours.prototype._query)
    // On the prototype: a transaction's client is a new object made from it. The spy calls through: the database answers.
    const seen = vi.spyOn(ours.prototype as { _query: (...args: unknown[]) => Promise<unknown> }, '_query')
    try {
      expect((await db.knex.raw('select 41 + ? as answer', [1])).rows).toEqual([{ answer: 42 }])
      expect(await db.knex('zones').count({ n: '*' }).first()).toEqual({ n: expect.anything() })
      await db.knex.transaction(async (trx) => {
        expect((await trx.raw('select 2 as two')).rows).toEqual([{ two: 2 }])
      })
      const statements = seen.mock.calls.map(([, query]) => (query as { sql: string }).sql)
      expect(statements).toEqual(expect.arrayContaining(['select 41 + $1 as answer', expect.stringMatching(/^select count\(\*\) as "n" from "zones"/), 'select 2 as two']))
      // The query object keeps its contract: SQL with $n placeholders, bindings, and the answer in `response`.
      const [, first] = seen.mock.calls[0]!
      expect(first).toMatchObject({ sql: 'select 41 + $1 as answer', bindings: [1] })
      expect(await seen.mock.results[0]!.value).toHaveProperty('response')
    } finally {
      seen.mockRestore()
    }
  })

  it.runIf(backend === 'postgres')('arms our read timeout: an answer that takes longer fails and frees the connection', async () => {
    const { connection } = db.knex.client.config as PostgresKnexConfig
    const config: PostgresKnexConfig = { client: asKnexClient(PostgresKnexClient), connection, pool: { min: 0, max: 1 }, readTimeoutMs: 200 }
    const knex = knexFactory(config)
    try {
      // No statement_timeout on this connection, and pg's own query_timeout unset: only our timer can end it.
      const failure = await knex.raw('select pg_sleep(30)').then(() => null, (error: unknown) => error)
      expect(String(failure)).toMatch(/Connection terminated/)
      expect((await knex.raw('select 1 as one')).rows).toEqual([{ one: 1 }])
    } finally {
      await knex.destroy()
    }
  })
})
