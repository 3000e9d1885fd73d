import type { Knex } from 'knex'

/** An undone status change is never deleted: a new row reverses it and points at it. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('status_changes', (table) => {
    table.integer('reverses_change_id').references('id').inTable('status_changes').onDelete('RESTRICT').unique()
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('status_changes', (table) => {
    table.dropColumn('reverses_change_id')
  })
}
