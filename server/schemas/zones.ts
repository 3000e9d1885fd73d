import { Type } from 'typebox'
import { KINDS } from '../domain/kinds.ts'
import { PARTY_TYPES, ROLES } from '../domain/parties.ts'
import { STATUSES } from '../domain/statuses.ts'
import { SOURCE_RELIABILITIES } from '../domain/source-reliability.ts'
import { SIEGE_SEVERITIES } from '../domain/sieges.ts'
import { LOCATION_PRECISIONS } from '../domain/location-precision.ts'
import { DATE_PRECISIONS, EFFECTS } from '../domain/agreements.ts'
import { ZONE_PROPERTIES } from '../storage/sql/zone-sql.ts'
import { MAX_ZOOM } from '../domain/zoom-levels.ts'
import { LANGUAGES } from '../domain/languages.ts'
import { CalendarDate, Link, Slug } from './common.ts'
import { RecordedAsOf } from './zone-boundaries.ts'


/** The language of the names: `name` is in it where there is one (English otherwise); name_en and name_ar are always there. */
export const Lang = Type.Enum(LANGUAGES, { description: 'ar: `name` is the Arabic name where there is one (English otherwise); without it, the Accept-Language header decides; name_en and name_ar are always given' })

/** Query parameters of GET /zones. Comma lists arrive split (see splitCommaLists). */
export const ZonesQuery = Type.Object(
  {
    status: Type.Optional(Type.Array(Type.Enum(STATUSES), { minItems: 1, maxItems: STATUSES.length, description: 'statuses, comma separated' })),
    kind: Type.Optional(Type.Array(Type.Enum(KINDS), { minItems: 1, maxItems: KINDS.length, description: 'kinds, comma separated' })),
    sponsor: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 50, description: 'zones sponsored or guaranteed by any of these party slugs' })),
    party: Type.Optional(Type.Array(Slug, { minItems: 1, maxItems: 50, description: 'zones any of these parties take part in' })),
    role: Type.Optional(Type.Array(Type.Enum(ROLES), { minItems: 1, maxItems: ROLES.length, description: 'with party: only in these roles' })),
    // Ranges per position are checked by checkBbox and checkPoint: OpenAPI 3.0 has no tuples.
    bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: 'minLon,minLat,maxLon,maxLat (WGS 84)' })),
    contains: Type.Optional(Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: 'lon,lat: the zones that contain this point' })),
    as_of: Type.Optional({ ...CalendarDate, description: 'the map as it stood on this date (YYYY-MM-DD): statuses, dates and the boundary version in force' }),
    recorded_as_of: Type.Optional(RecordedAsOf),
    q: Type.Optional(Type.String({
      minLength: 1,
      maxLength: 200,
      description: "words, each found in the zone's name (English or Arabic), other spellings, slug, description or a party's name; case, diacritics, apostrophes, hyphens and Arabic letter forms are folded (Dar'a, Daraa, Deraa and درعا all find the south-west zone)",
    })),
    archived: Type.Boolean({ default: false, description: 'true: the archived zones instead (admins only), to find one to restore' }),
    // limit=all streams every match; zoom draws generalized outlines.
    limit: Type.Union([Type.Integer({ minimum: 1, maximum: 10000 }), Type.Literal('all')], {
      default: 1000,
      description: 'zones per page (1 to 10000), or `all`: every match, streamed as it is read (GeoJSON only)',
    }),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$', description: 'the cursor of a `next` link' })),
    properties: Type.Optional(Type.Array(Type.Enum(ZONE_PROPERTIES), { minItems: 1, maxItems: ZONE_PROPERTIES.length, description: 'properties to include, comma separated' })),
    geometry: Type.Boolean({ default: true, description: 'false for features without shapes' }),
    precision: Type.Integer({ minimum: 0, maximum: 15, default: 6, description: 'decimals of coordinates' }),
    format: Type.Enum(['geojson', 'kml', 'csv'], { default: 'geojson', description: 'geojson (default), kml, or csv with the shape as WKT' }),
    lang: Type.Optional(Lang),
    zoom: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ZOOM, description: 'the map zoom the shapes are for: outlines simplified to about a pixel at it, with as many decimals as it shows' })),
  },
  { additionalProperties: false },
)

