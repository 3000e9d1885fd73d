import type { Knex } from 'knex'

/** Table names, shared by migrations and repositories. */
export const TABLES = {
  parties: 'parties',
  sources: 'sources',
  zones: 'zones',
  zoneSources: 'zone_sources',
  zoneParties: 'zone_parties',
  statusChanges: 'status_changes',
  statusChangeSources: 'status_change_sources',
  users: 'users',
  apiTokens: 'api_tokens',
  sessions: 'sessions',
  auditLog: 'audit_log',
} as const

/** `column in (...)` as a check constraint, so the database refuses what the domain refuses. */
export function checkIn(column: string, values: readonly string[]): string {
  return `${column} in (${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')})`
}

export function timestamps(knex: Knex, table: Knex.CreateTableBuilder): void {
  table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
}
