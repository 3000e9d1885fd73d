import type { Geometry } from 'geojson'
import type { Kind } from '../../server/domain/kinds.ts'
import type { Role } from '../../server/domain/parties.ts'
import type { Status } from '../../server/domain/statuses.ts'

/** The shapes the API sends (see server/routes/schemas/zones.ts), as the client reads them. */

export interface Link {
  rel: string
  type?: string
  href: string
}

export interface PartyRef {
  slug: string
  name: string
  role: Role
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
  parties: PartyRef[]
  sponsors: string[]
  version: number
  updated_at: string
  links: Link[]
}

export interface ZoneFeature {
  type: 'Feature'
  id: number
  geometry: Geometry | null
  properties: ZoneProperties
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

export interface HistoryEntry {
  from_status: Status | null
  to_status: Status
  effective_on: string
  effective_precision: DatePrecision
  recorded_at: string
  recorded_by: string
  reason: string
  basis: 'stated' | 'inferred'
  note: string | null
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
  errors?: { where: string; message: string }[]
}