export const ZONES_COMMA_LISTS = ['status', 'kind', 'sponsor', 'party', 'role', 'bbox', 'contains', 'properties']

export const ZoneQuery = Type.Pick(ZonesQuery, ['as_of', 'recorded_as_of', 'properties', 'geometry', 'precision', 'lang'], { additionalProperties: false })

export const HistoryQuery = Type.Object({ recorded_as_of: Type.Optional(RecordedAsOf) }, { additionalProperties: false })

export const ZoneParams = Type.Object({
  id: Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Slug], { description: 'the zone id or slug' }),
})

/** A source cited in a text as [key], e.g. [S6]: every key left in a public text has one. */
const Reliability = Type.Union([Type.Enum(SOURCE_RELIABILITIES), Type.Null()], {
  description: 'how far the source can be relied on, graded by its outlet: primary-document, wire-agency, established-outlet, reference-work, state-or-partisan-outlet or blog-or-mirror; null where not graded',
})

const CitedSource = Type.Object({
  key: Type.String(),
  title: Type.String(),
  publisher: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  reliability: Reliability,
})

const PartyRef = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  name_ar: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "the party's name in Arabic; null where none is known for certain" })),
  type: Type.Enum(PARTY_TYPES),
  role: Type.Enum(ROLES),
  note: Type.Union([Type.String(), Type.Null()], { description: 'what the sources say of this party in this role here' }),
})

const ZoneAgreementRef = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  signed_on: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  signed_precision: Type.Enum(DATE_PRECISIONS),
  effect: Type.Enum(EFFECTS, { description: 'what the agreement does to the zone' }),
})

const SiegeAssessment = Type.Object({
  assessed_on: Type.String({ format: 'date' }),
  assessed_precision: Type.Enum(DATE_PRECISIONS, { description: 'how much of assessed_on is known' }),
  severity: Type.Union([Type.Enum(SIEGE_SEVERITIES), Type.Null()], { description: "Siege Watch's grade, when the source gives one" }),
  population: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'people inside, as the source counts them' }),
  source: Type.Object({ title: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }),
  note: Type.Union([Type.String(), Type.Null()]),
})

export const ZoneProperties = Type.Object(
  {
    slug: Type.String(),
    name: Type.String({ description: 'the name in the language of the response (lang, Accept-Language; Content-Language says which): Arabic where there is an Arabic name, English otherwise' }),
    name_en: Type.String({ description: 'the name in English' }),
    name_ar: Type.Union([Type.String(), Type.Null()], { description: 'the name in its standard Arabic spelling; null where none is known for certain' }),
    search_names: Type.Array(Type.String(), { description: 'other spellings of the name found in sources and gazetteers (Daraa, Deraa), which q= matches' }),
    kind: Type.Enum(KINDS),
    status: Type.Enum(STATUSES),
    status_since: Type.String({ format: 'date' }),
    description: Type.Union([Type.String(), Type.Null()]),
    proposed_on: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    in_force_from: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    ended_on: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    area_km2: Type.Union([Type.Number(), Type.Null()]),
    approximate: Type.Boolean({ description: 'whether the outline is less than exact (see location_precision)' }),
    location_precision: Type.Enum(LOCATION_PRECISIONS, { description: 'exact: an official or surveyed line; approximate: drawn from sourced places; region: only the area is known' }),
    geometry_note: Type.Union([Type.String(), Type.Null()]),
    citations: Type.Array(CitedSource, { description: 'the sources the description, the outline note and the parties\' notes cite by [key], in order of first citation' }),
    curation_note: Type.Union([Type.String(), Type.Null()], { description: 'for signed-in editors only: how the data was curated' }),
    parties: Type.Array(PartyRef),
    sponsors: Type.Array(Type.String(), { description: 'names of the parties with role sponsor or guarantor' }),
    agreements: Type.Array(ZoneAgreementRef, { description: 'the agreements that name the zone, in the order they were signed (GET /agreements/{slug})' }),
    siege_assessments: Type.Array(SiegeAssessment, { description: 'assessments of a siege, oldest first, one per source (sources that disagree are separate entries); empty otherwise' }),
    version: Type.Integer(),
    updated_at: Type.String({ format: 'date-time' }),
    source_urls: Type.Array(Type.String(), { description: 'web addresses of the sources cited for the zone' }),
    links: Type.Array(Link),
  },
  { description: 'All properties; `properties=` chooses a subset.' },
)

