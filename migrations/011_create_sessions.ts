import type { Knex } from 'knex'

/**
 * Sign-ins the server can end: one row per browser session, found by the SHA-256 of the random id
 * kept in the encrypted cookie, so signing out, a password reset or disabling an account ends it
 * everywhere. And the audit trail names the API token a write was made with.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sessions', (table) => {
    table.text('id_hash').primary().comment('SHA-256 of the session id in the cookie; the id itself is never stored')
    table.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.timestamp('expires_at', { useTz: true }).notNullable()
    table.index(['user_id'])
    table.index(['expires_at'])
  })
  await knex.schema.alterTable('audit_log', (table) => {
    table.integer('api_token_id').references('id').inTable('api_tokens').onDelete('SET NULL').comment('the API token the write was made with; null for a browser session')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (table) => {
    table.dropColumn('api_token_id')
  })
  await knex.schema.dropTable('sessions')
}
