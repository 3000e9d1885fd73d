import type { DatePrecision } from '../../domain/incidents.ts'
import type { LocationPrecision } from '../../domain/location-precision.ts'
import { MAX_FATALITIES, type FieldReader } from './field-reader.ts'
import { allRead, type IncidentFormat } from './incident-format.ts'
import { incidentSlug, type IncidentRow } from '../../domain/incident-rows.ts'

/** UCDP's date_prec: the day; a range of 2-6 days; a week; a month; a year. */
const DATE_PRECISIONS = new Map<number, DatePrecision>([[1, 'day'], [2, 'range'], [3, 'week'], [4, 'month'], [5, 'year']])
/** UCDP's where_prec: the place; within about 25 km; then a district, province, region, country or area (3-7). */
const WHERE_PRECISIONS = new Map<number, LocationPrecision>([[1, 'exact'], [2, 'approximate'], [3, 'region'], [4, 'region'], [5, 'region'], [6, 'region'], [7, 'region']])
/** UCDP's types of violence, stored as event_type with UCDP's names. */
export const UCDP_TYPES_OF_VIOLENCE = new Map<number, string>([[1, 'State-based conflict'], [2, 'Non-state conflict'], [3, 'One-sided violence']])

/**
 * A UCDP GED export (its CSV columns: id, date_start, date_end, date_prec, where_prec, best, low,
 * high, type_of_violence, ...). The sides are the actors; where_coordinates names the place;
 * source_office is the outlet and source_headline the note.
 */
export const ucdpGedFormat: IncidentFormat = {
  dataset: 'ucdp-ged',
  idColumn: 'id',
  required: ['id', 'date_start', 'date_end', 'date_prec', 'where_prec', 'latitude', 'longitude', 'best', 'low', 'high', 'type_of_violence'],
  read(fields: FieldReader): IncidentRow | null {
    const fatalities = { min: 0, max: MAX_FATALITIES, required: true }
    const values = {
      event_id: fields.eventId('id'),
      start: fields.date('date_start'),
      end: fields.date('date_end'),
      date: fields.code('date_prec', DATE_PRECISIONS),
      where: fields.code('where_prec', WHERE_PRECISIONS),
      latitude: fields.degrees('latitude', 90),
      longitude: fields.degrees('longitude', 180),
      best: fields.integer('best', fatalities),
      low: fields.integer('low', fatalities),
      high: fields.integer('high', fatalities),
      violence: fields.code('type_of_violence', UCDP_TYPES_OF_VIOLENCE),
      actor1: fields.text('side_a', { max: 500 }),
      actor2: fields.text('side_b', { max: 500 }),
      place: fields.text('where_coordinates', { max: 500 }),
      admin1: fields.text('adm_1', { max: 500 }),
      country: fields.text('country', { max: 200 }),
      source_name: fields.text('source_office'),
      notes: fields.text('source_headline'),
    }
    if (!allRead(values)) return null
    if (values.start > values.end) return fields.problem('date_end', `is before date_start (${values.start})`) ?? null
    if (!(values.low! <= values.best! && values.best! <= values.high!)) {
      return fields.problem('best', `low ${values.low}, best ${values.best} and high ${values.high} are not in order (low ≤ best ≤ high)`) ?? null
    }
    return {
      row: fields.row,
      event_id: values.event_id,
      slug: incidentSlug('ucdp-ged', values.event_id),
      longitude: values.longitude,
      latitude: values.latitude,
      location_precision: values.where.grade,
      location_precision_code: values.where.code,
      place: values.place,
      admin1: values.admin1,
      country: values.country,
      occurred_on: values.start,
      occurred_until: values.end,
      date_precision: values.date.grade,
      date_precision_code: values.date.code,
      event_type: values.violence.grade,
      sub_event_type: null,
      actor1: values.actor1,
      actor2: values.actor2,
      fatalities_low: values.low,
      fatalities_best: values.best,
      fatalities_high: values.high,
      source_name: values.source_name,
      source_scale: null,
      notes: values.notes,
      source_updated_at: null,
    }
  },
}
