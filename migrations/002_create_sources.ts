import type { Knex } from 'knex'
import { timestamps } from './column-helpers.ts'

/** Citations: a title, a publisher, an address and a date, linked to zones and to status changes. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sources', (table) => {
    table.increments('id')
    table.text('citation_key').unique().comment('the key the dataset cites it by, e.g. S15')
    table.text('title').notNullable()
    table.text('publisher')
    table.text('url')
    table.date('published_on')
    table.text('note')
    timestamps(knex, table)
    table.check(`url is null or url ~ '^(http|https)://'`, [], 'sources_url_check')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sources')
}
