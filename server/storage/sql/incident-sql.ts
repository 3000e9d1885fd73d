import { TABLES } from './tables.ts'
import { publicTextSql } from './cited-text.ts'

/**
 * SQL builders for incidents read as features, for an incident aliased `z` (see
 * incident-features.ts). Names come from this file only; every value is a bound parameter.
 */

/** The Atlas's source of the record (a party's report, a dataset's page) as {id, title, url, publisher, published_on}, or null. */
const INCIDENT_SOURCE_SQL = `(select json_build_object('id', s.id, 'title', s.title, 'url', s.url, 'publisher', s.publisher, 'published_on', s.published_on)
      from ${TABLES.sources} s where s.id = z.source_id)`

/** The public properties of an incident and the SQL that gives each. */
export const INCIDENT_PROPERTY_SQL = {
  slug: 'z.slug',
  dataset: 'z.dataset',
  event_id: 'z.event_id',
  occurred_on: 'z.occurred_on',
  occurred_until: 'z.occurred_until',
  date_precision: 'z.date_precision',
  date_precision_code: 'z.date_precision_code',
  event_type: 'z.event_type',
  sub_event_type: 'z.sub_event_type',
  actor1: 'z.actor1',
  actor2: 'z.actor2',
  fatalities_low: 'z.fatalities_low',
  fatalities_best: 'z.fatalities_best',
  fatalities_high: 'z.fatalities_high',
  event_count: 'z.event_count',
  location_precision: 'z.location_precision',
  location_precision_code: 'z.location_precision_code',
  place: 'z.place',
  admin1: 'z.admin1',
  country: 'z.country',
  reported_by: 'z.reported_by',
  source_name: 'z.source_name',
  source_scale: 'z.source_scale',
  notes: publicTextSql('z.notes'),
  source: INCIDENT_SOURCE_SQL,
  version: 'z.version',
  updated_at: 'z.updated_at',
  links: `json_build_array(json_build_object('rel', 'self', 'type', 'application/geo+json', 'href', ?::text || '/incidents/' || z.id))`,
} as const

export type IncidentProperty = keyof typeof INCIDENT_PROPERTY_SQL
export const INCIDENT_PROPERTIES = Object.keys(INCIDENT_PROPERTY_SQL) as IncidentProperty[]

/** When any incident last changed, as RFC 3339 UTC text (null when there are none). */
export const INCIDENTS_LAST_CHANGE_SQL = `(select to_char(max(updated_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') from ${TABLES.incidents})`

/**
 * Whether the incident's days [occurred_on, occurred_until] meet the days [from, to] (YYYY-MM-DD
 * bound values, both ends included); null is an open end. Returns the SQL and its bindings.
 */
export function incidentDaysMeetSql(from: string | null | undefined, to: string | null | undefined): { sql: string; bindings: string[] } {
  const parts: string[] = []
  const bindings: string[] = []
  if (from) {
    parts.push('z.occurred_until >= ?::date')
    bindings.push(from)
  }
  if (to) {
    parts.push('z.occurred_on <= ?::date')
    bindings.push(to)
  }
  return { sql: parts.length === 0 ? 'true' : parts.join(' and '), bindings }
}
