import type { Knex } from 'knex'
import { checkIn } from './column-helpers.ts'

// Frozen as they were when this migration was written: a later change to the domain's lists
// reaches the database only through a migration of its own.
const ROLES = ['proposer', 'sponsor', 'guarantor', 'signatory', 'mediator', 'monitor', 'besieger', 'besieged', 'controlling']

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('zone_parties', (table) => {
    table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('CASCADE')
    table.integer('party_id').notNullable().references('id').inTable('parties').onDelete('RESTRICT')
    table.text('role').notNullable()
    table.text('note')
    table.primary(['zone_id', 'party_id', 'role'])
    table.index(['party_id', 'role'])
    table.check(checkIn('role', ROLES), [], 'zone_parties_role_check')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('zone_parties')
}
