import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Link } from '../api-types.ts'

/**
 * What the client reads of incidents. Written against the read API's contract (GET /incidents and
 * GET /zones/{id}/incidents); once the server's schemas are in, these can be derived from them as
 * api-types.ts does for zones.
 */

/** The properties the map asks GET /incidents for (`properties=`), and only those. */
export const INCIDENT_MAP_PROPERTIES = [
  'slug',
  'event_type',
  'occurred_on',
  'occurred_until',
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'location_precision',
  'actor1',
  'actor2',
  'place',
  'source_name',
  'dataset',
  'event_id',
] as const

export interface IncidentProperties {
  slug: string
  event_type: string
  occurred_on: string
  occurred_until: string | null
  fatalities_best: number | null
  fatalities_low: number | null
  fatalities_high: number | null
  location_precision: 'exact' | 'approximate' | 'region'
  actor1: string | null
  actor2: string | null
  place: string | null
  source_name: string | null
  dataset: string
  event_id: string
}

export type IncidentFeature = Feature<Geometry, IncidentProperties>

export interface IncidentPage extends FeatureCollection<Geometry, IncidentProperties> {
  links?: Link[]
}

/** All the incidents of a window, as many as the client reads. */
export interface IncidentSet {
  features: IncidentFeature[]
  /** True when there were more than the client reads (MAX_INCIDENTS): the map says so. */
  capped: boolean
}

/** The days an incident's dates must meet, both included (YYYY-MM-DD). */
export interface DayWindow {
  from: string
  to: string
}

export const INDICATOR_STATES = ['holding', 'strained', 'broken', 'unknown'] as const
export type IndicatorState = (typeof INDICATOR_STATES)[number]

/** Incidents by event type: event type → count. */
export type ByType = Record<string, number>

/** A stretch of the zone's life in one status, and the incidents inside it then. */
export interface IncidentPeriod {
  status: string
  from: string
  /** Null: still in this status. */
  to: string | null
  days: number
  records: number
  events: number
  fatalities: number
  rate_per_30_days: number | null
  previous_rate_per_30_days: number | null
  /** The rate against the previous period's, as a fraction (0.5: half again), or null. */
  change: number | null
  by_type: ByType
}

export interface IncidentMonth {
  /** YYYY-MM */
  month: string
  events: number
  fatalities: number
  by_type: ByType
}

export interface ZoneIndicator {
  state: IndicatorState
  as_of: string
  window: DayWindow
  events: number
  fatalities: number
  reason: string
  rule: string
}

/** GET /zones/{id}/incidents?as_of=: the incidents inside the zone, by status period and month. */
export interface ZoneIncidents {
  zone: { id: number; slug: string; name?: string }
  as_of: string
  rule: { inside: string; indicator: string }
  coverage: unknown
  before: unknown
  periods: IncidentPeriod[]
  months: IncidentMonth[]
  indicator: ZoneIndicator
  links: Link[]
}
