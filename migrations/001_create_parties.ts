import type { Knex } from 'knex'
import { PARTY_TYPES, SLUG_PATTERN } from '../server/domain/parties.ts'
import { TABLES, checkIn, timestamps } from './tables.ts'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(TABLES.parties, (table) => {
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
  await knex.schema.dropTable(TABLES.parties)
}
