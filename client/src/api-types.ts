import type { Geometry } from 'geojson'
import type { Static } from 'typebox'
import type { PartyType } from '../../server/domain/parties.ts'
import type * as AuthSchemas from '../../server/schemas/auth.ts'
import type * as CommonSchemas from '../../server/schemas/common.ts'
import type * as EditSchemas from '../../server/schemas/zone-edits.ts'
import type * as ZoneSchemas from '../../server/schemas/zones.ts'

/**
 * The shapes the API sends and takes, as the client reads them: derived from the server's TypeBox
 * schemas (types only: nothing of the server enters the bundle), narrowed where the client reads
 * less than the schema allows. The few shapes the server has no exported schema for are written
 * out here, each saying why.
 */

export type Link = Static<typeof CommonSchemas.Link>

type ServerZoneProperties = Static<typeof ZoneSchemas.ZoneProperties>

/** Left out of a large collection's map data (zone-data.ts asks for the rest by name), or never read by the page. */
type PropertiesNotAlwaysSent = 'citations' | 'curation_note' | 'source_urls' | 'updated_at' | 'links'

export type PartyRef = ServerZoneProperties['parties'][number]

/** A source a text cites as [key], e.g. [S6]. */
export type CitedSource = ServerZoneProperties['citations'][number]

/**
 * A zone's properties as the page asks for them: every property but those in PropertiesNotAlwaysSent.
 * (The schema makes every property optional, since `properties=` chooses a subset.)
 */
export type ZoneProperties = Omit<ServerZoneProperties, PropertiesNotAlwaysSent> & Partial<Pick<ServerZoneProperties, PropertiesNotAlwaysSent>>

/** The schema's geometry is any object with a `type`; the map reads it as the GeoJSON geometry it is. */
export interface ZoneFeature extends Omit<Static<typeof ZoneSchemas.ZoneFeature>, 'geometry' | 'properties'> {
  geometry: Geometry | null
  properties: ZoneProperties
}

/** A zone's shape alone, by its slug: finer outlines for zones already loaded. */
export interface ZoneOutline {
  slug: string
  geometry: Geometry | null
}

/** The schema's features are a reference (`ZoneFeature`), which a static type cannot follow. */
export interface ZoneCollection extends Omit<Static<typeof ZoneSchemas.ZoneCollection>, 'features'> {
  features: ZoneFeature[]
}

export type HistoryEntry = Static<typeof ZoneSchemas.HistoryEntry>

export type DatePrecision = HistoryEntry['effective_precision']

export type SourceRef = HistoryEntry['sources'][number]

export interface ZoneHistory extends Omit<Static<typeof ZoneSchemas.ZoneHistory>, 'history'> {
  history: HistoryEntry[]
}

/**
 * GET /client-config.json: what the server lets the page configure. Written out: the server
 * builds it from its configuration without a schema (server/routes/client.ts).
 */
export interface ClientConfig {
  /** The optional online tile layer; null when the server offers none. */
  tiles: { url: string; attribution: string; attributionUrl: string | null } | null
}

/** Where a request went wrong: `body.geometry.coordinates[0][3]`, `body.name`, `features[2].properties.kind`. */
export type ProblemLocation = NonNullable<Static<typeof CommonSchemas.ProblemSchema>['errors']>[number]

/**
 * RFC 9457 problem details, the body of every API error. The schema allows any further member;
 * these are the ones particular routes add, which the client reads.
 */
export type ProblemBody = Static<typeof CommonSchemas.ProblemSchema> & {
  /** 412: what is stored now. */
  current_version?: number
  current_etag?: string
  /** 409 on a status change: the statuses the zone may move to. */
  allowed?: HistoryEntry['to_status'][]
  /** 422 on an import: the features with problems. */
  features?: ImportFeatureReport[]
}

// Editing: see server/routes/auth.ts, zone-edits.ts, zone-import.ts, users.ts, audit.ts, parties.ts.

/** GET /auth/me and POST /auth/login. */
export type Me = Static<typeof AuthSchemas.Me>

export type UserRole = Me['role']

/** A response body with the strong ETag that the next write to the zone sends in If-Match. */
export interface Versioned<T> {
  value: T
  etag: string
}

export type PartyAssignment = Static<typeof EditSchemas.PartyAssignment>

/** `agreement`: the slug of the agreement the change follows from (written out until the server's schema has it). */
export type StatusChangeBody = Static<typeof EditSchemas.StatusChangeBody> & { agreement?: string }

/**
 * PATCH /zones/:id: only the fields to change; parties replaces the whole list. The schema takes
 * any object as the geometry (the server checks shapes itself); the client sends GeoJSON.
 */
export type ZonePatch = Omit<Static<typeof EditSchemas.ZonePatch>, 'geometry' | 'boundary'> & { geometry?: Geometry | null; boundary?: BoundaryChange }

type ServerNewZoneFeature = Static<typeof EditSchemas.NewZoneFeature>

/** Properties the server fills in with their defaults when the client leaves them out. */
type NewZoneDefaults = 'location_precision' | 'parties'

export type NewZoneProperties = Omit<ServerNewZoneFeature['properties'], NewZoneDefaults> & Partial<Pick<ServerNewZoneFeature['properties'], NewZoneDefaults>>

export type LocationPrecision = ServerNewZoneFeature['properties']['location_precision']

export interface NewZoneFeature {
  type: 'Feature'
  geometry: Geometry | null
  properties: NewZoneProperties
}

