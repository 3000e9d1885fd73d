import type { Geometry } from 'geojson'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import slugify from '@sindresorhus/slugify'
import { KINDS, type Kind } from '../domain/kinds.ts'
import { PARTY_TYPES, ROLES, SLUG_PATTERN, type PartyType, type Role } from '../domain/parties.ts'
import { STATUSES, type Status } from '../domain/statuses.ts'
import { LOCATION_PRECISIONS } from '../domain/location-precision.ts'
import { checkGeometryOffThread } from '../geometry/geometry-pool.ts'
import type { ProblemLocation } from '../http/problem.ts'
import { describeValidationErrors } from '../http/validation-errors.ts'
import type { NewZone } from '../storage/repositories/zone-writes.ts'
import { ArabicName } from '../schemas/zone-edits.ts'
import { SOURCE_RELIABILITIES } from '../domain/source-reliability.ts'

const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: 100 })
const Date = Type.String({ format: 'date' })
const NullableDate = Type.Union([Date, Type.Null()])

/**
 * What an imported feature may say. Lenient on purpose: a file exported from this service (GET
 * /zones) carries read-only properties such as id, version and links, which are ignored.
 */
const ImportProperties = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  // A file read with lang=ar gives the Arabic name as name: name_en, when there, is the English one.
  name_en: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  name_ar: Type.Optional(ArabicName),
  search_names: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001F<>]+$' }), { maxItems: 50 })),
  kind: Type.Enum(KINDS),
  slug: Type.Optional(Slug),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
  status: Type.Optional(Type.Enum(STATUSES)),
  status_since: Type.Optional(Date),
  effective_date: Type.Optional(Date),
  proposed_on: Type.Optional(NullableDate),
  in_force_from: Type.Optional(NullableDate),
  ended_on: Type.Optional(NullableDate),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  source_url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000 })),
  source_title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  approximate: Type.Optional(Type.Boolean()),
  location_precision: Type.Optional(Type.Enum(LOCATION_PRECISIONS)),
  geometry_note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  // The sources the texts cite as [key], as GET /zones lists them: brought along, so the keys still lead to them.
  citations: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String({ pattern: '^[A-Za-z]{1,3}[0-9]{1,4}[a-z]?$' }),
        title: Type.String({ minLength: 1, maxLength: 500 }),
        publisher: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
        url: Type.String({ pattern: '^https?://', maxLength: 2000 }),
        reliability: Type.Optional(Type.Union([Type.Enum(SOURCE_RELIABILITIES), Type.Null()])),
      }),
      { maxItems: 200 },
    ),
  ),
  parties: Type.Optional(
    Type.Array(
      Type.Object({
        party: Type.Optional(Slug),
        slug: Type.Optional(Slug),
        role: Type.Enum(ROLES),
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        name_ar: Type.Optional(ArabicName),
        type: Type.Optional(Type.Enum(PARTY_TYPES)),
        note: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
      }),
      { maxItems: 100 },
    ),
  ),
})

export interface ImportedParty {
  slug: string
  name?: string | undefined
  name_ar?: string | null | undefined
  type?: PartyType | undefined
}

export interface ImportedZone extends NewZone {
  dates: { proposed_on?: string | null; in_force_from?: string | null; ended_on?: string | null }
}

export type ImportVerdict = { ok: true; zone: ImportedZone; parties: ImportedParty[] } | { ok: false; errors: ProblemLocation[] }

/** The slug of a zone whose feature gives none: its name's, within the 100 characters a slug may have; empty when the name has no letter or digit. */
export function slugFromName(name: string): string {
  return slugify(name).slice(0, 100).replace(/-+$/, '')
}

/**
 * Reads one feature of an imported FeatureCollection into a zone to create, or every problem with
 * it, each located as `features[3].properties.kind` or `features[3].geometry.coordinates[0][2]`.
 */
