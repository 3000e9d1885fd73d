import { KINDS } from '../domain/kinds.ts'
import { STATUSES } from '../domain/statuses.ts'
import { PROPERTY_SQL, anyPartyNameSql } from '../storage/sql/zone-sql.ts'
import { SPONSOR_ROLES } from '../domain/parties.ts'
import { GEOMETRY_FAMILY_TYPES, type GeometryFamily } from '../domain/geometry-families.ts'
import { AGREEMENT_GEOMETRY_SQL, AGREEMENT_PROPERTY_SQL } from '../storage/sql/agreement-sql.ts'
import { CLASSES, FORMS, PURPOSES } from '../domain/agreements.ts'
import { INCIDENT_DATASETS } from '../domain/incidents.ts'
import { LOCATION_PRECISIONS } from '../domain/location-precision.ts'
import { INCIDENT_PROPERTY_SQL } from '../storage/sql/incident-sql.ts'
import type { QueryableColumn, Queryables } from './cql2/to-sql.ts'

/**
 * The properties a CQL2 filter may name: the allowlist that maps each one to its SQL (for a zone
 * aliased `z`) and describes it in the /queryables JSON Schema. Nothing else can reach the SQL.
 */

export interface Queryable extends QueryableColumn {
  title: string
  description: string
  /** JSON Schema keywords beyond the type. */
  schema?: Record<string, unknown>
}

const date = (sql: string, title: string, description: string): Queryable => ({ type: 'date', sql, title, description, schema: { format: 'date' } })

const DEFINITIONS: Record<string, Queryable> = {
  slug: { type: 'string', sql: PROPERTY_SQL.slug, title: 'Slug', description: 'The zone\'s identifier in URLs: lowercase words joined by hyphens.', schema: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } },
  name: { type: 'string', sql: PROPERTY_SQL.name, title: 'Name', description: 'The zone\'s name.' },
  kind: { type: 'string', sql: PROPERTY_SQL.kind, title: 'Kind', description: 'What sort of arrangement the zone is.', schema: { enum: [...KINDS] } },
  status: { type: 'string', sql: PROPERTY_SQL.status, title: 'Status', description: 'The zone\'s current status.', schema: { enum: [...STATUSES] } },
  status_since: date(PROPERTY_SQL.status_since, 'Status since', 'The date the current status took effect.'),
  proposed_on: date(PROPERTY_SQL.proposed_on, 'Proposed on', 'The date the zone was first proposed, when known.'),
  in_force_from: date(PROPERTY_SQL.in_force_from, 'In force from', 'The date the zone came into force, when it did.'),
  ended_on: date(PROPERTY_SQL.ended_on, 'Ended on', 'The date the zone ended, when it did.'),
  updated_at: { type: 'timestamp', sql: PROPERTY_SQL.updated_at, title: 'Updated at', description: 'When the zone\'s record last changed.', schema: { format: 'date-time' } },
  area_km2: { type: 'number', sql: PROPERTY_SQL.area_km2, title: 'Area (km²)', description: 'The area of the zone\'s geometry in square kilometres, to one decimal: 0 for lines and points, null for zones without a geometry.', schema: { minimum: 0 } },
  approximate: { type: 'boolean', sql: PROPERTY_SQL.approximate, title: 'Approximate', description: 'Whether the geometry is an approximation rather than a surveyed boundary.' },
  sponsor: {
    type: 'string',
    sql: 'pn.name',
    anyOf: anyPartyNameSql(SPONSOR_ROLES),
    caseInsensitive: true,
    title: 'Sponsor',
    description:
      'A party that sponsors or guarantees the zone, by its name as the features show it (Russia) or its slug (russia), in any case. A zone can have several: ' +
      'sponsor = \'Russia\' (or LIKE, IN) holds when one of them matches, sponsor <> \'Russia\' (or NOT LIKE, NOT IN) when the zone has sponsors and none matches, ' +
      'and sponsor IS NULL when it has none. < and > are not supported.',
  },
  party: {
    type: 'string',
    sql: 'pn.name',
    anyOf: anyPartyNameSql(),
    caseInsensitive: true,
    title: 'Party',
    description: 'A party to the zone in any role (as in parties), by its name or slug, in any case; compared as sponsor is.',
  },
  geometry: { type: 'geometry', sql: 'z.geom', title: 'Geometry', description: 'The zone\'s geometry in WGS 84 longitude/latitude; null when its location is unknown.' },
}

