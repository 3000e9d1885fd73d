import { Type } from 'typebox'
import { CHANGE_TYPES, MAX_SPAN_YEARS } from '../domain/changes.ts'
import { KINDS } from '../domain/kinds.ts'
import { STATUSES } from '../domain/statuses.ts'
import { CalendarDate, Link, Slug } from './common.ts'

/** The filters /changes and /changes.atom share. Comma lists arrive split (see splitCommaLists). */
const ChangeFilters = {
  type: Type.Optional(Type.Array(Type.Enum(CHANGE_TYPES), { minItems: 1, maxItems: CHANGE_TYPES.length, description: 'appeared, ended, status, boundary, agreement; comma separated' })),
  kind: Type.Optional(Type.Array(Type.Enum(KINDS), { minItems: 1, maxItems: KINDS.length, description: 'changes of zones of these kinds (agreements: linked to one)' })),
  status: Type.Optional(
    Type.Array(Type.Enum(STATUSES), { minItems: 1, maxItems: STATUSES.length, description: 'status changes to these statuses; boundary changes and agreements of zones with one of them then' }),
  ),
  party: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 50, description: 'zones any of these parties take part in (agreements: a party to it or to a linked zone)' })),
  sponsor: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 50, description: 'zones sponsored or guaranteed by any of these parties (agreements: of a linked zone)' })),
  zone: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Slug], { description: 'one zone, by id or slug (agreements: linked to it)' })),
  // Ranges per position are checked by checkBbox: OpenAPI 3.0 has no tuples.
  bbox: Type.Optional(
    Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: "minLon,minLat,maxLon,maxLat (WGS 84): the zone's boundary then (in force on the change's date) intersects it" }),
  ),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "words (case-insensitive), each in the zone's name or slug or the change's reason (agreements: title, slug, description)" })),
  recorded_as_of: Type.Optional(
    Type.String({
      minLength: 10,
      maxLength: 40,
      description:
        'what the Atlas had recorded by then (an RFC 3339 date-time, or a date: the end of that day, UTC): changes recorded by then and not undone or superseded by then. Names and sources are read as they are now.',
    }),
  ),
}

export const CHANGES_COMMA_LISTS = ['type', 'kind', 'status', 'party', 'sponsor', 'bbox']

const Cursor = Type.String({ pattern: '^[A-Za-z0-9_-]{1,80}$', description: 'the cursor of a `next` link' })

export const ChangesQuery = Type.Object(
  {
    from: { ...CalendarDate, description: 'the first date of the window (YYYY-MM-DD)' },
    to: { ...CalendarDate, description: `the last date of the window (YYYY-MM-DD), at most ${MAX_SPAN_YEARS} years after from` },
    ...ChangeFilters,
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'changes per page (1 to 1000)' }),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
)

export const ChangesFeedQuery = Type.Object(
  {
    from: Type.Optional({ ...CalendarDate, description: 'only changes dated on or after this date' }),
    to: Type.Optional({ ...CalendarDate, description: 'only changes dated on or before this date' }),
    ...ChangeFilters,
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'entries (1 to 500): the most recently recorded changes' }),
  },
  { additionalProperties: false },
)

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const Change = Type.Object({
  id: Type.String({ description: "stable: the kind of record and its id, e.g. 'status:123', 'boundary:45', 'agreement:7'" }),
  type: Type.Enum(CHANGE_TYPES, { description: "appeared: a zone's first history entry; ended: a change to collapsed, ended or rejected; status: another status change; boundary: a new version of a zone's outline; agreement: an agreement signed" }),
  date: Type.String({ format: 'date' }),
  date_precision: Type.Enum(['day', 'month', 'year']),
  zone: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), kind: Type.Enum(KINDS) })),
  agreement: Nullable(Type.Object({ id: Type.Integer(), slug: Type.String(), title: Type.String() }, { description: 'the agreement signed, or the one a status change follows from' })),
  from_status: Nullable(Type.Enum(STATUSES)),
  to_status: Nullable(Type.Enum(STATUSES)),
  reason: Nullable(Type.String()),
  area_km2_before: Nullable(Type.Number({ description: 'boundary changes: the area of the version before, km², one decimal' })),
  area_km2_after: Nullable(Type.Number({ description: 'boundary changes: the area of the new version' })),
  area_gained_km2: Nullable(Type.Number({ description: 'boundary changes: the area inside the new outline and not the one before' })),
  area_lost_km2: Nullable(Type.Number({ description: 'boundary changes: the area inside the outline before and not the new one' })),
  sources: Type.Array(Type.Object({ title: Type.String(), url: Nullable(Type.String()) })),
  recorded_at: Type.String({ format: 'date-time', description: 'when the Atlas recorded it' }),
  links: Type.Array(Link),
})

export const ChangeList = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  changes: Type.Array(Change, { description: 'oldest first' }),
  links: Type.Array(Link),
})
