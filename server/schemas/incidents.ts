import { Type } from 'typebox'
import { DATE_PRECISIONS, INCIDENT_DATASETS } from '../domain/incidents.ts'
import { LOCATION_PRECISIONS } from '../domain/location-precision.ts'
import { INCIDENT_PROPERTIES } from '../storage/sql/incident-sql.ts'
import { Link, Slug } from './common.ts'

/** Schemas of /incidents: the queries, and the incident as a GeoJSON Feature. */

const MAX_INT = 2_147_483_647
/** A dataset's name of an event type or sub-event type: words, never markup. */
/** A calendar day PostgreSQL can store (it has no year 0). */
const Day = (description: string) => Type.String({ format: 'date', pattern: '^(?!0000)', description: `${description} (YYYY-MM-DD)` })
const TypeName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^<>]+$' })

/** Query parameters of GET /incidents. Comma lists arrive split (see splitCommaLists). */
export const IncidentsQuery = Type.Object(
  {
    // Ranges per position are checked by checkBbox: OpenAPI 3.0 has no tuples.
    bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: 'minLon,minLat,maxLon,maxLat (WGS 84); west > east crosses the antimeridian' })),
    from: Type.Optional(Day('incidents whose days reach this day or later (occurred_until >= from)')),
    to: Type.Optional(Day('incidents whose days begin on this day or earlier (occurred_on <= to)')),
    type: Type.Optional(Type.Array(TypeName, { minItems: 1, maxItems: 20, description: 'event types, exactly as the datasets name them, comma separated' })),
    sub_type: Type.Optional(Type.Array(TypeName, { minItems: 1, maxItems: 20, description: 'sub-event types, exactly, comma separated' })),
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^<>]+$', description: 'words (case-insensitive), each found in actor1 or actor2' })),
    zone: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: MAX_INT }), Slug], { description: 'incidents inside this zone (id or slug): their footprint inside its outline in force on their day' })),
    dataset: Type.Optional(Type.Array(Type.Enum(INCIDENT_DATASETS), { minItems: 1, maxItems: INCIDENT_DATASETS.length, description: 'datasets, comma separated' })),
    location_precision: Type.Optional(Type.Array(Type.Enum(LOCATION_PRECISIONS), { minItems: 1, maxItems: LOCATION_PRECISIONS.length, description: 'how precisely placed, comma separated' })),
    limit: Type.Integer({ minimum: 1, maximum: 10000, default: 1000, description: 'incidents per page' }),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'the cursor of a `next` link' })),
    properties: Type.Optional(Type.Array(Type.Enum(INCIDENT_PROPERTIES), { minItems: 1, maxItems: INCIDENT_PROPERTIES.length, description: 'properties to include, comma separated (GeoJSON only)' })),
    geometry: Type.Boolean({ default: true, description: 'false for features without their place (GeoJSON only)' }),
    precision: Type.Integer({ minimum: 0, maximum: 15, default: 6, description: 'decimals of coordinates (GeoJSON only)' }),
    format: Type.Enum(['geojson', 'csv'], { default: 'geojson', description: 'geojson (default), or csv: one row per incident, a point as lon,lat and an area as WKT' }),
  },
  { additionalProperties: false },
)

export const INCIDENTS_COMMA_LISTS = ['bbox', 'type', 'sub_type', 'dataset', 'location_precision', 'properties']

export const IncidentQuery = Type.Pick(IncidentsQuery, ['properties', 'geometry', 'precision'], { additionalProperties: false })

export const IncidentParams = Type.Object({ id: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_INT }), Slug], { description: 'the incident id or slug' }) })

const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

const IncidentSource = Type.Union(
  [
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      url: NullableString,
      publisher: NullableString,
      published_on: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    }),
    Type.Null(),
  ],
  { description: "the Atlas's source of the record (e.g. the report a party published), or null" },
)

export const IncidentProperties = Type.Object(
  {
    slug: Type.String({ description: 'the dataset and its event id, lowercase, joined by a hyphen' }),
    dataset: Type.Enum(INCIDENT_DATASETS),
    event_id: Type.String({ description: "the dataset's own id of the event" }),
    occurred_on: Type.String({ format: 'date' }),
    occurred_until: Type.String({ format: 'date', description: 'the last day it may have happened on (occurred_on for a known day)' }),
    date_precision: Type.Enum(DATE_PRECISIONS),
    date_precision_code: Type.Union([Type.Integer(), Type.Null()], { description: "the dataset's own grade (ACLED time_precision, UCDP date_prec)" }),
    event_type: Type.String(),
    sub_event_type: NullableString,
    actor1: NullableString,
    actor2: NullableString,
    fatalities_low: NullableInteger,
    fatalities_best: NullableInteger,
    fatalities_high: NullableInteger,
    event_count: Type.Union([Type.Integer(), Type.Null()], { description: 'how many events the row stands for; null when the source does not say' }),
    location_precision: Type.Enum(LOCATION_PRECISIONS),
    location_precision_code: Type.Union([Type.Integer(), Type.Null()], { description: "the dataset's own grade (ACLED geo_precision, UCDP where_prec)" }),
    place: NullableString,
    admin1: NullableString,
    country: NullableString,
    reported_by: Type.Union([Type.String(), Type.Null()], { description: 'who reported it, for the violations a party counted' }),
    source_name: Type.Union([Type.String(), Type.Null()], { description: 'the outlets the dataset cites' }),
    source_scale: NullableString,
    notes: NullableString,
    source: IncidentSource,
    version: Type.Integer(),
    updated_at: Type.String({ format: 'date-time' }),
    links: Type.Array(Link),
  },
  { description: 'All properties; `properties=` chooses a subset.' },
)

const Place = Type.Union([Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }), Type.Null()], {
  description: 'the point, or the area where only an area is known (WGS 84); null with geometry=false',
})

export const IncidentFeature = Type.Object(
  { type: Type.Literal('Feature'), id: Type.Integer(), geometry: Place, properties: Type.Partial(IncidentProperties) },
  { $id: 'IncidentFeature' },
)

export const IncidentCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  numberMatched: Type.Optional(Type.Integer()),
  numberReturned: Type.Integer(),
  links: Type.Array(Link),
  features: Type.Array(Type.Ref('IncidentFeature')),
})
