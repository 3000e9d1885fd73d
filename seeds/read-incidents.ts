import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import type { FeatureCollection, Geometry, Point } from 'geojson'
import { ACLED_EVENT_TYPES, DATE_PRECISIONS, REPORTED_CIVILIAN_DEATHS, REPORTED_VIOLATIONS, type DatePrecision } from '../server/domain/incidents.ts'
import { LOCATION_PRECISIONS, type LocationPrecision } from '../server/domain/location-precision.ts'
import { date, oneOf, optional, required, type Row } from './read-cells.ts'
import type { IncidentEvent } from '../server/domain/incidents.ts'

/**
 * The incidents of the dataset (incidents.csv, see seeds/data/README.md): the violations the parties
 * reported and the located attacks of the reference notes, each with its source. A row is placed in
 * an area of incident-areas.geojson, in a zone's outline (`zone:<slug>`, resolved when seeding from
 * the outline in force on the incident's first day), or at a point with the source of its coordinates
 * (point_source, cited in the notes too): never at a point nobody gave.
 */
export interface DatasetIncident extends IncidentEvent {
  event_id: string
  slug: string
  /** The area or point; null when the incident lies in a zone's outline (see `zone`). */
  geometry: Geometry | null
  /** The slug of the zone whose outline in force on occurred_on is the incident's area. */
  zone: string | null
  location_precision: LocationPrecision
  place: string | null
  admin1: string | null
  country: string
  date_precision: DatePrecision
  event_count: number | null
  reported_by: string | null
  notes: string
  /** The one source id of the record. */
  source: string
}

/** What an Atlas record may be: an ACLED event type, or a count a party or monitor reported. */
export const ATLAS_EVENT_TYPES: readonly string[] = [...ACLED_EVENT_TYPES, REPORTED_VIOLATIONS, REPORTED_CIVILIAN_DEATHS]
const COUNTS = [REPORTED_VIOLATIONS, REPORTED_CIVILIAN_DEATHS]
export const ATLAS_DATASET = 'atlas'

