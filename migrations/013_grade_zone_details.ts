import type { Knex } from 'knex'
import { checkIn } from './column-helpers.ts'

// Frozen as they were when this migration was written.
const ROLES_BEFORE = ['proposer', 'sponsor', 'guarantor', 'signatory', 'mediator', 'monitor', 'besieger', 'besieged', 'controlling']
const ROLES = [...ROLES_BEFORE, 'excluded']
const LOCATION_PRECISIONS = ['exact', 'approximate', 'region']
const SIEGE_SEVERITIES = ['tier-1', 'tier-2', 'watchlist']

/**
 * The zone model at the level of the field's datasets:
 * - a party can be excluded from an arrangement (ISIS and HTS from the Astana ceasefire);
 * - where a zone lies is graded as ACLED and UCDP grade it (exact, approximate, region) instead of
 *   the yes/no of geometry_precision ('surveyed' becomes 'exact');
 * - a siege has assessments, each from one source: a severity as Siege Watch grades it and the
 *   population inside, where the source gives them. Sources that disagree are separate rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table zone_parties drop constraint zone_parties_role_check')
  await knex.raw(`alter table zone_parties add constraint zone_parties_role_check check (${checkIn('role', ROLES)})`)

  await knex.raw(`alter table zones add column location_precision text not null default 'approximate'
    constraint zones_location_precision_check check (${checkIn('location_precision', LOCATION_PRECISIONS)})`)
  await knex.raw(`update zones set location_precision = case geometry_precision when 'surveyed' then 'exact' else 'approximate' end`)
  await knex.raw('alter table zones drop column geometry_precision')

  await knex.schema.createTable('siege_assessments', (table) => {
    table.increments('id')
    table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('CASCADE')
    table.date('assessed_on').notNullable()
    table.text('assessed_precision').notNullable().defaultTo('day')
    table.text('severity')
    table.integer('population')
    table.integer('source_id').notNullable().references('id').inTable('sources').onDelete('RESTRICT')
    table.text('note')
    table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.text('recorded_by').notNullable()
    table.index(['zone_id', 'assessed_on'])
    table.check(checkIn('assessed_precision', ['day', 'month', 'year']), [], 'siege_assessments_precision_check')
    table.check(`severity is null or ${checkIn('severity', SIEGE_SEVERITIES)}`, [], 'siege_assessments_severity_check')
    table.check('population is null or population >= 0', [], 'siege_assessments_population_check')
    table.check('severity is not null or population is not null', [], 'siege_assessments_something_check')
  })
  await knex.raw(`create trigger siege_assessments_bump_data_version after insert or update or delete or truncate on siege_assessments
    for each statement execute function bump_data_version()`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('siege_assessments')
  await knex.raw(`alter table zones add column geometry_precision text not null default 'approximate'
    constraint zones_geometry_precision_check check (${checkIn('geometry_precision', ['approximate', 'surveyed'])})`)
  await knex.raw(`update zones set geometry_precision = case location_precision when 'exact' then 'surveyed' else 'approximate' end`)
  await knex.raw('alter table zones drop column location_precision')
  await knex.raw(`delete from zone_parties where role = 'excluded'`)
  await knex.raw('alter table zone_parties drop constraint zone_parties_role_check')
  await knex.raw(`alter table zone_parties add constraint zone_parties_role_check check (${checkIn('role', ROLES_BEFORE)})`)
}