/** The queryables of the collection `agreements`, for an agreement aliased `z`. */
export const AGREEMENT_QUERYABLE_DEFINITIONS: Readonly<Record<string, Queryable>> = {
  slug: { type: 'string', sql: AGREEMENT_PROPERTY_SQL.slug, title: 'Slug', description: "The agreement's identifier in URLs.", schema: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } },
  title: { type: 'string', sql: AGREEMENT_PROPERTY_SQL.title, title: 'Title', description: "The agreement's title." },
  signed_on: date(AGREEMENT_PROPERTY_SQL.signed_on, 'Signed on', 'The day it was signed (see signed_precision), when known.'),
  place: { type: 'string', sql: AGREEMENT_PROPERTY_SQL.place, title: 'Place', description: 'Where it was signed.' },
  class: { type: 'string', sql: AGREEMENT_PROPERTY_SQL.class, title: 'Class', description: 'Who made it: one party, two, or more.', schema: { enum: [...CLASSES] } },
  form: { type: 'string', sql: AGREEMENT_PROPERTY_SQL.form, title: 'Form', description: 'How it was made.', schema: { enum: [...FORMS] } },
  purpose: { type: 'string', sql: AGREEMENT_PROPERTY_SQL.purpose, title: 'Purpose', description: 'What it is for.', schema: { enum: [...PURPOSES] } },
  geometry: { type: 'geometry', sql: AGREEMENT_GEOMETRY_SQL, title: 'Geometry', description: "The union of its zones' outlines in force on the day it was signed; null when none is known." },
}

const count = (sql: string, title: string, description: string): Queryable => ({ type: 'number', sql, title, description, schema: { minimum: 0 } })
const text = (sql: string, title: string, description: string): Queryable => ({ type: 'string', sql, title, description })

