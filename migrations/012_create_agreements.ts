import type { Knex } from 'knex'
import { checkIn, timestamps } from './column-helpers.ts'

// Frozen as they were when this migration was written: a later change to the domain's lists
// reaches the database only through a migration of its own.
const CLASSES = ['unilateral', 'bilateral', 'multilateral']
const FORMS = ['written', 'verbal', 'declared']
const PURPOSES = ['ceasefire', 'de-escalation', 'humanitarian', 'evacuation', 'deconfliction', 'demilitarisation', 'security-arrangement', 'political-settlement']
const ROLES = ['signatory', 'guarantor', 'mediator', 'observer', 'excluded']
const EFFECTS = ['creates', 'changes', 'confirms', 'ends']
const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'

/**
 * Agreements as records of their own (as PA-X and the ETH/PRIO ceasefire dataset keep them): their
 * terms, who signed, guaranteed, mediated or observed them, which zones they create or change, and
 * their sources. A status change may cite the agreement behind it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agreements', (table) => {
    table.increments('id')
    table.text('slug').notNullable().unique()
    table.text('title').notNullable()
    table.date('signed_on')
    table.text('signed_precision').notNullable().defaultTo('day')
    table.text('place')
    table.text('class').notNullable()
    table.text('form').notNullable()
    table.text('purpose').notNullable()
    table.text('description')
    table.text('text_url')
    table.text('pax_id').comment('the agreement id in PA-X, the Peace Agreements Database')
    table.integer('ucdp_conflict_id').comment('the UCDP conflict id')
    table.integer('duration_days').comment('a fixed duration, when the text sets one')
    table.date('expires_on')
    table.text('renewal_terms')
    table.text('curation_note')
    table.integer('version').notNullable().defaultTo(1)
    table.boolean('archived').notNullable().defaultTo(false)
    timestamps(knex, table)
    table.check(`slug ~ '${SLUG_PATTERN}'`, [], 'agreements_slug_check')
    table.check(checkIn('signed_precision', ['day', 'month', 'year']), [], 'agreements_signed_precision_check')
    table.check(checkIn('class', CLASSES), [], 'agreements_class_check')
    table.check(checkIn('form', FORMS), [], 'agreements_form_check')
    table.check(checkIn('purpose', PURPOSES), [], 'agreements_purpose_check')
    table.check('duration_days is null or duration_days > 0', [], 'agreements_duration_check')
    table.check('expires_on is null or signed_on is null or expires_on >= signed_on', [], 'agreements_expiry_check')
  })
  await knex.raw('create index agreements_signed_on_idx on agreements (signed_on, id) where not archived')

  await knex.schema.createTable('agreement_parties', (table) => {
    table.integer('agreement_id').notNullable().references('id').inTable('agreements').onDelete('CASCADE')
    table.integer('party_id').notNullable().references('id').inTable('parties').onDelete('RESTRICT')
    table.text('role').notNullable()
    table.text('note')
    table.primary(['agreement_id', 'party_id', 'role'])
    table.index(['party_id', 'role'])
    table.check(checkIn('role', ROLES), [], 'agreement_parties_role_check')
  })
  await knex.schema.createTable('agreement_zones', (table) => {
    table.integer('agreement_id').notNullable().references('id').inTable('agreements').onDelete('CASCADE')
    table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('CASCADE')
    table.text('effect').notNullable()
    table.text('note')
    table.primary(['agreement_id', 'zone_id'])
    table.index(['zone_id'])
    table.check(checkIn('effect', EFFECTS), [], 'agreement_zones_effect_check')
  })
  await knex.schema.createTable('agreement_sources', (table) => {
    table.integer('agreement_id').notNullable().references('id').inTable('agreements').onDelete('CASCADE')
    table.integer('source_id').notNullable().references('id').inTable('sources').onDelete('RESTRICT')
    table.primary(['agreement_id', 'source_id'])
    table.index(['source_id'])
  })
  await knex.schema.alterTable('status_changes', (table) => {
    table.integer('agreement_id').references('id').inTable('agreements').onDelete('RESTRICT').comment('the agreement this change follows from, when one does')
    table.index(['agreement_id'])
  })
  await knex.schema.alterTable('audit_log', (table) => {
    table.integer('agreement_id').references('id').inTable('agreements').onDelete('SET NULL')
    table.index(['agreement_id', 'at'])
  })
  // A zone's card and the map's filters show its agreements: their changes change the data version.
  for (const name of ['agreements', 'agreement_parties', 'agreement_zones']) {
    await knex.raw(`create trigger ${name}_bump_data_version after insert or update or delete or truncate on ${name}
      for each statement execute function bump_data_version()`)
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (table) => {
    table.dropColumn('agreement_id')
  })
  await knex.schema.alterTable('status_changes', (table) => {
    table.dropColumn('agreement_id')
  })
  await knex.schema.dropTable('agreement_sources')
  await knex.schema.dropTable('agreement_zones')
  await knex.schema.dropTable('agreement_parties')
  await knex.schema.dropTable('agreements')
}