export function readIncidents(directory: string, known: { sourceKeys: ReadonlySet<string>; outlinedZones: ReadonlySet<string> }): DatasetIncident[] {
  const areas = new Map(
    (JSON.parse(readFileSync(path.join(directory, 'incident-areas.geojson'), 'utf8')) as FeatureCollection).features.map((feature) => [String(feature.id), feature.geometry]),
  )
  const rows = parse(readFileSync(path.join(directory, 'incidents.csv'), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Row[]
  const seen = new Set<string>()
  return rows.map((row, index) => {
    const at = `incidents.csv line ${index + 2}`
    const eventId = required(row, 'event_id', at)
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(eventId)) throw new Error(`${at}: event_id "${eventId}" must be lowercase words joined by hyphens`)
    if (seen.has(eventId)) throw new Error(`${at}: event_id ${eventId} appears twice`)
    seen.add(eventId)

    const occurredOn = date(row, 'occurred_on', at)
    const occurredUntil = date(row, 'occurred_until', at)
    const datePrecision = oneOf(row, 'date_precision', DATE_PRECISIONS, at)
    if (occurredUntil < occurredOn) throw new Error(`${at}: occurred_until is before occurred_on`)
    if (datePrecision === 'day' && occurredUntil !== occurredOn) throw new Error(`${at}: a day's incident ends on the day it began`)
    if (datePrecision === 'range' && occurredUntil === occurredOn) throw new Error(`${at}: a range needs two different days`)

    const notes = required(row, 'notes', at)
    for (const key of citations(notes)) {
      if (!known.sourceKeys.has(key)) throw new Error(`${at}: unknown source [${key}] in notes`)
    }
    const source = required(row, 'source', at)
    if (!known.sourceKeys.has(source)) throw new Error(`${at}: unknown source ${source}`)

    const { geometry, zone } = place(row, at, { areas, outlinedZones: known.outlinedZones, sourceKeys: known.sourceKeys, notes })
    const eventType = oneOf(row, 'event_type', ATLAS_EVENT_TYPES, at)
    const subEventType = optional(row, 'sub_event_type')
    if (subEventType !== null && COUNTS.includes(eventType)) throw new Error(`${at}: a reported count has no sub_event_type`)
    const reportedBy = optional(row, 'reported_by')
    if (COUNTS.includes(eventType) && reportedBy === null) throw new Error(`${at}: reported_by is required for a reported count`)
    const low = count(row, 'fatalities_low', at)
    const best = count(row, 'fatalities_best', at)
    const high = count(row, 'fatalities_high', at)
    if ((low !== null && best !== null && low > best) || (best !== null && high !== null && best > high) || (low !== null && high !== null && low > high)) {
      throw new Error(`${at}: fatalities must be low <= best <= high`)
    }
    return {
      event_id: eventId,
      slug: `${ATLAS_DATASET}-${eventId}`,
      geometry,
      zone,
      location_precision: oneOf(row, 'location_precision', LOCATION_PRECISIONS, at),
      place: optional(row, 'place'),
      admin1: optional(row, 'admin1'),
      country: 'Syria',
      occurred_on: occurredOn,
      occurred_until: occurredUntil,
      date_precision: datePrecision,
      event_type: eventType,
      sub_event_type: subEventType,
      actor1: optional(row, 'actor1'),
      actor2: optional(row, 'actor2'),
      fatalities_low: low,
      fatalities_best: best,
      fatalities_high: high,
      event_count: count(row, 'event_count', at),
      reported_by: reportedBy,
      notes,
      source,
    }
  })
}

/**
 * Where a row is: exactly one of an area (a feature of incident-areas.geojson, or `zone:<slug>` of a
 * zone with an outline) and a point (lon, lat) with the source of its coordinates.
 */
function place(row: Row, at: string, known: { areas: Map<string, Geometry>; outlinedZones: ReadonlySet<string>; sourceKeys: ReadonlySet<string>; notes: string }): { geometry: Geometry | null; zone: string | null } {
  const area = optional(row, 'area')
  const lon = optional(row, 'lon')
  const lat = optional(row, 'lat')
  if ((area === null) === (lon === null && lat === null)) throw new Error(`${at}: give either an area or a point (lon and lat), not both and not neither`)
  if (area !== null && optional(row, 'point_source') !== null) throw new Error(`${at}: point_source is only for a point`)
  if (area !== null) {
    if (area.startsWith('zone:')) {
      const zone = area.slice('zone:'.length)
      if (!known.outlinedZones.has(zone)) throw new Error(`${at}: no zone with an outline called ${zone}`)
      return { geometry: null, zone }
    }
    const geometry = known.areas.get(area)
    if (!geometry) throw new Error(`${at}: no feature "${area}" in incident-areas.geojson`)
    return { geometry, zone: null }
  }
  const coordinates = [lon, lat].map((value) => (value !== null && /^-?\d{1,3}(\.\d{1,8})?$/.test(value) ? Number(value) : Number.NaN))
  if (!(Math.abs(coordinates[0]!) <= 180) || !(Math.abs(coordinates[1]!) <= 90)) throw new Error(`${at}: lon and lat must be decimal degrees`)
  const pointSource = optional(row, 'point_source')
  if (pointSource === null || !known.sourceKeys.has(pointSource)) throw new Error(`${at}: point_source, the known source of the point's coordinates, is required`)
  if (!citations(known.notes).includes(pointSource)) throw new Error(`${at}: the notes must cite the point's source [${pointSource}]`)
  return { geometry: { type: 'Point', coordinates } satisfies Point, zone: null }
}

function citations(text: string): string[] {
  return [...text.matchAll(/\[([A-Z]\d+[a-z]?)\]/g)].map((match) => match[1]!)
}

function count(row: Row, column: string, at: string): number | null {
  const value = optional(row, column)
  if (value === null) return null
  if (!/^\d{1,7}$/.test(value)) throw new Error(`${at}: ${column} must be a whole number`)
  return Number(value)
}