const GeoJsonGeometry = Type.Union([Type.Object({ type: Type.String(), coordinates: Type.Optional(Type.Array(Type.Unknown())), geometries: Type.Optional(Type.Array(Type.Unknown(), { description: 'the members of a GeometryCollection' })) }), Type.Null()], {
  description: 'RFC 7946 geometry, WGS 84 longitude/latitude; null without a known location or with geometry=false',
})

export const ZoneFeature = Type.Object(
  { type: Type.Literal('Feature'), id: Type.Integer(), geometry: GeoJsonGeometry, properties: Type.Partial(ZoneProperties) },
  { $id: 'ZoneFeature' },
)

export const ZoneCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  numberMatched: Type.Optional(Type.Integer({ description: 'how many zones match; left out when more than 1000 do (the count stops there)' })),
  numberReturned: Type.Integer(),
  as_of: Type.Optional({ ...CalendarDate, description: 'the date the zones are shown as of: as_of, or the day they were retrieved' }),
  recorded_as_of: Type.Optional(Type.String({ description: 'the instant the zones are shown as recorded at, when asked for' })),
  data_version: Type.Optional(Type.Integer({ description: 'the data version read: it grows with every change to the zones' })),
  retrieved_at: Type.Optional(Type.String({ format: 'date-time', description: 'when this was retrieved' })),
  citation: Type.Optional(Type.String({ description: 'how to cite this page: the zones, the date, the data version, the retrieval date and its address (as GET /zones/{id}/cite writes a zone\'s)' })),
  links: Type.Array(Link),
  features: Type.Array(Type.Ref('ZoneFeature')),
})

const SourceRef = Type.Object({
  title: Type.String(),
  publisher: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  published_on: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  reliability: Reliability,
})

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  reverses_change_id: Type.Union([Type.Integer(), Type.Null()], { description: 'set on an entry that undoes an earlier one' }),
  from_status: Type.Union([Type.Enum(STATUSES), Type.Null()]),
  to_status: Type.Enum(STATUSES),
  effective_on: Type.String({ format: 'date' }),
  effective_precision: Type.Enum(['day', 'month', 'year']),
  scheduled: Type.Boolean({ description: 'dated after today: announced, but not in effect yet (the zone keeps its status until that day)' }),
  recorded_at: Type.String({ format: 'date-time' }),
  recorded_by: Type.String(),
  reason: Type.String(),
  basis: Type.Enum(['stated', 'inferred'], { description: 'inferred: the status is derived from the cited events, not stated by a source' }),
  note: Type.Union([Type.String(), Type.Null()]),
  citations: Type.Array(CitedSource, { description: 'the sources the reason and the note cite by [key]' }),
  curation_note: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'for signed-in editors only: how the entry was curated' })),
  sources: Type.Array(SourceRef),
  weak_sources_only: Type.Boolean({ description: 'true when every source of the entry is a state or partisan outlet, or a blog or mirror' }),
  agreement: Type.Union([Type.Object({ slug: Type.String(), title: Type.String() }), Type.Null()], { description: 'the agreement the change follows from' }),
})

export const ZoneHistory = Type.Object({
  zone: Type.Object({ id: Type.Integer(), links: Type.Array(Link) }),
  history: Type.Array(HistoryEntry),
})
