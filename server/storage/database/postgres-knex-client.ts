import type { Knex } from 'knex'
import type pg from 'pg'
import { KnexPostgresClient, type KnexQueryObject } from './knex-internals.ts'

export interface PostgresKnexConfig extends Knex.Config {
  /** Give up on an answer after this long (a statement's answer lost on a cut network); 0 for never. */
  readTimeoutMs: number
}

/**
 * knex's PostgreSQL client, with the read timeout that pg's `query_timeout` would set kept here.
 *
 * pg arms `query_timeout` as a timer whose closure holds the query and so its
 * rows. The timer outlives a young-generation collection or two and is promoted to V8's old
 * generation, where a dead timer still counts as alive until the next full collection: the answer
 * it held was promoted with it, so nearly every page of 100 zones (~700 KB of JSON text) ended in
 * the old generation. This timer holds only the connection. Measured on GET /zones?limit=100 under
 * 16 connections (--trace-gc-nvp, ~600 pages): 0.8 MB promoted per page and a full collection every
 * ~70 pages with pg's timeout; 0.15 MB and one every ~250 pages with this one.
 */
export class PostgresKnexClient extends KnexPostgresClient {
  override async _query(connection: pg.Client, query: KnexQueryObject): Promise<KnexQueryObject> {
    const { readTimeoutMs } = this.config as PostgresKnexConfig
    const timer = readTimeoutMs > 0 ? setTimeout(endConnectionWithLostAnswer, readTimeoutMs, connection) : undefined
    try {
      return await super._query(connection, query)
    } finally {
      clearTimeout(timer)
    }
  }
}

/**
 * No answer came in time: the network to the server is cut, or the server is gone (a statement over
 * statement_timeout is cancelled by the server itself, well before this). pg's `end()` closes the
 * socket of a connection with a query in flight, so the query fails with "Connection terminated"
 * (answered as 503) and the pool drops the connection.
 */
function endConnectionWithLostAnswer(connection: pg.Client): void {
  connection.end().catch(() => undefined)
}
