import type { Knex } from 'knex'
import { checkIn, timestamps } from './column-helpers.ts'

// Frozen as they were when this migration was written: a later change to the domain's lists
// reaches the database only through a migration of its own.
const PARTY_TYPES = ['state', 'armed-group', 'coalition', 'international-organisation']
const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('parties', (table) => {
    table.increments('id')
    table.text('slug').notNullable().unique()
    table.text('name').notNullable()
    table.text('type').notNullable()
    table.text('note')
    timestamps(knex, table)
    table.check(checkIn('type', PARTY_TYPES), [], 'parties_type_check')
    table.check(`slug ~ '${SLUG_PATTERN}'`, [], 'parties_slug_check')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('parties')
}
