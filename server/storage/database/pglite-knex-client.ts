import type { PGlite } from '@electric-sql/pglite'
import { KnexPgliteClient, type PgliteQueryObject } from './knex-internals.ts'

/**
 * knex-pglite's client with its one query method rewritten as a native async function.
 *
 * knex-pglite ships `_query` compiled to ES5 (a generator driven by
 * __awaiter). Through that wrapper each result outlived the young generation's next collection, so
 * every page of 100 zones (~780 KB of JSON text) was promoted to the old generation, where only full
 * (mark-compact) collections of the whole ~80 MB heap reclaim it: 0.65–0.85 MB promoted per query
 * and a full collection every ~35 pages. The same query as a native async function promotes
 * ~0.07 MB per query; measured with --trace-gc-nvp over 100 sequential pages (BENCHMARKS.md).
 */
export class PgliteKnexClient extends KnexPgliteClient {
  override async _query(connection: PGlite, query: PgliteQueryObject): Promise<PgliteQueryObject> {
    if (!query.sql) throw new Error('The query is empty')
    query.response = await connection.query(query.sql, query.bindings, query.options)
    return query
  }
}
