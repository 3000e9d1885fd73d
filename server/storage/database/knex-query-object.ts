/**
 * The query object knex hands its client's `_query` (an internal method both of our clients
 * override: pglite-knex-client.ts, postgres-knex-client.ts): the SQL with $n placeholders, its
 * bindings and driver options, and `response`, where the driver's answer goes.
 */
export interface KnexQueryObject<Options = Record<string, unknown>, Response = unknown> {
  sql: string
  bindings?: unknown[]
  options?: Options
  response?: Response
}
