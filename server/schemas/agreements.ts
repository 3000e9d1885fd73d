import { Type } from 'typebox'
import { AGREEMENT_ROLES, CLASSES, DATE_PRECISIONS, EFFECTS, FORMS, PURPOSES } from '../domain/agreements.ts'
import { PARTY_TYPES } from '../domain/parties.ts'
import { SOURCE_RELIABILITIES } from '../domain/source-reliability.ts'
import { AGREEMENT_PROPERTIES } from '../storage/sql/agreement-sql.ts'
import { CalendarDate, Link, Slug } from './common.ts'

/** Schemas of /agreements: queries, the agreement as a GeoJSON Feature, and the bodies that write one. */

const MAX_INT = 2_147_483_647
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })
const NullableText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()])
const NullableDate = Type.Union([CalendarDate, Type.Null()])
const WebAddress = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: 'an http(s) address' })
const IdOrSlug = (description: string) => Type.Union([Type.Integer({ minimum: 1, maximum: MAX_INT }), Slug], { description })

/** Query parameters of GET /agreements. Comma lists arrive split (see splitCommaLists). */
export const AgreementsQuery = Type.Object(
  {
    party: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 50, description: 'agreements any of these parties took part in, comma separated' })),
    role: Type.Optional(Type.Array(Type.Enum(AGREEMENT_ROLES), { minItems: 1, maxItems: AGREEMENT_ROLES.length, description: 'with party: only in these roles' })),
    class: Type.Optional(Type.Array(Type.Enum(CLASSES), { minItems: 1, maxItems: CLASSES.length, description: 'classes, comma separated' })),
    purpose: Type.Optional(Type.Array(Type.Enum(PURPOSES), { minItems: 1, maxItems: PURPOSES.length, description: 'purposes, comma separated' })),
    zone: Type.Optional(IdOrSlug('agreements that name this zone (id or slug)')),
    signed_from: Type.Optional({ ...CalendarDate, description: 'signed on or after this date' }),
    signed_to: Type.Optional({ ...CalendarDate, description: 'signed on or before this date' }),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "words (case-insensitive), each found in the title, slug, place, description or a party's name" })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'agreements per page' }),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'the cursor of a `next` link' })),
    properties: Type.Optional(Type.Array(Type.Enum(AGREEMENT_PROPERTIES), { minItems: 1, maxItems: AGREEMENT_PROPERTIES.length, description: 'properties to include, comma separated' })),
    geometry: Type.Boolean({ default: true, description: "false for features without the outline of their zones" }),
    precision: Type.Integer({ minimum: 0, maximum: 15, default: 6, description: 'decimals of coordinates' }),
  },
  { additionalProperties: false },
)

export const AGREEMENTS_COMMA_LISTS = ['party', 'role', 'class', 'purpose', 'properties']

export const AgreementQuery = Type.Pick(AgreementsQuery, ['properties', 'geometry', 'precision'], { additionalProperties: false })

export const AgreementParams = Type.Object({ id: IdOrSlug('the agreement id or slug') })

const CitedSource = Type.Object({
  key: Type.String(),
  title: Type.String(),
  publisher: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  reliability: Type.Union([Type.Enum(SOURCE_RELIABILITIES), Type.Null()], { description: 'how far the source can be relied on, graded by its outlet; null where not graded' }),
})

const AgreementPartyRef = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  name_ar: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  type: Type.Enum(PARTY_TYPES),
  role: Type.Enum(AGREEMENT_ROLES),
  note: Type.Union([Type.String(), Type.Null()]),
})

const AgreementZoneRef = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  name_ar: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  effect: Type.Enum(EFFECTS, { description: 'what the agreement does to the zone' }),
  note: Type.Union([Type.String(), Type.Null()]),
})

const NullableDateOut = Type.Union([Type.String({ format: 'date' }), Type.Null()])
const NullableString = Type.Union([Type.String(), Type.Null()])
const NullableInteger = Type.Union([Type.Integer(), Type.Null()])

