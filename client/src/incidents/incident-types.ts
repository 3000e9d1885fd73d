import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Static } from 'typebox'
import type { Link } from '../api-types.ts'
import type * as IncidentSchemas from '../../../server/schemas/incidents.ts'
import type * as ZoneIncidentSchemas from '../../../server/schemas/zone-incidents.ts'

/**
 * What the client reads of incidents (GET /incidents, GET /zones/{id}/incidents), derived from the
 * server's schemas as api-types.ts does for zones (types only), narrowed to what the map asks for.
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

type AllIncidentProperties = Static<typeof IncidentSchemas.IncidentProperties>

/** The properties of an incident the map asks for (INCIDENT_MAP_PROPERTIES), all of them sent. */
export type IncidentProperties = Pick<AllIncidentProperties, (typeof INCIDENT_MAP_PROPERTIES)[number]>

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

/** GET /zones/{id}/incidents?as_of=: the incidents inside the zone by status period and month, and the indicator. */
export type ZoneIncidents = Static<typeof ZoneIncidentSchemas.ZoneIncidents>
export type IncidentPeriod = ZoneIncidents['periods'][number]
export type IncidentMonth = ZoneIncidents['months'][number]
export type ZoneIndicator = ZoneIncidents['indicator']
export type IndicatorState = ZoneIndicator['state']