export async function readImportFeature(feature: unknown, index: number, defaultReason: string): Promise<ImportVerdict> {
  const at = `features[${index}]`
  if (typeof feature !== 'object' || feature === null || (feature as { type?: unknown }).type !== 'Feature') {
    return { ok: false, errors: [{ where: at, message: 'is not a GeoJSON Feature' }] }
  }
  const { properties, geometry } = feature as { properties?: unknown; geometry?: unknown }
  const errors: ProblemLocation[] = []
  if (!Value.Check(ImportProperties, properties)) {
    // TypeBox's errors lack the value and the schema Ajv's give; with them, messages read as the API's do.
    const described = [...Value.Errors(ImportProperties, properties)].map((error) => ({
      ...error,
      data: atPointer(properties, error.instancePath),
      parentSchema: atPointer(ImportProperties, error.schemaPath.replace(/^#/, '')),
    }))
    const found = describeValidationErrors(described as never, 'body')
    errors.push(...found.map((error) => ({ where: error.where.replace(/^body/, `${at}.properties`), message: error.message })))
    return { ok: false, errors }
  }
  const read = properties as Static<typeof ImportProperties>
  let checked: Geometry | null = null
  if (geometry !== null && geometry !== undefined) {
    const verdict = await checkGeometryOffThread(geometry, read.kind as Kind)
    if (verdict.valid) checked = verdict.geometry
    else errors.push(...verdict.issues.map((issue) => ({ where: issue.path ? `${at}.geometry.${issue.path}` : `${at}.geometry`, message: issue.message })))
  }
  const effectiveDate = read.effective_date ?? read.status_since ?? read.proposed_on ?? undefined
  if (!effectiveDate) errors.push({ where: `${at}.properties.effective_date`, message: 'is required: the date the zone entered its status (status_since in exported files)' })
  const parties = (read.parties ?? []).map((party, partyIndex) => {
    const slug = party.party ?? party.slug
    if (!slug) errors.push({ where: `${at}.properties.parties[${partyIndex}]`, message: 'needs party (or slug): the party\'s slug' })
    return { slug: slug ?? '', role: party.role as Role, name: party.name, name_ar: party.name_ar, type: party.type as PartyType | undefined, note: party.note ?? null }
  })
  if (errors.length > 0) return { ok: false, errors }
  const status = (read.status ?? 'proposed') as Status
  return {
    ok: true,
    zone: {
      slug: read.slug ?? '',
      name: read.name_en ?? read.name,
      name_ar: read.name_ar ?? null,
      ...(read.search_names ? { search_names: read.search_names } : {}),
      kind: read.kind as Kind,
      description: read.description ?? null,
      geometry: checked,
      // An exported file gives the grade itself; a hand-made one may say only whether it is approximate.
      location_precision: read.location_precision ?? (read.approximate === false ? 'exact' : 'approximate'),
      geometry_note: read.geometry_note ?? null,
      status,
      effective_date: effectiveDate!,
      reason: read.reason ?? defaultReason,
      source_url: read.source_url,
      source_title: read.source_title,
      citations: (read.citations ?? []).map(({ key, title, publisher, url, reliability }) => ({ key, title, publisher: publisher ?? null, url, reliability: reliability ?? null })),
      parties: parties.map((party) => ({ party: party.slug, role: party.role, ...(party.note ? { note: party.note } : {}) })),
      dates: {
        ...(read.proposed_on !== undefined ? { proposed_on: read.proposed_on } : {}),
        ...(read.in_force_from !== undefined ? { in_force_from: read.in_force_from } : {}),
        ...(read.ended_on !== undefined ? { ended_on: read.ended_on } : {}),
      },
    },
    parties: parties.map(({ slug, name, name_ar, type }) => ({ slug, name, name_ar, type })),
  }
}

/** The value at a JSON Pointer (RFC 6901) in a document; undefined where there is none. */
function atPointer(document: unknown, pointer: string): unknown {
  let value = document
  for (const token of pointer.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return value
}