export const AgreementProperties = Type.Object(
  {
    slug: Type.String(),
    title: Type.String(),
    title_ar: Type.Union([Type.String(), Type.Null()], { description: 'the title in Arabic; null where none is known for certain' }),
    signed_on: NullableDateOut,
    signed_precision: Type.Enum(DATE_PRECISIONS, { description: 'how precisely signed_on is known' }),
    place: NullableString,
    class: Type.Enum(CLASSES),
    form: Type.Enum(FORMS),
    purpose: Type.Enum(PURPOSES),
    description: NullableString,
    text_url: NullableString,
    pax_id: Type.Union([Type.String(), Type.Null()], { description: 'the agreement id in PA-X, the Peace Agreements Database' }),
    ucdp_conflict_id: Type.Union([Type.Integer(), Type.Null()], { description: 'the UCDP conflict id' }),
    duration_days: NullableInteger,
    expires_on: NullableDateOut,
    renewal_terms: NullableString,
    parties: Type.Array(AgreementPartyRef),
    zones: Type.Array(AgreementZoneRef),
    citations: Type.Array(CitedSource, { description: "the sources the description and the parties' and zones' notes cite by [key]" }),
    source_urls: Type.Array(Type.String(), { description: 'web addresses of the sources of the agreement' }),
    curation_note: Type.Union([Type.String(), Type.Null()], { description: 'for signed-in editors only' }),
    version: Type.Integer(),
    updated_at: Type.String({ format: 'date-time' }),
    links: Type.Array(Link),
  },
  { description: 'All properties; `properties=` chooses a subset.' },
)

const Outline = Type.Union([Type.Object({ type: Type.String(), coordinates: Type.Optional(Type.Array(Type.Unknown())), geometries: Type.Optional(Type.Array(Type.Unknown())) }), Type.Null()], {
  description: "the union of its zones' outlines in force on the day it was signed; null when none is known or with geometry=false",
})

export const AgreementFeature = Type.Object(
  { type: Type.Literal('Feature'), id: Type.Integer(), geometry: Outline, properties: Type.Partial(AgreementProperties) },
  { $id: 'AgreementFeature' },
)

export const AgreementCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  numberMatched: Type.Optional(Type.Integer()),
  numberReturned: Type.Integer(),
  links: Type.Array(Link),
  features: Type.Array(Type.Ref('AgreementFeature')),
})

const PartyAssignment = Type.Object(
  { party: Slug, role: Type.Enum(AGREEMENT_ROLES), note: Type.Optional(NullableText(1000)) },
  { additionalProperties: false },
)
const ZoneLink = Type.Object(
  { zone: IdOrSlug('the zone id or slug'), effect: Type.Enum(EFFECTS), note: Type.Optional(NullableText(1000)) },
  { additionalProperties: false },
)
const SourceLink = Type.Object({ url: WebAddress, title: Type.Optional(Text(500)) }, { additionalProperties: false })

const EDITABLE = {
  title: Text(300),
  signed_on: NullableDate,
  signed_precision: Type.Enum(DATE_PRECISIONS),
  place: NullableText(200),
  class: Type.Enum(CLASSES),
  form: Type.Enum(FORMS),
  purpose: Type.Enum(PURPOSES),
  description: { ...NullableText(10_000), description: 'may cite sources as [S1]' },
  text_url: Type.Union([WebAddress, Type.Null()]),
  pax_id: Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()]),
  ucdp_conflict_id: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_INT }), Type.Null()]),
  duration_days: Type.Union([Type.Integer({ minimum: 1, maximum: 36_500 }), Type.Null()]),
  expires_on: NullableDate,
  renewal_terms: NullableText(2000),
  curation_note: { ...NullableText(10_000), description: 'for editors only: how the record was curated; never shown to readers' },
  parties: Type.Array(PartyAssignment, { maxItems: 100 }),
  zones: Type.Array(ZoneLink, { maxItems: 200 }),
  sources: Type.Array(SourceLink, { maxItems: 50 }),
}

const { title, class: agreementClass, form, purpose, ...optional } = EDITABLE

export const NewAgreementBody = Type.Object(
  {
    slug: Type.Optional(Slug),
    title,
    class: agreementClass,
    form,
    purpose,
    ...Type.Partial(Type.Object(optional)).properties,
  },
  { additionalProperties: false, description: 'an agreement; without a slug, one is made from the title' },
)

export const AgreementPatch = Type.Partial(Type.Object(EDITABLE), {
  additionalProperties: false,
  minProperties: 1,
  description: 'the fields to change (JSON merge patch); parties, zones and sources each replace the whole list',
})

export const AgreementIfMatch = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 500, description: "the agreement's ETag from GET /agreements/{id}, or * for whatever version is current" })),
})
