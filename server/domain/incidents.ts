import type { LocationPrecision } from './location-precision.ts'

/**
 * Incidents as the Atlas records them: events of ACLED and UCDP GED, and the violations the parties
 * reported (dataset `atlas`, each with the Atlas's source). The datasets' own grades of place and
 * date are kept as codes beside the Atlas's grade.
 */
export const INCIDENT_DATASETS = ['acled', 'ucdp-ged', 'atlas'] as const
export type IncidentDataset = (typeof INCIDENT_DATASETS)[number]

/** How precisely the date is known: a day, a week or month or year it lies in, or a range of days. */
export const DATE_PRECISIONS = ['day', 'week', 'month', 'year', 'range'] as const
export type DatePrecision = (typeof DATE_PRECISIONS)[number]

/**
 * How far from its point an incident may have happened, by how precisely it is located: the radius
 * of its footprint (migration 016). An incident counts inside a zone only when its whole footprint
 * lies inside the zone's outline in force on its day, so one placed only in a province is not
 * counted in a small zone.
 */
export const UNCERTAINTY_KM: Readonly<Record<LocationPrecision, number>> = { exact: 0, approximate: 10, region: 50 }

/** ACLED's event types (its codebook); UCDP GED's types of violence are kept as UCDP names them. */
export const ACLED_EVENT_TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'] as const

/** The event type of a count of ceasefire violations that a party reported (dataset `atlas`). */
export const REPORTED_VIOLATIONS = 'Reported ceasefire violations'

/**
 * The event type of a count of civilians killed in an area over a period when no truce was in force
 * there (dataset `atlas`): the figure a truce's record is compared with, never a violation.
 */
export const REPORTED_CIVILIAN_DEATHS = 'Reported civilian deaths'

/**
 * What every incident says of the event, as the incidents table stores it (migration 016): its
 * days, its type and actors, and the deaths reported (low, best, high; null where not given).
 * An imported row, a seeded record and an exported row each add their own fields to these.
 */
export interface IncidentEvent {
  occurred_on: string
  occurred_until: string
  event_type: string
  sub_event_type: string | null
  actor1: string | null
  actor2: string | null
  fatalities_low: number | null
  fatalities_best: number | null
  fatalities_high: number | null
}
