/** knex's PostgreSQL client class, which knex ships without a type: postgres-knex-client.ts extends it. */
declare module 'knex/lib/dialects/postgres/index.js' {
  const ClientPg: unknown
  export default ClientPg
}
