import type { Knex } from 'knex'
import { checkIn } from './column-helpers.ts'

/** How each write signed in, as this migration knew them. */
const AUTH_METHODS = ['session', 'bearer', 'basic'] as const
/** The longest client name kept: a User-Agent says what it is in its first words. */
const CLIENT_LENGTH = 200

/**
 * The audit trail names the client a write came from: its User-Agent (cleaned and cut short by the
 * server) and how it signed in, so an edit from a desktop tool can be told from one in the browser.
 * Rows written before stay null.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (table) => {
    table.text('client').comment('the User-Agent of the request, without control characters, at most 200 characters')
    table.text('auth_method').comment('how the writer signed in: session, bearer or basic')
    table.check(`char_length(client) <= ${CLIENT_LENGTH}`, [], 'audit_log_client_length')
    table.check(checkIn('auth_method', AUTH_METHODS), [], 'audit_log_auth_method')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (table) => {
    table.dropChecks(['audit_log_client_length', 'audit_log_auth_method'])
    table.dropColumn('client')
    table.dropColumn('auth_method')
  })
}
