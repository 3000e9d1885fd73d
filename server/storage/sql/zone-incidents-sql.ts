import { TABLES } from './tables.ts'
import { DATA_VERSION_SQL } from './data-version.ts'
import { incidentInsideZoneSql, incidentNearZoneSql } from './incident-zone-sql.ts'
import { markValue } from './marked-values.ts'

/**
 * The two statements of a zone's incident summary (GET /zones/{id}/incidents): what the zone is
 * (name, whether it has an outline, its status history, the days imports covered, the data
 * version), then the incidents inside it counted per window of days and per month, grouped in SQL.
 * Values are marks for bindMarkedValues.
 */

/**
 * The zone (aliased z) by `by` (id or slug; mark `key`), not archived, with its status history as
 * JSON text (every entry, reversals too, oldest first; see effectiveHistory), the imports' days as
 * JSON text and the data version, in one snapshot.
 */
export const zoneTimelineSql = (by: 'id' | 'slug'): string => `select z.id, z.slug, z.name,
       exists (select 1 from ${TABLES.zoneBoundaries} b where b.zone_id = z.id and b.superseded_at is null) as has_outline,
       (select coalesce(json_agg(json_build_object('id', sc.id, 'reverses_change_id', sc.reverses_change_id, 'from_status', sc.from_status,
                                                    'to_status', sc.to_status, 'effective_on', sc.effective_on) order by sc.effective_on, sc.id)::text, '[]')
          from ${TABLES.statusChanges} sc where sc.zone_id = z.id) as history,
       (select coalesce(json_agg(json_build_object('dataset', ii.dataset, 'first_day', ii.first_day, 'last_day', ii.last_day) order by ii.dataset, ii.first_day)::text, '[]')
          from ${TABLES.incidentImports} ii where ii.first_day is not null and ii.last_day is not null) as imports,
       ${DATA_VERSION_SQL} as data_version
  from ${TABLES.zones} z
 where z.${by} = ${markValue('key')} and not z.archived`

/**
 * The incidents inside the zone (`zone`) that happened from `first` to `last`, each counted on its
 * first day (the day the inside rule reads the outline at), summed:
 * - windows: per window of `windows` (JSON text [{n, from, to}]) and event type: rows, events
 *   (a row without a count is one event) and deaths (best estimates, unknown ones left out);
 * - months: per month ('YYYY-MM') from `months_from` to `last`, and event type: events and deaths.
 * Each as JSON text. The footprint's box against the zone's outlines narrows the rows first (index).
 */
export const ZONE_INCIDENT_COUNTS_SQL = `with windows as (
    select w.n, w."from", w."to" from jsonb_to_recordset(${markValue('windows')}) as w(n int, "from" date, "to" date)
  ), inside as (
    select i.occurred_on, i.event_type, coalesce(i.event_count, 1) as events, i.fatalities_best as fatalities
      from ${TABLES.incidents} i
     where i.occurred_on between ${markValue('first')} and ${markValue('last')}
       and ${incidentNearZoneSql('i', markValue('zone'))}
       and ${incidentInsideZoneSql('i', markValue('zone'))}
  ), per_window as (
    select w.n, i.event_type, count(*) as records, sum(i.events) as events, coalesce(sum(i.fatalities), 0) as fatalities
      from windows w join inside i on i.occurred_on between w."from" and w."to"
     group by w.n, i.event_type
  ), per_month as (
    select to_char(i.occurred_on, 'YYYY-MM') as month, i.event_type, sum(i.events) as events, coalesce(sum(i.fatalities), 0) as fatalities
      from inside i where i.occurred_on >= ${markValue('months_from')}
     group by 1, 2
  )
  select (select coalesce(json_agg(json_build_object('n', n, 'event_type', event_type, 'records', records, 'events', events, 'fatalities', fatalities)
                                   order by n, event_type)::text, '[]') from per_window) as windows,
         (select coalesce(json_agg(json_build_object('month', month, 'event_type', event_type, 'events', events, 'fatalities', fatalities)
                                   order by month, event_type)::text, '[]') from per_month) as months`
