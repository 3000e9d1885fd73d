import type { Knex } from 'knex'
import { TABLES } from './tables.ts'

/** An undone status change is never deleted: a new row reverses it and points at it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.statusChanges, (table) => {
    table.integer('reverses_change_id').references('id').inTable(TABLES.statusChanges).onDelete('RESTRICT').unique()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(TABLES.statusChanges, (table) => {
    table.dropColumn('reverses_change_id')
  })
}
