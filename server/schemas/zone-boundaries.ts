import { Type } from 'typebox'
import { BOUNDARY_BASES, BOUNDARY_CHANGES, DATE_PRECISIONS } from '../domain/boundary-changes.ts'
import { LOCATION_PRECISIONS } from '../domain/location-precision.ts'
import { RECORDED_AS_OF_PATTERN } from '../http/recorded-as-of.ts'
import { CalendarDate } from './common.ts'

/** `recorded_as_of`: the second timeline, beside `as_of` (see docs in the README, "Two timelines"). */
export const RecordedAsOf = Type.String({
  maxLength: 40,
  pattern: RECORDED_AS_OF_PATTERN,
  description:
    'what the Atlas had recorded by this instant (RFC 3339 date-time, or a date: the end of that day in UTC): zones created by then, ' +
    'status changes recorded by then and not undone by then, boundary versions recorded and not corrected by then. ' +
    'Names, descriptions and parties are read as they are now. Combines with as_of.',
})

/** How a PATCH's new geometry enters the record (see server/domain/boundary-changes.ts). */
export const BoundaryChangeBody = Type.Object(
  {
    change: Type.Enum(BOUNDARY_CHANGES, { default: 'correction', description: 'correction: redraw the version in force (same date); new-version: the boundary moved on effective_date' }),
    effective_date: Type.Optional({ ...CalendarDate, description: 'new-version only (required): the day the new boundary took effect; not in the future, after the version in force' }),
    effective_precision: Type.Optional(Type.Enum(DATE_PRECISIONS, { description: 'new-version only: how precisely effective_date is known (default day)' })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'what moved the boundary (required for a new version), or why the outline was redrawn' })),
    basis: Type.Optional(Type.Enum(BOUNDARY_BASES, { description: 'new-version only: stated by a source, or inferred from the cited events (default stated)' })),
    source_url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'an http(s) address of the source' })),
    source_title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false, description: 'with geometry: whether the new outline corrects the version in force (the default) or is a new version from a date' },
)

export const BoundariesQuery = Type.Object(
  {
    geometry: Type.Boolean({ default: false, description: 'true: each version with its outline (GeoJSON)' }),
    include: Type.Optional(Type.Enum(['superseded'], { description: 'superseded: the corrected versions too' })),
    recorded_as_of: Type.Optional(RecordedAsOf),
  },
  { additionalProperties: false },
)

const SourceRef = Type.Object({ title: Type.String(), url: Type.Union([Type.String(), Type.Null()]) })

export const BoundaryVersion = Type.Object({
  id: Type.Integer(),
  effective_on: Type.String({ format: 'date' }),
  effective_precision: Type.Enum(DATE_PRECISIONS),
  until: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'the day the next version took effect; null for the version in force' }),
  reason: Type.String(),
  basis: Type.Enum(BOUNDARY_BASES),
  location_precision: Type.Enum(LOCATION_PRECISIONS),
  geometry_note: Type.Union([Type.String(), Type.Null()]),
  area_km2: Type.Union([Type.Number(), Type.Null()]),
  recorded_at: Type.String({ format: 'date-time' }),
  recorded_by: Type.String(),
  superseded_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when a correction replaced it (only with include=superseded)' }),
  superseded_by: Type.Union([Type.Integer(), Type.Null()], { description: 'the version that corrected it; null for one withdrawn with the outline' }),
  sources: Type.Array(SourceRef),
  geometry: Type.Optional(Type.Union([Type.Object({ type: Type.String() }, { additionalProperties: true }), Type.Null()], { description: 'with geometry=true' })),
})

export const ZoneBoundaries = Type.Object({
  zone: Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() }),
  boundaries: Type.Array(BoundaryVersion, { description: 'oldest first' }),
})
