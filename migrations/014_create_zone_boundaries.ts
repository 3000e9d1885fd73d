import type { Knex } from 'knex'
import { checkIn } from './column-helpers.ts'

// Frozen as they were when this migration was written.
const LOCATION_PRECISIONS = ['exact', 'approximate', 'region']
const LEVELS = [4, 8, 12] as const
const pixelDegrees = (zoom: number): number => 360 / (256 * 2 ** zoom)

/**
 * Boundaries that move: a zone's outline has dated versions, each in force from its effective date
 * until the next one. A correction does not delete the version it corrects: it marks it superseded
 * (when, and by which version), so that the Atlas can say what it recorded on any day.
 *
 * zones.geom, zones.location_precision and zones.geometry_note stay, as the version in force today:
 * a trigger copies them from the latest version that is not superseded, in the write's transaction,
 * so reads of the current map need no join. A version's effective date is never in the future.
 *
 * Today's outlines become each zone's first version, in force from the first day of its history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('zone_boundaries', (table) => {
    table.increments('id')
    table.integer('zone_id').notNullable().references('id').inTable('zones').onDelete('CASCADE')
    table.specificType('geom', 'geometry(Geometry, 4326)').notNullable()
    table.date('effective_on').notNullable()
    table.text('effective_precision').notNullable().defaultTo('day')
    table.text('reason').notNullable()
    table.text('basis').notNullable().defaultTo('stated')
    table.text('location_precision').notNullable().defaultTo('approximate')
    table.text('geometry_note')
    table.text('curation_note')
    table.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.text('recorded_by').notNullable()
    table.timestamp('superseded_at', { useTz: true })
    table.integer('superseded_by').references('id').inTable('zone_boundaries').onDelete('SET NULL')
    table.check(checkIn('effective_precision', ['day', 'month', 'year']), [], 'zone_boundaries_precision_check')
    table.check(checkIn('basis', ['stated', 'inferred']), [], 'zone_boundaries_basis_check')
    table.check(checkIn('location_precision', LOCATION_PRECISIONS), [], 'zone_boundaries_location_precision_check')
    table.check('ST_IsValid(geom)', [], 'zone_boundaries_geom_valid_check')
    // A version withdrawn with the outline (the zone's shape no longer known) is superseded by none.
    table.check('superseded_by is null or superseded_at is not null', [], 'zone_boundaries_superseded_check')
  })
  await knex.raw(`alter table zone_boundaries add column area_km2 double precision
    generated always as (ST_Area(geom::geography) / 1e6) stored`)
  for (const zoom of LEVELS) {
    await knex.raw(`alter table zone_boundaries add column geom_z${zoom} geometry(Geometry, 4326)
      generated always as (ST_SimplifyPreserveTopology(geom, ${pixelDegrees(zoom)})) stored`)
  }
  await knex.raw('create index zone_boundaries_zone_idx on zone_boundaries (zone_id, effective_on, id)')
  await knex.raw('create index zone_boundaries_geom_gist on zone_boundaries using gist (geom)')
  await knex.raw('create index zone_boundaries_effective_idx on zone_boundaries (effective_on)')

  await knex.schema.createTable('zone_boundary_sources', (table) => {
    table.integer('boundary_id').notNullable().references('id').inTable('zone_boundaries').onDelete('CASCADE')
    table.integer('source_id').notNullable().references('id').inTable('sources').onDelete('RESTRICT')
    table.primary(['boundary_id', 'source_id'])
    table.index(['source_id'])
  })

  // Each zone's outline becomes its first version, from the first day of its history.
  await knex.raw(`insert into zone_boundaries (zone_id, geom, effective_on, effective_precision, reason, basis, location_precision, geometry_note, recorded_at, recorded_by)
    select z.id, z.geom,
           coalesce(first.effective_on, z.proposed_on, z.created_at::date),
           coalesce(first.effective_precision, 'day'),
           'The outline recorded with the zone', 'inferred', z.location_precision, z.geometry_note, z.created_at, 'migration'
      from zones z
      left join lateral (select sc.effective_on, sc.effective_precision from status_changes sc
                          where sc.zone_id = z.id order by sc.effective_on, sc.id limit 1) first on true
     where z.geom is not null`)

  // The version in force today (the latest not superseded) is copied onto the zone, in the same transaction.
  await knex.raw(`create function copy_current_boundary() returns trigger language plpgsql as $$
    declare
      changed_zone integer := coalesce(new.zone_id, old.zone_id);
    begin
      update zones z set geom = b.geom, location_precision = b.location_precision, geometry_note = b.geometry_note
        from (select zb.geom, zb.location_precision, zb.geometry_note from zone_boundaries zb
               where zb.zone_id = changed_zone and zb.superseded_at is null
               order by zb.effective_on desc, zb.id desc limit 1) b
       where z.id = changed_zone
         and (z.geom is distinct from b.geom or z.location_precision is distinct from b.location_precision
              or z.geometry_note is distinct from b.geometry_note);
      if not exists (select 1 from zone_boundaries zb where zb.zone_id = changed_zone and zb.superseded_at is null) then
        update zones set geom = null where id = changed_zone and geom is not null;
      end if;
      return null;
    end $$`)
  await knex.raw(`create trigger zone_boundaries_copy_current after insert or update or delete on zone_boundaries
    for each row execute function copy_current_boundary()`)
  await knex.raw(`create trigger zone_boundaries_bump_data_version after insert or update or delete or truncate on zone_boundaries
    for each statement execute function bump_data_version()`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger zone_boundaries_bump_data_version on zone_boundaries')
  await knex.raw('drop trigger zone_boundaries_copy_current on zone_boundaries')
  await knex.raw('drop function copy_current_boundary()')
  await knex.schema.dropTable('zone_boundary_sources')
  await knex.schema.dropTable('zone_boundaries')
}
