import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite'
import type { Knex } from 'knex'
import ClientPgLite from 'knex-pglite'
// knex's own PostgreSQL client, which knex-pglite extends too; knex ships it without a type.
import ClientPg from 'knex/lib/dialects/postgres/index.js'
import type pg from 'pg'

/**
 * The internals of knex (and knex-pglite) this project relies on, named in one place. Both packages
 * are pinned to exact versions in package.json; test/storage/knex-internals.test.ts fails when an
 * upgrade stops honouring what is written here.
 *
 * - The client classes: knex's PostgreSQL client and knex-pglite's. Our clients extend them
 *   (postgres-knex-client.ts, pglite-knex-client.ts) and are handed to knex() as `config.client`.
 * - `_query(connection, query)`: the one method knex calls to run every statement, in or out of a
 *   transaction, on a connection its pool gives out. It receives a KnexQueryObject, puts the
 *   driver's answer in `response` and resolves to the same object.
 */
export interface KnexQueryObject<Options = Record<string, unknown>, Response = unknown> {
  /** The SQL with $1, $2... placeholders. */
  sql: string
  bindings?: unknown[]
  /** The driver's options for this query (a prepared statement's name, say). */
  options?: Options
  /** Where `_query` puts the driver's answer. */
  response?: Response
}

/** A knex client class as we extend it: built from knex's configuration, running statements with `_query`. */
export type KnexClientClass<Connection, Query extends KnexQueryObject<unknown>> = new (config: Knex.Config) => {
  config: Knex.Config
  _query(connection: Connection, query: Query): Promise<Query>
}

export type PgliteQueryObject = KnexQueryObject<QueryOptions, Results>

export const KnexPostgresClient = ClientPg as unknown as KnexClientClass<pg.Client, KnexQueryObject>
export const KnexPgliteClient = ClientPgLite as unknown as KnexClientClass<PGlite, PgliteQueryObject>

/** One of our client classes as knex() takes it in `config.client`. */
export function asKnexClient<Connection, Query extends KnexQueryObject<unknown>>(client: KnexClientClass<Connection, Query>): typeof Knex.Client {
  return client as unknown as typeof Knex.Client
}
