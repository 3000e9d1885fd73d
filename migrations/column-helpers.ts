import type { Knex } from 'knex'

/** `column in (...)` as a check constraint, so the database refuses what the domain refuses. */
export function checkIn(column: string, values: readonly string[]): string {
  return `${column} in (${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')})`
}

export function timestamps(knex: Knex, table: Knex.CreateTableBuilder): void {
  table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
}
