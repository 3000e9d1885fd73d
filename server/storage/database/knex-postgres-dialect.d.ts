/** knex's PostgreSQL client class, which knex ships without a type: knex-internals.ts names it. */
declare module 'knex/lib/dialects/postgres/index.js' {
  const ClientPg: unknown
  export default ClientPg
}
