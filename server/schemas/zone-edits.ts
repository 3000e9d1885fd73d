import { Type } from 'typebox'
import { KINDS } from '../domain/kinds.ts'
import { ROLES } from '../domain/parties.ts'
import { STATUSES } from '../domain/statuses.ts'
import { LOCATION_PRECISIONS } from '../domain/location-precision.ts'
import { CalendarDate, Slug } from './common.ts'
import { BoundaryChangeBody } from './zone-boundaries.ts'

const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) })
const NullableText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()])
const NullableDate = Type.Union([CalendarDate, Type.Null()])
/**
 * A name in Arabic, or null for none: plain text only. Refused: control characters, the bidirectional
 * embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069: an override such as U+202E
 * would turn the text around it back to front wherever the name is shown) and the markup brackets < >.
 */
export const ArabicName = Type.Union([
  Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069<>]+$', description: 'the name in its standard Arabic spelling (plain text: no markup, control or direction-override characters), or null for none' }),
  Type.Null(),
])
const SourceUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'an http(s) address of the source' })

/** Shapes are checked by validateGeometry (with paths to the fault), not by the schema. */
const GeometryBody = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
  description: 'an RFC 7946 geometry (WGS 84 longitude, latitude), or null when the location is not known',
})

export const PartyAssignment = Type.Object(
  { party: Slug, role: Type.Enum(ROLES), note: Type.Optional(NullableText(1000)) },
  { additionalProperties: false },
)
const Parties = Type.Array(PartyAssignment, { maxItems: 100 })

export const NewZoneFeature = Type.Object(
  {
    type: Type.Literal('Feature'),
    geometry: GeometryBody,
    properties: Type.Object(
      {
        name: Text(200),
        name_ar: Type.Optional(ArabicName),
        kind: Type.Enum(KINDS),
        slug: Type.Optional(Slug),
        description: Type.Optional(NullableText(10_000)),
        status: Type.Enum(STATUSES, { default: 'proposed', description: 'the status the zone enters the record with' }),
        effective_date: { ...CalendarDate, description: 'when that status took effect' },
        reason: Text(2000, 'what happened, for the history'),
        source_url: Type.Optional(SourceUrl),
        source_title: Type.Optional(Text(500)),
        location_precision: Type.Enum(LOCATION_PRECISIONS, { default: 'approximate' }),
        geometry_note: Type.Optional(NullableText(2000)),
        parties: Type.Array(PartyAssignment, { maxItems: 100, default: [] }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'a GeoJSON Feature; id, version, area and timestamps are set by the service' },
)

export const ZonePatch = Type.Object(
  {
    name: Type.Optional(Text(200)),
    name_ar: Type.Optional(ArabicName),
    description: Type.Optional(NullableText(10_000)),
    kind: Type.Optional(Type.Enum(KINDS)),
    geometry: Type.Optional(GeometryBody),
    boundary: Type.Optional(BoundaryChangeBody),
    location_precision: Type.Optional(Type.Enum(LOCATION_PRECISIONS)),
    geometry_note: Type.Optional(NullableText(2000)),
    curation_note: Type.Optional({ ...NullableText(10_000), description: 'for editors only: how the data was curated (working files, choices); never shown to readers' }),
    proposed_on: Type.Optional(NullableDate),
    in_force_from: Type.Optional(NullableDate),
    ended_on: Type.Optional(NullableDate),
    parties: Type.Optional(Parties),
    version: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you loaded, for clients that cannot send If-Match (which decides when sent); a newer one stored gives 412' }),
    ),
  },
  { additionalProperties: false, minProperties: 1, description: 'the fields to change (JSON merge patch); parties replaces the whole list' },
)

export const StatusChangeBody = Type.Object(
  {
    status: Type.Enum(STATUSES),
    effective_date: CalendarDate,
    reason: Text(2000),
    source_url: Type.Optional(SourceUrl),
    source_title: Type.Optional(Text(500)),
    agreement: Type.Optional({ ...Slug, description: 'the slug of the agreement the change follows from (GET /agreements)' }),
  },
  { additionalProperties: false },
)

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 500, description: "the zone's ETag from GET /zones/{id}, or * for whatever version is current" })),
})