/** Written out: server/routes/parties.ts keeps its schema to itself. */
export interface Party {
  slug: string
  name: string
  type: PartyType
  note: string | null
  zone_count?: number
}

export type User = Static<typeof AuthSchemas.PublicUser>

/** Written out: server/routes/audit.ts keeps its schema to itself. */
export interface AuditEntry {
  id: number
  at: string
  username: string
  action: string
  entity: string
  entity_id: string
  zone_id: number | null
  before: unknown
  after: unknown
  request_id: string | null
  /** The API token the change was made with; null through a browser session. */
  api_token_id: number | null
  api_token_name: string | null
}

/** A personal API token as listed (never its secret). */
export type ApiTokenInfo = Static<typeof AuthSchemas.TokenInfo>

/** The query of GET /audit, as the administration page sends it. */
export interface AuditQuery {
  zone?: string
  user?: string
  from?: string
  to?: string
  limit?: number
}

/** Written out: the import's 422 report is built by server/import, with no response schema. */
export interface ImportFeatureReport {
  index: number
  name: string | null
  slug: string | null
  errors: ProblemLocation[]
}

/** Written out, as the two below: server/routes/zone-import.ts declares them inline. */
export interface ImportDryRun {
  count: number
  features: { index: number; name: string; slug: string }[]
}

export interface ImportCreated {
  created: { id: number; slug: string }[]
}

/** One `zone` event of GET /events: a change to a zone was committed. Written out: events are not described by a schema. */
export interface ZoneChangeEvent {
  zone_id: number
  version: number
  action: string
  at: string
}


// Agreements and boundary versions (DESIGN-20). Written out until server/schemas/agreements.ts and
// the boundaries routes exist; then derived from them like the rest.

export type AgreementClass = 'unilateral' | 'bilateral' | 'multilateral'
export type AgreementForm = 'written' | 'verbal' | 'declared'
export type AgreementPurpose =
  | 'ceasefire'
  | 'de-escalation'
  | 'humanitarian'
  | 'evacuation'
  | 'deconfliction'
  | 'demilitarisation'
  | 'security-arrangement'
  | 'political-settlement'
export type AgreementRole = 'signatory' | 'guarantor' | 'mediator' | 'observer' | 'excluded'
export type AgreementEffect = 'creates' | 'changes' | 'confirms' | 'ends'

export interface AgreementPartyRef {
  slug: string
  name: string
  type: PartyType
  role: AgreementRole
  note: string | null
}

export interface AgreementZoneRef {
  id: number
  slug: string
  name: string
  effect: AgreementEffect
  note: string | null
}

export interface AgreementProperties {
  slug: string
  title: string
  signed_on: string | null
  signed_precision: DatePrecision
  place: string | null
  class: AgreementClass
  form: AgreementForm
  purpose: AgreementPurpose
  description: string | null
  text_url: string | null
  pax_id: string | null
  ucdp_conflict_id: number | null
  duration_days: number | null
  expires_on: string | null
  renewal_terms: string | null
  /** Editors only. */
  curation_note?: string | null
  parties: AgreementPartyRef[]
  zones: AgreementZoneRef[]
  citations?: CitedSource[]
  source_urls?: string[]
  version: number
  updated_at?: string
  links?: Link[]
}

export interface AgreementFeature {
  type: 'Feature'
  id: number
  geometry: Geometry | null
  properties: AgreementProperties
}

export interface AgreementCollection {
  type: 'FeatureCollection'
  features: AgreementFeature[]
  links?: Link[]
}

/** POST /agreements; PATCH /agreements/{id} takes any of these (parties and zones replace the lists). */
export interface AgreementInput {
  slug?: string
  title: string
  signed_on: string | null
  signed_precision?: DatePrecision
  place?: string | null
  class: AgreementClass
  form: AgreementForm
  purpose: AgreementPurpose
  description?: string | null
  text_url?: string | null
  pax_id?: string | null
  ucdp_conflict_id?: number | null
  duration_days?: number | null
  expires_on?: string | null
  renewal_terms?: string | null
  curation_note?: string | null
  parties?: { party: string; role: AgreementRole; note?: string | null }[]
  zones?: { zone: string; effect: AgreementEffect; note?: string | null }[]
  /** Replaces the list; a source is found by its address (a new one is stored with its title). */
  sources?: { url: string; title?: string }[]
}

export type AgreementPatch = Partial<AgreementInput>

/** A shape edit's place among the zone's dated outlines (PATCH /zones/{id} with `geometry`). */
export interface BoundaryChange {
  change: 'correction' | 'new-version'
  /** Required for a new version; never in the future. */
  effective_date?: string
  effective_precision?: DatePrecision
  /** Required for a new version. */
  reason?: string
  basis?: 'stated' | 'inferred'
  source_url?: string
  source_title?: string
}

/** One version of a zone's outline, as GET /zones/{id}/boundaries lists them (oldest first). */
export interface BoundaryVersion {
  id: number
  effective_on: string
  effective_precision: DatePrecision
  until: string | null
  reason: string
  basis: 'stated' | 'inferred'
  location_precision: LocationPrecision
  geometry_note: string | null
  area_km2: number | null
  recorded_at: string
  recorded_by: string
  superseded_at: string | null
  superseded_by: number | null
  sources: SourceRef[]
  geometry?: Geometry | null
}

export interface ZoneBoundaries {
  zone: { id: number; slug: string; name: string }
  boundaries: BoundaryVersion[]
}
