import { createHash } from 'node:crypto'
import type { Knex } from 'knex'
import { PostgresKnexClient } from './postgres-knex-client.ts'

/**
 * Makes a query a named (prepared) statement on PostgreSQL, named after its SQL text: each pooled
 * connection parses and plans it once and then only binds and runs it. It pays where
 * planning is a large part of the work: one zone by id ran at 3,500 statements/s unnamed and 9,000
 * named on the benchmark's machine, while a page of 100 features (planning well under 1% of it)
 * gained nothing. PGlite has no named statements; there the query is left as it is.
 *
 *   const row = await prepared(knex, knex('zones').where({ id }).first('id'))
 *
 * Not behind a transaction-pooling proxy (PgBouncer in transaction mode), which loses them.
 */
export function prepared<T extends Knex.QueryBuilder | Knex.Raw>(knex: Knex, query: T): T {
  // Asked of the client itself: the configured client name stopped saying which backend this is
  // once PostgreSQL got a client class of its own.
  if (!(knex.client instanceof PostgresKnexClient)) return query
  const { sql } = query.toSQL()
  return query.options({ name: `ta_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}` }) as T
}
