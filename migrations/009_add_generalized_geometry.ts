import type { Knex } from 'knex'

/**
 * What the map needs to draw 100,000 zones quickly.
 *
 * - geom_z4, geom_z8 and geom_z12: the outline simplified (ST_SimplifyPreserveTopology) to one pixel
 *   of a 256-pixel tile at zoom 4, 8 and 12, so that `GET /zones?zoom=` and the vector tiles send
 *   no detail a screen cannot show. Generated columns, like area_km2: computed by the database on
 *   every insert and update (writes, seeds, imports, restores alike), never by a request.
 * - data_version: one counter that every statement changing what a map or a list of zones shows
 *   (zones, their parties, the parties, their history) increments, in the same transaction. The
 *   ETags of the vector tiles and of GET /zones carry it: a revalidation is one single-row read, and
 *   no response has to be hashed.
 * - an index on updated_at, so that "when did the data last change" (the OGC timeStamp) is one
 *   index probe instead of a scan of every zone.
 */

/** Degrees of longitude covered by one pixel of a 256-pixel web-mercator tile at `zoom`. */
const pixelDegrees = (zoom: number): number => 360 / (256 * 2 ** zoom)

const LEVELS = [4, 8, 12] as const

/** The tables whose changes change a map or a list of zones. */
const VERSIONED_TABLES = ['zones', 'zone_parties', 'parties', 'status_changes']

export async function up(knex: Knex): Promise<void> {
  for (const zoom of LEVELS) {
    await knex.raw(`alter table zones add column geom_z${zoom} geometry(Geometry, 4326)
      generated always as (ST_SimplifyPreserveTopology(geom, ${pixelDegrees(zoom)})) stored`)
  }
  await knex.raw(`create index zones_updated_at_idx on zones (updated_at)`)

  await knex.schema.createTable('data_version', (table) => {
    table.boolean('id').primary().defaultTo(true)
    table.bigInteger('version').notNullable().defaultTo(1)
    table.check('id', [], 'data_version_single_row_check')
  })
  await knex('data_version').insert({ id: true, version: 1 })
  await knex.raw(`create function bump_data_version() returns trigger language plpgsql as $$
    begin
      update data_version set version = version + 1;
      return null;
    end $$`)
  for (const table of VERSIONED_TABLES) {
    await knex.raw(`create trigger ${table}_bump_data_version after insert or update or delete or truncate on ${table}
      for each statement execute function bump_data_version()`)
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of VERSIONED_TABLES) await knex.raw(`drop trigger ${table}_bump_data_version on ${table}`)
  await knex.raw('drop function bump_data_version()')
  await knex.schema.dropTable('data_version')
  await knex.raw('drop index zones_updated_at_idx')
  for (const zoom of [...LEVELS].reverse()) await knex.raw(`alter table zones drop column geom_z${zoom}`)
}
