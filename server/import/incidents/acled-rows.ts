import { ACLED_EVENT_TYPES, type DatePrecision } from '../../domain/incidents.ts'
import type { LocationPrecision } from '../../domain/location-precision.ts'
import { MAX_FATALITIES, type FieldReader } from './field-reader.ts'
import { allRead, type IncidentFormat } from './incident-format.ts'
import { incidentSlug, type IncidentRow } from '../../domain/incident-rows.ts'

/** ACLED's time_precision: the day, a week or a month the coded day lies in. */
const TIME_PRECISIONS = new Map<number, DatePrecision>([[1, 'day'], [2, 'week'], [3, 'month']])
/** ACLED's geo_precision: the town; near a town or a part of a region; only the region. */
const GEO_PRECISIONS = new Map<number, LocationPrecision>([[1, 'exact'], [2, 'approximate'], [3, 'region']])
const EVENT_TYPES = new Set<string>(ACLED_EVENT_TYPES)

/**
 * An ACLED export (its CSV columns as published: event_id_cnty, event_date, time_precision, ...).
 * `fatalities` is ACLED's one estimate, stored as the best one. ACLED codes an event known only to
 * a week or a month to one day of it: that day is stored as both occurred_on and occurred_until,
 * with the grade beside it.
 */
export const acledFormat: IncidentFormat = {
  dataset: 'acled',
  idColumn: 'event_id_cnty',
  required: ['event_id_cnty', 'event_date', 'time_precision', 'event_type', 'latitude', 'longitude', 'geo_precision', 'fatalities'],
  read(fields: FieldReader): IncidentRow | null {
    const values = {
      event_id: fields.eventId('event_id_cnty'),
      day: fields.date('event_date', { named: true }),
      time: fields.code('time_precision', TIME_PRECISIONS),
      event_type: fields.text('event_type', { required: true, max: 100 }),
      latitude: fields.degrees('latitude', 90),
      longitude: fields.degrees('longitude', 180),
      geo: fields.code('geo_precision', GEO_PRECISIONS),
      fatalities: fields.integer('fatalities', { min: 0, max: MAX_FATALITIES, required: true }),
      sub_event_type: fields.text('sub_event_type', { max: 200 }),
      actor1: fields.text('actor1', { max: 500 }),
      actor2: fields.text('actor2', { max: 500 }),
      place: fields.text('location', { max: 500 }),
      admin1: fields.text('admin1', { max: 500 }),
      country: fields.text('country', { max: 200 }),
      source_name: fields.text('source'),
      source_scale: fields.text('source_scale', { max: 500 }),
      notes: fields.text('notes'),
      source_updated_at: fields.unixSeconds('timestamp'),
    }
    if (typeof values.event_type === 'string' && !EVENT_TYPES.has(values.event_type)) {
      fields.problem('event_type', `is "${values.event_type.slice(0, 40)}"; ACLED's event types are ${ACLED_EVENT_TYPES.join(', ')}`)
      return null
    }
    if (!allRead(values)) return null
    return {
      row: fields.row,
      event_id: values.event_id,
      slug: incidentSlug('acled', values.event_id),
      longitude: values.longitude,
      latitude: values.latitude,
      location_precision: values.geo.grade,
      location_precision_code: values.geo.code,
      place: values.place,
      admin1: values.admin1,
      country: values.country,
      occurred_on: values.day,
      occurred_until: values.day,
      date_precision: values.time.grade,
      date_precision_code: values.time.code,
      event_type: values.event_type!,
      sub_event_type: values.sub_event_type,
      actor1: values.actor1,
      actor2: values.actor2,
      fatalities_low: null,
      fatalities_best: values.fatalities!,
      fatalities_high: null,
      source_name: values.source_name,
      source_scale: values.source_scale,
      notes: values.notes,
      source_updated_at: values.source_updated_at,
    }
  },
}
