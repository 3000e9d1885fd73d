import type { Knex } from 'knex'
import { checkIn, timestamps } from './column-helpers.ts'

// Frozen as they were when this migration was written: a later change to the domain's lists
// reaches the database only through a migration of its own.
const KINDS = ['de-escalation-zone', 'ceasefire-zone', 'safe-zone', 'buffer-zone', 'demilitarised-zone', 'deconfliction-zone', 'siege', 'humanitarian-corridor', 'security-corridor', 'observation-post']
const STATUSES = ['proposed', 'agreed', 'active', 'suspended', 'collapsed', 'ended', 'rejected']
const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('zones', (table) => {
    table.increments('id')
    table.text('slug').notNullable().unique()
    table.text('name').notNullable()
    table.text('kind').notNullable()
    table.text('status').notNullable()
    table.date('status_since').notNullable()
    table.text('description')
    table.specificType('geom', 'geometry(Geometry, 4326)')
    table.date('proposed_on')
    table.date('in_force_from')
    table.date('ended_on')
    table.text('geometry_precision').notNullable().defaultTo('approximate')
    table.text('geometry_note')
    table.text('notes')
    table.integer('version').notNullable().defaultTo(1)
    table.boolean('archived').notNullable().defaultTo(false)
    timestamps(knex, table)
    table.check(`slug ~ '${SLUG_PATTERN}'`, [], 'zones_slug_check')
    table.check(checkIn('kind', KINDS), [], 'zones_kind_check')
    table.check(checkIn('status', STATUSES), [], 'zones_status_check')
    table.check(checkIn('geometry_precision', ['approximate', 'surveyed']), [], 'zones_geometry_precision_check')
    table.check('geom is null or ST_IsValid(geom)', [], 'zones_geom_valid_check')
  })
  // The area is derived from the geometry by the database, so no client can set it.
  await knex.raw(`alter table zones add column area_km2 double precision
    generated always as (ST_Area(geom::geography) / 1e6) stored`)
  await knex.raw(`create index zones_geom_gist on zones using gist (geom) where not archived`)
  await knex.raw(`create index zones_status_idx on zones (status, id) where not archived`)
  await knex.raw(`create index zones_kind_idx on zones (kind, id) where not archived`)

  await knex.schema.createTable('zone_sources', (table) => {
    table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('CASCADE')
    table.integer('source_id').notNullable().references('id').inTable('sources').onDelete('RESTRICT')
    table.primary(['zone_id', 'source_id'])
    table.index(['source_id'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('zone_sources')
  await knex.schema.dropTable('zones')
}