/** The queryables of the collection `incidents`, for an incident aliased `z`. */
export const INCIDENT_QUERYABLE_DEFINITIONS: Readonly<Record<string, Queryable>> = {
  slug: { type: 'string', sql: INCIDENT_PROPERTY_SQL.slug, title: 'Slug', description: "The incident's identifier in URLs: the dataset and its event id, lowercase, joined by a hyphen.", schema: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' } },
  dataset: { type: 'string', sql: INCIDENT_PROPERTY_SQL.dataset, title: 'Dataset', description: 'The dataset that records it (atlas: violations a party reported).', schema: { enum: [...INCIDENT_DATASETS] } },
  event_id: text(INCIDENT_PROPERTY_SQL.event_id, 'Event id', "The dataset's own id of the event."),
  event_type: text(INCIDENT_PROPERTY_SQL.event_type, 'Event type', 'The type of event as the dataset names it (e.g. Battles).'),
  sub_event_type: text(INCIDENT_PROPERTY_SQL.sub_event_type, 'Sub-event type', 'The sub-type as the dataset names it (e.g. Armed clash).'),
  actor1: text(INCIDENT_PROPERTY_SQL.actor1, 'Actor 1', 'The first actor named.'),
  actor2: text(INCIDENT_PROPERTY_SQL.actor2, 'Actor 2', 'The second actor named, when there is one.'),
  occurred_on: date(INCIDENT_PROPERTY_SQL.occurred_on, 'Occurred on', 'The first day it may have happened on.'),
  occurred_until: date(INCIDENT_PROPERTY_SQL.occurred_until, 'Occurred until', 'The last day it may have happened on (occurred_on for a known day).'),
  fatalities_low: count(INCIDENT_PROPERTY_SQL.fatalities_low, 'Fatalities (low)', 'The lowest estimate of deaths, when given.'),
  fatalities_best: count(INCIDENT_PROPERTY_SQL.fatalities_best, 'Fatalities (best)', 'The best estimate of deaths, when given.'),
  fatalities_high: count(INCIDENT_PROPERTY_SQL.fatalities_high, 'Fatalities (high)', 'The highest estimate of deaths, when given.'),
  event_count: count(INCIDENT_PROPERTY_SQL.event_count, 'Event count', 'How many events the record stands for (1 for a dataset\'s event); null when the source does not say.'),
  location_precision: { type: 'string', sql: INCIDENT_PROPERTY_SQL.location_precision, title: 'Location precision', description: 'How precisely it is placed: exact, approximate (within about 10 km) or only in a region (about 50 km).', schema: { enum: [...LOCATION_PRECISIONS] } },
  admin1: text(INCIDENT_PROPERTY_SQL.admin1, 'Province', 'The first-level administrative area (province, governorate).'),
  country: text(INCIDENT_PROPERTY_SQL.country, 'Country', 'The country.'),
  geometry: { type: 'geometry', sql: 'z.geom', title: 'Geometry', description: 'The point, or the area where only an area is known, in WGS 84 longitude/latitude.' },
}

/** Queryables for the translator, in the order the schema lists them. */
export const queryablesOf = (definitions: Readonly<Record<string, Queryable>>): Queryables => new Map(Object.entries(definitions))

/** The zones' queryables for the translator. */
export const QUERYABLES: Queryables = queryablesOf(DEFINITIONS)

const JSON_TYPES = { string: 'string', number: 'number', boolean: 'boolean', date: 'string', timestamp: 'string' } as const

/** The geometry's format in the schema (OGC API - Features Part 5): a family's multi type (as served), or any geometry. */
function geometryFormat(family: GeometryFamily | undefined): string {
  return family ? `geometry-${GEOMETRY_FAMILY_TYPES[family][1].toLowerCase()}` : 'geometry-any'
}

/** One queryable in the schema: a JSON Schema with a title and description. */
export interface QueryableSchema {
  title: string
  description: string
  type?: string
  format?: string
  enum?: readonly string[]
  [keyword: string]: unknown
}

export interface QueryablesDocument {
  $schema: string
  $id: string
  type: 'object'
  title: string
  properties: Record<string, QueryableSchema>
  additionalProperties: false
}

/** What narrows a collection's queryables: the one kind of its zones, the one geometry family. */
export interface QueryablesScope {
  kind?: string | undefined
  geometryFamily?: GeometryFamily | undefined
}

/**
 * The Queryables resource: a JSON Schema of one object whose properties are the queryables. The
 * geometry says its type as Part 5 does (`geometry-multipolygon`), which QGIS reads.
 */
export function queryablesSchema(id: string, title: string, { kind, geometryFamily }: QueryablesScope = {}, definitions: Readonly<Record<string, Queryable>> = DEFINITIONS): QueryablesDocument {
  const properties = Object.fromEntries(
    Object.entries(definitions).map(([name, queryable]): [string, QueryableSchema] => {
      const base = { title: queryable.title, description: queryable.description }
      // Its format (Part 3's geometry-any, or one family), and the GeoJSON schema older clients look for.
      if (queryable.type === 'geometry') return [name, { ...base, format: geometryFormat(geometryFamily), $ref: 'https://geojson.org/schema/Geometry.json', 'x-ogc-role': 'primary-geometry' }]
      const schema = name === 'kind' && kind ? { enum: [kind] } : queryable.schema
      return [name, { ...base, type: JSON_TYPES[queryable.type], ...schema }]
    }),
  )
  return { $schema: 'https://json-schema.org/draft/2019-09/schema', $id: id, type: 'object', title, properties, additionalProperties: false }
}
