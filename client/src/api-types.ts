import type { Geometry } from 'geojson'
import type { Kind } from '../../server/domain/kinds.ts'
import type { PartyType, Role } from '../../server/domain/parties.ts'
import type { Status } from '../../server/domain/statuses.ts'

/** The shapes the API sends (see server/schemas/zones.ts), as the client reads them. */

export interface Link {
  rel: string
  type?: string
  href: string
}

export interface PartyRef {
  slug: string
  name: string
  role: Role
  /** What the sources say of this party in this role here. */
  note?: string | null
}

export interface ZoneProperties {
  slug: string
  name: string
  kind: Kind
  status: Status
  status_since: string
  description: string | null
  proposed_on: string | null
  in_force_from: string | null
  ended_on: string | null
  area_km2: number | null
  approximate: boolean
  geometry_note: string | null
  /** The sources the description, the outline note and the parties' notes cite as [key]. */
  citations?: CitedSource[]
  parties: PartyRef[]
  sponsors: string[]
  version: number
  /** Left out of a large collection's map data, which has no use for them (see zone-data.ts). */
  updated_at?: string
  links?: Link[]
}

export interface ZoneFeature {
  type: 'Feature'
  id: number
  geometry: Geometry | null
  properties: ZoneProperties
}

/** A zone's shape alone, by its slug: finer outlines for zones already loaded. */
export interface ZoneOutline {
  slug: string
  geometry: Geometry | null
}

export interface ZoneCollection {
  type: 'FeatureCollection'
  numberMatched: number
  numberReturned: number
  timeStamp: string
  links: Link[]
  features: ZoneFeature[]
}

export type DatePrecision = 'day' | 'month' | 'year'

export interface SourceRef {
  title: string
  publisher: string | null
  url: string | null
  published_on: string | null
}

/** A source a text cites as [key], e.g. [S6]. */
export interface CitedSource {
  key: string
  title: string
  publisher: string | null
  url: string
}

export interface HistoryEntry {
  id: number
  /** Set on an entry that undoes an earlier one (the id of that one). */
  reverses_change_id: number | null
  from_status: Status | null
  to_status: Status
  effective_on: string
  effective_precision: DatePrecision
  /** Dated after today: announced, not in effect yet. */
  scheduled?: boolean
  recorded_at: string
  recorded_by: string
  reason: string
  basis: 'stated' | 'inferred'
  note: string | null
  /** The sources the reason and the note cite as [key]. */
  citations?: CitedSource[]
  sources: SourceRef[]
}

export interface ZoneHistory {
  zone: { id: number; links: Link[] }
  history: HistoryEntry[]
}

/** GET /client-config.json: what the server lets the page configure. */
export interface ClientConfig {
  /** The optional online tile layer; null when the server offers none. */
  tiles: { url: string; attribution: string; attributionUrl: string | null } | null
}

/** RFC 9457 problem details, the body of every API error. */
export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  errors?: ProblemLocation[]
  /** 412: what is stored now. */
  current_version?: number
  current_etag?: string
  /** 409 on a status change: the statuses the zone may move to. */
  allowed?: Status[]
  /** 422 on an import: the features with problems. */
  features?: ImportFeatureReport[]
}

/** Where a request went wrong: `body.geometry.coordinates[0][3]`, `body.name`, `features[2].properties.kind`. */
export interface ProblemLocation {
  where: string
  message: string
}

// Editing (issue 7): see server/routes/auth.ts, zone-edits.ts, zone-import.ts, users.ts, audit.ts, parties.ts.

export type UserRole = 'editor' | 'admin'

/** GET /auth/me and POST /auth/login. */
export interface Me {
  username: string
  role: UserRole
  csrfToken: string | null
}

/** A response body with the strong ETag that the next write to the zone sends in If-Match. */
export interface Versioned<T> {
  value: T
  etag: string
}

export type GeometryPrecision = 'approximate' | 'surveyed'

export interface PartyAssignment {
  party: string
  role: Role
  note?: string | null
}

export interface StatusChangeBody {
  status: Status
  effective_date: string
  reason: string
  source_url?: string
  source_title?: string
}

/** PATCH /zones/:id: only the fields to change; parties replaces the whole list. */
export interface ZonePatch {
  name?: string
  description?: string | null
  kind?: Kind
  geometry?: Geometry | null
  geometry_precision?: GeometryPrecision
  geometry_note?: string | null
  proposed_on?: string | null
  in_force_from?: string | null
  ended_on?: string | null
  parties?: PartyAssignment[]
}

export interface NewZoneProperties {
  name: string
  kind: Kind
  slug?: string
  description?: string | null
  status: Status
  effective_date: string
  reason: string
  source_url?: string
  source_title?: string
  geometry_precision?: GeometryPrecision
  geometry_note?: string | null
  parties?: PartyAssignment[]
}

export interface NewZoneFeature {
  type: 'Feature'
  geometry: Geometry | null
  properties: NewZoneProperties
}

export interface Party {
  slug: string
  name: string
  type: PartyType
  note: string | null
  zone_count?: number
}

export interface User {
  id: number
  username: string
  role: UserRole
  disabled: boolean
  created_at: string
}

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
export interface ApiTokenInfo {
  id: number
  name: string
  created_at: string
  expires_at: string | null
  last_used_at: string | null
  revoked_at: string | null
}

export interface AuditQuery {
  zone?: string
  user?: string
  from?: string
  to?: string
  limit?: number
}

export interface ImportFeatureReport {
  index: number
  name: string | null
  slug: string | null
  errors: ProblemLocation[]
}

export interface ImportDryRun {
  count: number
  features: { index: number; name: string; slug: string }[]
}

export interface ImportCreated {
  created: { id: number; slug: string }[]
}

/** One `zone` event of GET /events: a change to a zone was committed. */
export interface ZoneChangeEvent {
  zone_id: number
  version: number
  action: string
  at: string
}
