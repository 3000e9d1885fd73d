import type { Knex } from 'knex'
import type { IncidentDataset } from '../../domain/incidents.ts'
import type { LocationPrecision } from '../../domain/location-precision.ts'
import type { FeatureCollectionDescription } from './feature-collection.ts'
import { TABLES } from './tables.ts'
import { likePattern, whereIntersectsBbox } from './zone-sql.ts'
import { incidentInsideZoneSql, incidentNearZoneSql } from './incident-zone-sql.ts'
import { INCIDENT_PROPERTY_SQL, INCIDENTS_LAST_CHANGE_SQL, incidentDaysMeetSql } from './incident-sql.ts'

/** Which incidents a read is about; each field left out filters nothing. */
export interface IncidentFilter {
  /** [west, south, east, north]: the incidents whose point or area intersects the box (west > east crosses the antimeridian). */
  bbox?: readonly number[] | undefined
  /** Days (YYYY-MM-DD): the incidents whose days [occurred_on, occurred_until] meet [from, to]. */
  from?: string | undefined
  to?: string | undefined
  /** Event types, exactly as the datasets name them. */
  type?: readonly string[] | undefined
  /** Sub-event types, exactly. */
  subType?: readonly string[] | undefined
  /** Words (case-insensitive), each in actor1 or actor2. */
  actor?: string | undefined
  /** The id of a zone: the incidents inside it (see incident-zone-sql.ts). */
  zone?: number | undefined
  dataset?: readonly IncidentDataset[] | undefined
  locationPrecision?: readonly LocationPrecision[] | undefined
  /** A compiled condition on `z` (a CQL2 filter through the incidents' queryables). */
  condition?: { sql: string; bindings: ReadonlyArray<string | number | boolean> } | undefined
}

function whereActorWords(query: Knex.QueryBuilder, words: string): void {
  for (const word of words.split(/\s+/).filter(Boolean)) {
    const pattern = likePattern(word)
    query.where((inner) => inner.whereILike('z.actor1', pattern).orWhereILike('z.actor2', pattern))
  }
}

/** Inside the zone; the cheap test on the box of its outlines first, so the GiST index on footprint is used. */
function whereInsideZone(query: Knex.QueryBuilder, zoneId: number): void {
  query.whereRaw(`${incidentNearZoneSql('z', '?::int')} and ${incidentInsideZoneSql('z', '?::int')}`, [zoneId, zoneId])
}

/** Adds the filter's conditions on the incidents aliased `z`. */
export function whereIncidentFilter(query: Knex.QueryBuilder, filter: IncidentFilter): void {
  if (filter.from || filter.to) {
    const days = incidentDaysMeetSql(filter.from, filter.to)
    query.whereRaw(days.sql, days.bindings)
  }
  if (filter.type) query.whereIn('z.event_type', filter.type)
  if (filter.subType) query.whereIn('z.sub_event_type', filter.subType)
  if (filter.actor) whereActorWords(query, filter.actor)
  if (filter.dataset) query.whereIn('z.dataset', filter.dataset)
  if (filter.locationPrecision) query.whereIn('z.location_precision', filter.locationPrecision)
  if (filter.zone !== undefined) whereInsideZone(query, filter.zone)
  if (filter.bbox) whereIntersectsBbox(query, filter.bbox)
  if (filter.condition) query.whereRaw(filter.condition.sql, [...filter.condition.bindings])
}

/** Where an incident is drawn as a point: its point, or a point on its area. */
export const INCIDENT_POINT_SQL = 'case when GeometryType(z.geom) = \'POINT\' then z.geom else ST_PointOnSurface(z.geom) end'

/** The properties a CSV row of an incident carries (with its id, source URL and place). */
const EXPORTED_PROPERTIES = [
  'slug', 'dataset', 'event_id', 'occurred_on', 'occurred_until', 'date_precision', 'event_type', 'sub_event_type', 'actor1', 'actor2',
  'fatalities_low', 'fatalities_best', 'fatalities_high', 'event_count', 'location_precision', 'place', 'admin1', 'country', 'reported_by', 'source_name', 'notes',
] as const satisfies ReadonlyArray<keyof typeof INCIDENT_PROPERTY_SQL>

/** The incidents as a feature collection: what /incidents and the OGC collection `incidents` read. */
export const INCIDENT_FEATURES: FeatureCollectionDescription<IncidentFilter> = {
  // Incidents are records of what happened on their days: they read the same on any day.
  source: (knex) => knex.raw(`${TABLES.incidents} as z`),
  joins: [],
  properties: INCIDENT_PROPERTY_SQL,
  geometryColumn: () => 'z.geom',
  where: whereIncidentFilter,
  lastChangeSql: INCIDENTS_LAST_CHANGE_SQL,
  exportColumns: {
    id: 'z.id',
    ...Object.fromEntries(EXPORTED_PROPERTIES.map((name) => [name, INCIDENT_PROPERTY_SQL[name]])),
    source_url: `(select s.url from ${TABLES.sources} s where s.id = z.source_id)`,
  },
}

/** Count, extent and days of the incidents (the OGC collection's extent). */
export const INCIDENTS_SUMMARY_SQL = `select count(*)::int as count,
       ST_XMin(ST_Extent(z.geom)) as west, ST_YMin(ST_Extent(z.geom)) as south,
       ST_XMax(ST_Extent(z.geom)) as east, ST_YMax(ST_Extent(z.geom)) as north,
       min(z.occurred_on)::text as start, max(z.occurred_until)::text as end
  from ${TABLES.incidents} z`
