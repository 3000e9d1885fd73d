import type { Knex } from 'knex'
import { checkIn, timestamps } from './column-helpers.ts'

// Frozen as they were when this migration was written.
const DATASETS = ['acled', 'ucdp-ged', 'atlas']
const LOCATION_PRECISIONS = ['exact', 'approximate', 'region']
const DATE_PRECISIONS = ['day', 'week', 'month', 'year', 'range']
/** How far from its point an incident may have happened, by location precision, in metres. */
const UNCERTAINTY_METRES = { approximate: 10_000, region: 50_000 }

/**
 * Incidents: events that event datasets (ACLED, UCDP GED) record, and the violations the parties
 * reported, so that the Atlas can say whether a truce holds where and while it was in force.
 *
 * - incidents: one row per event of a dataset, known by the dataset and its own id (ACLED's
 *   event_id_cnty, UCDP GED's id), so a newer export updates and removes by them. The place is a
 *   point, or an area where only an area is known; the source's own precision codes are kept beside
 *   the Atlas's grade (location_precision, date_precision). `event_count` is how many events a row
 *   stands for: 1 for a dataset's event, the number reported for a party's count of violations, null
 *   when the source does not say.
 * - footprint: where the incident may have happened, a generated column (derived, so never backed up
 *   or written; each backend computes it): the area itself; a point
 *   for an exact location; a circle around the point for an approximate one (10 km) or one placed
 *   only in a region (50 km). An incident counts inside a zone when its footprint lies inside the
 *   zone's outline, so one placed only in a province is not counted in a small zone.
 * - incident_imports: each import of a dataset's file, with what it changed and the days the file
 *   covers (an absence of incidents means something only on days an import covered).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incident_imports', (table) => {
    table.increments('id')
    table.text('dataset').notNullable()
    table.text('file_name')
    table.date('first_day').comment('the earliest day an event of the file happened on')
    table.date('last_day').comment('the latest day an event of the file happened on')
    table.integer('rows').notNullable().defaultTo(0)
    table.integer('added').notNullable().defaultTo(0)
    table.integer('updated').notNullable().defaultTo(0)
    table.integer('removed').notNullable().defaultTo(0)
    table.integer('unchanged').notNullable().defaultTo(0)
    table.text('imported_by').notNullable()
    table.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.check(checkIn('dataset', DATASETS), [], 'incident_imports_dataset_check')
    table.check('first_day <= last_day', [], 'incident_imports_days_check')
  })

  await knex.schema.createTable('incidents', (table) => {
    table.increments('id')
    table.text('dataset').notNullable()
    table.text('event_id').notNullable().comment("the dataset's own id of the event")
    table.text('slug').notNullable().unique().comment('dataset and event id, lowercase, joined by a hyphen')
    table.specificType('geom', 'geometry(Geometry, 4326)').notNullable()
    table.text('location_precision').notNullable()
    table.smallint('location_precision_code').comment("the source's own grade (ACLED geo_precision, UCDP where_prec)")
    table.text('place')
    table.text('admin1')
    table.text('country')
    table.date('occurred_on').notNullable()
    table.date('occurred_until').notNullable()
    table.text('date_precision').notNullable().defaultTo('day')
    table.smallint('date_precision_code').comment("the source's own grade (ACLED time_precision, UCDP date_prec)")
    table.text('event_type').notNullable()
    table.text('sub_event_type')
    table.text('actor1')
    table.text('actor2')
    table.integer('fatalities_low')
    table.integer('fatalities_best')
    table.integer('fatalities_high')
    table.integer('event_count').defaultTo(1)
    table.text('reported_by').comment('who reported it, for the violations a party counted')
    table.text('source_name').comment('the outlets the dataset cites')
    table.text('source_scale')
    table.text('notes')
    table.integer('source_id').references('id').inTable('sources').onDelete('RESTRICT').comment("the Atlas's source for the record")
    table.timestamp('source_updated_at', { useTz: true }).comment('when the dataset last changed the event (ACLED timestamp)')
    table.integer('import_id').references('id').inTable('incident_imports').onDelete('SET NULL')
    table.integer('version').notNullable().defaultTo(1)
    timestamps(knex, table)
    table.unique(['dataset', 'event_id'])
    table.check(checkIn('dataset', DATASETS), [], 'incidents_dataset_check')
    table.check(checkIn('location_precision', LOCATION_PRECISIONS), [], 'incidents_location_precision_check')
    table.check(checkIn('date_precision', DATE_PRECISIONS), [], 'incidents_date_precision_check')
    table.check('occurred_on <= occurred_until', [], 'incidents_dates_check')
    table.check('fatalities_low >= 0 and fatalities_best >= 0 and fatalities_high >= 0', [], 'incidents_fatalities_check')
    table.check('fatalities_low <= fatalities_best and fatalities_best <= fatalities_high and fatalities_low <= fatalities_high', [], 'incidents_fatalities_order_check')
    table.check('event_count >= 0', [], 'incidents_event_count_check')
    table.check('ST_IsValid(geom) and not ST_IsEmpty(geom)', [], 'incidents_geom_valid_check')
    table.check("GeometryType(geom) in ('POINT', 'MULTIPOINT', 'POLYGON', 'MULTIPOLYGON')", [], 'incidents_geom_type_check')
  })
  await knex.raw(`alter table incidents add column footprint geometry(Geometry, 4326) not null generated always as (case
      when GeometryType(geom) in ('POINT', 'MULTIPOINT') and location_precision = 'approximate'
        then ST_Buffer(geom::geography, ${UNCERTAINTY_METRES.approximate}, 'quad_segs=8')::geometry
      when GeometryType(geom) in ('POINT', 'MULTIPOINT') and location_precision = 'region'
        then ST_Buffer(geom::geography, ${UNCERTAINTY_METRES.region}, 'quad_segs=8')::geometry
      else geom
    end) stored`)
  await knex.raw('create index incidents_geom_gist on incidents using gist (geom)')
  await knex.raw('create index incidents_footprint_gist on incidents using gist (footprint)')
  await knex.raw('create index incidents_occurred_idx on incidents (occurred_on, id)')
  await knex.raw('create index incidents_event_type_idx on incidents (event_type)')
  await knex.raw('create index incidents_import_idx on incidents (import_id)')
  await knex.raw('create index incidents_updated_idx on incidents (updated_at)')

  // Incidents change what the map and the zones' summaries show, and imports the days their data
  // covers (so whether a zone's indicator can say "holding"): both move the data version.
  for (const table of ['incidents', 'incident_imports']) {
    await knex.raw(`create trigger ${table}_bump_data_version after insert or update or delete or truncate on ${table}
      for each statement execute function bump_data_version()`)
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger incident_imports_bump_data_version on incident_imports')
  await knex.raw('drop trigger incidents_bump_data_version on incidents')
  await knex.schema.dropTable('incidents')
  await knex.schema.dropTable('incident_imports')
}
