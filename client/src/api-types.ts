import type { Geometry } from 'geojson'
import type { Static } from 'typebox'
import type { PartyType } from '../../server/domain/parties.ts'
import type * as AuthSchemas from '../../server/schemas/auth.ts'
import type * as CommonSchemas from '../../server/schemas/common.ts'
import type * as EditSchemas from '../../server/schemas/zone-edits.ts'
import type * as ZoneSchemas from '../../server/schemas/zones.ts'
import type * as WebhookSchemas from '../../server/schemas/webhooks.ts'
import type * as AgreementSchemas from '../../server/schemas/agreements.ts'
import type * as BoundarySchemas from '../../server/schemas/zone-boundaries.ts'
import type * as ChangeSchemas from '../../server/schemas/changes.ts'
import type * as IncidentImportSchemas from '../../server/schemas/incident-imports.ts'

/**
 * The shapes the API sends and takes, as the client reads them: derived from the server's TypeBox
 * schemas (types only: nothing of the server enters the bundle), narrowed where the client reads
 * less than the schema allows. The few shapes the server has no exported schema for are written
 * out here, each saying why.
 */

export type Link = Static<typeof CommonSchemas.Link>

type ServerZoneProperties = Static<typeof ZoneSchemas.ZoneProperties>

/** Left out of a large collection's map data (zone-data.ts asks for the rest by name), or never read by the page. */
type PropertiesNotAlwaysSent = 'agreements' | 'citations' | 'curation_note' | 'source_urls' | 'updated_at' | 'links' | 'siege_assessments' | 'name_en' | 'name_ar' | 'search_names'

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

export type StatusChangeBody = Static<typeof EditSchemas.StatusChangeBody>

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


// Agreements: see server/routes/agreements.ts.

type ServerAgreementProperties = Static<typeof AgreementSchemas.AgreementProperties>

/** Sent only to signed-in editors (curation_note), or left out of lists that ask for fewer properties. */
type AgreementPropertiesNotAlwaysSent = 'curation_note' | 'citations' | 'source_urls' | 'updated_at' | 'links' | 'title_ar'

/** An agreement's properties as the editing pages ask for them (all of them). */
export type AgreementProperties = Omit<ServerAgreementProperties, AgreementPropertiesNotAlwaysSent> & Partial<Pick<ServerAgreementProperties, AgreementPropertiesNotAlwaysSent>>

export type AgreementPartyRef = AgreementProperties['parties'][number]
export type AgreementZoneRef = AgreementProperties['zones'][number]

/** The schema's geometry is any object with a `type` (the union of the agreement's zones); read as GeoJSON. */
export interface AgreementFeature extends Omit<Static<typeof AgreementSchemas.AgreementFeature>, 'geometry' | 'properties'> {
  geometry: Geometry | null
  properties: AgreementProperties
}

/** The schema's features are a reference (`AgreementFeature`), which a static type cannot follow. */
export interface AgreementCollection extends Omit<Static<typeof AgreementSchemas.AgreementCollection>, 'features'> {
  features: AgreementFeature[]
}

/** POST /agreements. */
export type AgreementInput = Static<typeof AgreementSchemas.NewAgreementBody>

/** PATCH /agreements/{id}: only the fields to change; parties, zones and sources each replace the list. */
export type AgreementPatch = Static<typeof AgreementSchemas.AgreementPatch>

// Boundary versions: see server/routes/zone-boundaries.ts.

/** A shape edit's place among the zone's dated outlines (PATCH /zones/{id} with `geometry`). */
export type BoundaryChange = Static<typeof BoundarySchemas.BoundaryChangeBody>

/** One version of a zone's outline, as GET /zones/{id}/boundaries lists them (oldest first). */
export type BoundaryVersion = Omit<Static<typeof BoundarySchemas.BoundaryVersion>, 'geometry'> & { geometry?: Geometry | null }

/** A zone's agreement, as the zone property `agreements` lists it. */
export type ZoneAgreementRef = ServerZoneProperties['agreements'][number]

/** A siege's graded assessment (Siege Watch's tiers), as the zone property `siege_assessments` lists them. */
export type SiegeAssessment = ServerZoneProperties['siege_assessments'][number]

export interface ZoneBoundaries extends Omit<Static<typeof BoundarySchemas.ZoneBoundaries>, 'boundaries'> {
  boundaries: BoundaryVersion[]
}

/** One change between two dates (GET /changes), oldest first. */
export type ZoneChange = Static<typeof ChangeSchemas.Change>

export type ChangeType = ZoneChange['type']

export type ChangeList = Static<typeof ChangeSchemas.ChangeList>

// Webhooks (admins): see server/routes/webhooks.ts.
export type Webhook = Static<typeof WebhookSchemas.Webhook>
/** The answer to a registration: the webhook with its signing secret, shown this once. */
export type CreatedWebhook = Static<typeof WebhookSchemas.CreatedWebhook>
export type WebhookCreate = Static<typeof WebhookSchemas.WebhookCreate>
export type WebhookPatch = Static<typeof WebhookSchemas.WebhookPatch>
export type WebhookDelivery = Static<typeof WebhookSchemas.Delivery>
export type WebhookDeliveryPage = Static<typeof WebhookSchemas.DeliveryPage>

/** The report of an incident import or its dry run (POST /incidents/imports), and a past import. */
export type IncidentImportReport = Static<typeof IncidentImportSchemas.IncidentImportReport>
export type IncidentImportRecord = Static<typeof IncidentImportSchemas.IncidentImportRecord>
export type IncidentDataset = IncidentImportReport['dataset']
/** A row's problem in a refused file (the 422's `problems`). */
export interface IncidentRowProblem {
  row: number
  column: string | null
  problem: string
}
