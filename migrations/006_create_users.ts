import type { Knex } from 'knex'
import { checkIn, timestamps } from './column-helpers.ts'

// Frozen as they were when this migration was written: a later change to the domain's lists
// reaches the database only through a migration of its own.
const USER_ROLES = ['editor', 'admin']
const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,39}$'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (table) => {
    table.increments('id')
    table.text('username').notNullable().unique()
    table.text('password_hash').notNullable()
    table.text('role').notNullable()
    table.boolean('disabled').notNullable().defaultTo(false)
    table.timestamp('password_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    timestamps(knex, table)
    table.check(checkIn('role', USER_ROLES), [], 'users_role_check')
    table.check(`username ~ '${USERNAME_PATTERN}'`, [], 'users_username_check')
  })
  await knex.schema.createTable('api_tokens', (table) => {
    table.increments('id')
    table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
    table.text('name').notNullable()
    table.text('token_hash').notNullable().unique().comment('SHA-256 of the token; the token itself is shown once')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('expires_at', { useTz: true })
    table.timestamp('last_used_at', { useTz: true })
    table.timestamp('revoked_at', { useTz: true })
    table.index(['user_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_tokens')
  await knex.schema.dropTable('users')
}
