import type { Knex } from 'knex'

/** Every write: who, when, what, and the values before and after, written in the write's transaction. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (table) => {
    table.bigIncrements('id')
    table.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.integer('user_id').references('id').inTable('users').onDelete('SET NULL')
    table.text('username').notNullable()
    table.text('action').notNullable()
    table.text('entity').notNullable()
    table.text('entity_id').notNullable()
    table.integer('zone_id').references('id').inTable('zones').onDelete('SET NULL')
    table.jsonb('before')
    table.jsonb('after')
    table.text('request_id')
    table.index(['zone_id', 'at'])
    table.index(['user_id', 'at'])
    table.index(['at'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log')
}
