import type { Knex } from 'knex'
import { checkIn } from './column-helpers.ts'

// Frozen as they were when this migration was written: a later change to the domain's lists
// reaches the database only through a migration of its own.
const STATUSES = ['proposed', 'agreed', 'active', 'suspended', 'collapsed', 'ended', 'rejected']

/** A zone's history: one row per status change, the first recording its proposal. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('status_changes', (table) => {
    table.increments('id')
    table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('CASCADE')
    table.text('from_status')
    table.text('to_status').notNullable()
    table.date('effective_on').notNullable()
    table.text('effective_precision').notNullable().defaultTo('day')
    table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.raw('now()'))
    table.text('recorded_by').notNullable()
    table.text('reason').notNullable()
    table.text('basis').notNullable().defaultTo('stated')
    table.text('note')
    table.index(['zone_id', 'effective_on', 'id'])
    table.check(`from_status is null or ${checkIn('from_status', STATUSES)}`, [], 'status_changes_from_check')
    table.check(checkIn('to_status', STATUSES), [], 'status_changes_to_check')
    table.check(checkIn('effective_precision', ['day', 'month', 'year']), [], 'status_changes_precision_check')
    table.check(checkIn('basis', ['stated', 'inferred']), [], 'status_changes_basis_check')
  })
  await knex.schema.createTable('status_change_sources', (table) => {
    table.integer('status_change_id').notNullable().references('id').inTable('status_changes').onDelete('CASCADE')
    table.integer('source_id').notNullable().references('id').inTable('sources').onDelete('RESTRICT')
    table.primary(['status_change_id', 'source_id'])
    table.index(['source_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('status_change_sources')
  await knex.schema.dropTable('status_changes')
}
