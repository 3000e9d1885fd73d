import type { Kind } from '../../server/domain/kinds.ts'
import type { Status } from '../../server/domain/statuses.ts'
import { t } from './i18n/index.ts'
import type {
  AgreementCollection,
  AgreementFeature,
  AgreementInput,
  AgreementPatch,
  ApiTokenInfo,
  AuditEntry,
  ChangeList,
  AuditQuery,
  ClientConfig,
  ImportCreated,
  ImportDryRun,
  Me,
  NewZoneFeature,
  Party,
  ProblemBody,
  StatusChangeBody,
  User,
  UserRole,
  Versioned,
  IncidentDataset,
  IncidentImportRecord,
  IncidentImportReport,
  Webhook,
  WebhookCreate,
  WebhookDeliveryPage,
  WebhookPatch,
  CreatedWebhook,
  ZoneBoundaries,
  ZoneCollection,
  ZoneFeature,
  ZoneHistory,
  ZonePatch,
  ZoneProperties,
} from './api-types.ts'
import type { PartyType } from '../../server/domain/parties.ts'
import { INCIDENT_MAP_PROPERTIES, type DayWindow, type IncidentPage, type IncidentSet, type ZoneIncidents } from './incidents/incident-types.ts'
import type { FeatureCollection, Geometry } from 'geojson'

/**
 * The one typed fetch wrapper of the client: every call to the API goes through here, and nothing
 * here touches the DOM. Errors come back as ApiError carrying the server's problem details.
 * Changes made through a session send its CSRF token (see `csrfToken` in the options).
 * Reads made by someone not signed in carry the data version last seen (`?v=`, from the Data-Version
 * header): the server answers them `immutable`, so the browser and any cache in front keep them
 * until the data changes. The first read of a page goes without, so a page never starts on old data.
 */

export class ApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly problem: ProblemBody | null,
    readonly method = 'GET',
  ) {
    super(problem ? `${problem.title}: ${problem.detail}` : t('api.failed', { method, url, status: String(status) }))
    this.name = 'ApiError'
  }
}

export interface ZonesQuery {
  status?: readonly Status[]
  kind?: readonly Kind[]
  sponsor?: readonly string[]
  /** The map as it stood on this day (YYYY-MM-DD); left out for the latest state. */
  asOf?: string | null
  q?: string
  /** Zones per page, or 'all' (streamed, no cap). Default: ZONES_PAGE_LIMIT. */
  limit?: number | 'all'
  /** Only the zones whose shape meets this box: [west, south, east, north]. */
  bbox?: readonly [number, number, number, number]
  /** Outlines generalized for a map at this zoom (far smaller) instead of full detail. */
  zoom?: number
  /** false: the features without their shapes. Default: true. */
  geometry?: boolean
  /** Only these properties. Default: all. */
  properties?: readonly (keyof ZoneProperties)[]
  /** true: the archived zones instead (admins only). */
  archived?: boolean
  /** What the Atlas had recorded by then (RFC 3339 date-time, or YYYY-MM-DD for the end of that day). */
  recordedAsOf?: string | null
}

/** GET /changes: what changed between two days (YYYY-MM-DD), with the filters the page has. */
export interface ChangesQuery {
  from: string
  to: string
  kind?: readonly Kind[]
  sponsor?: readonly string[]
  /** As recorded by then (see ZonesQuery). */
  recordedAsOf?: string | null
}

export interface AgreementsQuery {
  /** Only the agreements that name this zone (id or slug). */
  zone?: number | string
  q?: string
  limit?: number
  /** false: the features without their shapes (the union of their zones). Default: true. */
  geometry?: boolean
}

export type ExportFormat = 'geojson' | 'kml' | 'csv'

export interface ApiOptions {
  /** Where the API lives. Default: the page's own origin. */
  baseUrl?: string
  fetch?: typeof fetch
  /** The CSRF token of the signed-in session, sent as x-csrf-token with every change. Default: none. */
  csrfToken?: () => string | null
  /**
   * The language of the zones' names (`lang=` on /zones and /zones/{id}): the server names them in
   * Arabic where there is an Arabic name, and would otherwise follow the browser's Accept-Language,
   * which need not be the interface's. Default: none (the server decides).
   */
  language?: string
}

export interface Api {
  zones(query?: ZonesQuery, signal?: AbortSignal): Promise<ZoneCollection>
  zone(idOrSlug: number | string, asOf?: string | null, signal?: AbortSignal, recordedAsOf?: string | null): Promise<ZoneFeature>
  history(idOrSlug: number | string, signal?: AbortSignal, recordedAsOf?: string | null): Promise<ZoneHistory>
  /** The versions of a zone's outline, corrected ones included, as recorded by `recordedAsOf` (null: now). */
  boundaries(idOrSlug: number | string, recordedAsOf?: string | null, signal?: AbortSignal): Promise<ZoneBoundaries>
  /** Every change between two days (all pages of it, up to MAX_CHANGES). */
  changes(query: ChangesQuery, signal?: AbortSignal): Promise<ChangeList>
  clientConfig(signal?: AbortSignal): Promise<ClientConfig>
  /** The incidents whose dates meet the window, every page of them up to MAX_INCIDENTS, with the map's properties. */
  incidents(window: DayWindow, signal?: AbortSignal): Promise<IncidentSet>
  /** The incidents inside a zone by status period and month, and how the zone is holding on `asOf`. */
  zoneIncidents(idOrSlug: number | string, asOf: string, signal?: AbortSignal): Promise<ZoneIncidents>
  /** The address of the zones of a query in a download format, for links. */
  exportUrl(query: ZonesQuery, format: ExportFormat): string

  // Signing in
  me(): Promise<Me>
  login(username: string, password: string): Promise<Me>
  logout(): Promise<void>

  // Zones: every write to an existing zone sends the ETag it was read with.
  /** The zone as stored now (never from a cache), with the ETag writes need. */
  zoneForEdit(idOrSlug: number | string): Promise<Versioned<ZoneFeature>>
  changeStatus(id: number, etag: string, body: StatusChangeBody): Promise<Versioned<ZoneFeature>>
  undoStatusChange(id: number, etag: string, reason: string): Promise<Versioned<ZoneFeature>>
  updateZone(id: number, etag: string, patch: ZonePatch): Promise<Versioned<ZoneFeature>>
  createZone(feature: NewZoneFeature): Promise<Versioned<ZoneFeature>>
  /** Archives the zone; resolves to the archived zone's ETag (for a restore). */
  archiveZone(id: number, etag: string): Promise<string>
  restoreZone(id: number, etag: string): Promise<Versioned<ZoneFeature>>
  importZones(collection: FeatureCollection<Geometry | null> & { name?: string }, dryRun: boolean): Promise<ImportDryRun | ImportCreated>

  // Agreements: as for zones, every write to an existing one sends the ETag it was read with.
  agreements(query?: AgreementsQuery, signal?: AbortSignal): Promise<AgreementCollection>
  /** The agreement as stored now, with the ETag writes need. */
  agreementForEdit(idOrSlug: number | string): Promise<Versioned<AgreementFeature>>
  createAgreement(agreement: AgreementInput): Promise<Versioned<AgreementFeature>>
  updateAgreement(id: number, etag: string, patch: AgreementPatch): Promise<Versioned<AgreementFeature>>
  archiveAgreement(id: number, etag: string): Promise<void>
  /** The dated versions of a zone's outline, oldest first. */
  zoneBoundaries(idOrSlug: number | string, options?: { geometry?: boolean }): Promise<ZoneBoundaries>

  // Parties, accounts and the audit log
  parties(): Promise<Party[]>
  createParty(party: { slug: string; name: string; type: PartyType }): Promise<Party>
  users(): Promise<User[]>
  createUser(user: { username: string; role: UserRole; password: string }): Promise<User>
  updateUser(username: string, changes: { role?: UserRole; disabled?: boolean; password?: string }): Promise<User>
  userTokens(username: string): Promise<ApiTokenInfo[]>
  revokeUserToken(username: string, id: number): Promise<void>
  audit(query?: AuditQuery): Promise<AuditEntry[]>

  // Webhooks (admins): a change to one sends the ETag it was read with.
  webhooks(): Promise<Webhook[]>
  webhook(id: number): Promise<Versioned<Webhook>>
  createWebhook(body: WebhookCreate): Promise<CreatedWebhook>
  updateWebhook(id: number, etag: string, patch: WebhookPatch): Promise<Versioned<Webhook>>
  deleteWebhook(id: number): Promise<void>
  /** A page of the delivery log, newest first; `next` from the previous page for older ones. */
  webhookDeliveries(id: number, next?: string | null): Promise<WebhookDeliveryPage>

  // Incidents (editors): an ACLED or UCDP GED CSV export, checked (dry run) or imported; a refused file is an ApiError whose problem lists `problems`.
  importIncidents(file: Blob, query: { dataset: IncidentDataset; dryRun: boolean; fileName?: string }): Promise<IncidentImportReport>
  incidentImports(): Promise<IncidentImportRecord[]>
}

/** Without a limit asked for, one page of this many zones: it holds the whole of a small dataset. */
export const ZONES_PAGE_LIMIT = 10_000

/** GET /changes is read a page of this many at a time, and no more than MAX_CHANGES in all. */
const CHANGES_PAGE_LIMIT = 1000
const MAX_CHANGES = 10_000

/**
 * GET /incidents is read a page of this many at a time, and no more than MAX_INCIDENTS in all:
 * enough for a month of a busy war, and what a browser clusters without a stall.
 */
const INCIDENTS_PAGE_LIMIT = 10_000
export const MAX_INCIDENTS = 50_000
/** Five decimals of a degree (about a metre) are more than the incidents' places are known to. */
const INCIDENT_COORDINATE_DECIMALS = 5

interface RequestOptions {
  method?: string
  params?: Record<string, string | undefined>
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal | undefined
  /** Bypass the HTTP cache (reads made to edit, or after a change event). */
  fresh?: boolean
  /** A file sent as it is (text/csv), instead of a JSON body. */
  file?: Blob
}

const SAFE_METHODS = new Set(['GET', 'HEAD'])

export function createApi(options: ApiOptions = {}): Api {
  const baseUrl = options.baseUrl ?? window.location.origin
  const fetchImpl = options.fetch ?? window.fetch.bind(window)
  const csrfToken = options.csrfToken ?? (() => null)
  const lang = options.language
  /** The newest data version an answer has named, for `?v=`; null until one has. */
  let dataVersion: number | null = null

  function urlOf(path: string, params: Record<string, string | undefined> = {}): URL {
    const url = new URL(path, baseUrl)
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') url.searchParams.set(name, value)
    return url
  }

  async function send(path: string, request: RequestOptions = {}): Promise<Response> {
    const method = request.method ?? 'GET'
    const url = urlOf(path, request.params)
    const token = csrfToken()
    // Signed in, answers may hold what only editors see: they are never asked for as shared, immutable ones.
    if (method === 'GET' && !request.fresh && !token && dataVersion !== null) url.searchParams.set('v', String(dataVersion))
    const headers: Record<string, string> = { accept: 'application/geo+json, application/json', ...request.headers }
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    if (request.file !== undefined) headers['content-type'] = 'text/csv'
    if (!SAFE_METHODS.has(method) && token) headers['x-csrf-token'] = token
    const response = await fetchImpl(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      ...(request.file !== undefined ? { body: request.file } : {}),
      ...(request.fresh ? { cache: 'no-store' as const } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    })
    if (!response.ok) throw new ApiError(url.pathname + url.search, response.status, await readProblem(response), method)
    const named = response.headers.get('data-version')
    if (named !== null && /^\d+$/.test(named) && Number(named) > (dataVersion ?? -1)) dataVersion = Number(named)
    return response
  }

  async function json<T>(path: string, request: RequestOptions = {}): Promise<T> {
    return (await (await send(path, request)).json()) as T
  }

  async function versioned<T>(path: string, request: RequestOptions = {}): Promise<Versioned<T>> {
    const response = await send(path, request)
    const etag = response.headers.get('etag')
    if (!etag) throw new Error(`${request.method ?? 'GET'} ${path} answered without an ETag`)
    return { value: (await response.json()) as T, etag }
  }

  const zonePath = (idOrSlug: number | string, rest = '') => `/zones/${encodeURIComponent(String(idOrSlug))}${rest}`
  const agreementPath = (idOrSlug: number | string) => `/agreements/${encodeURIComponent(String(idOrSlug))}`
  const ifMatch = (etag: string) => ({ 'if-match': etag })

  function zonesParams(query: ZonesQuery): Record<string, string | undefined> {
    return {
      status: query.status?.join(','),
      kind: query.kind?.join(','),
      sponsor: query.sponsor?.join(','),
      as_of: query.asOf ?? undefined,
      q: query.q,
      limit: String(query.limit ?? ZONES_PAGE_LIMIT),
      bbox: query.bbox?.join(','),
      zoom: query.zoom === undefined ? undefined : String(query.zoom),
      geometry: query.geometry === false ? 'false' : undefined,
      properties: query.properties?.join(','),
      archived: query.archived ? 'true' : undefined,
      recorded_as_of: query.recordedAsOf ?? undefined,
      lang,
    }
  }

  return {
    zones(query = {}, signal) {
      // The archived zones are an admin's own answer (private, no-cache): always asked afresh.
      return json<ZoneCollection>('/zones', { params: zonesParams(query), signal, ...(query.archived ? { fresh: true } : {}) })
    },
    zone(idOrSlug, asOf, signal, recordedAsOf) {
      return json<ZoneFeature>(zonePath(idOrSlug), { params: { as_of: asOf ?? undefined, recorded_as_of: recordedAsOf ?? undefined, lang }, signal, fresh: true })
    },
    history(idOrSlug, signal, recordedAsOf) {
      return json<ZoneHistory>(zonePath(idOrSlug, '/history'), { params: { recorded_as_of: recordedAsOf ?? undefined }, signal })
    },
    boundaries(idOrSlug, recordedAsOf, signal) {
      return json<ZoneBoundaries>(zonePath(idOrSlug, '/boundaries'), { params: { include: 'superseded', recorded_as_of: recordedAsOf ?? undefined }, signal })
    },
    async changes(query, signal) {
      const params = {
        from: query.from,
        to: query.to,
        kind: query.kind?.join(','),
        sponsor: query.sponsor?.join(','),
        recorded_as_of: query.recordedAsOf ?? undefined,
        limit: String(CHANGES_PAGE_LIMIT),
      }
      const first = await json<ChangeList>('/changes', { params, signal })
      const changes = [...first.changes]
      let next = first.links.find((link) => link.rel === 'next')?.href
      while (next && changes.length < MAX_CHANGES) {
        const url = new URL(next, baseUrl)
        const page = await json<ChangeList>(url.pathname, { params: Object.fromEntries(url.searchParams), signal })
        changes.push(...page.changes)
        next = page.links.find((link) => link.rel === 'next')?.href
      }
      return { ...first, changes }
    },
    clientConfig(signal) {
      return json<ClientConfig>('/client-config.json', { signal })
    },
    async incidents(window, signal) {
      const params = {
        from: window.from,
        to: window.to,
        limit: String(INCIDENTS_PAGE_LIMIT),
        properties: INCIDENT_MAP_PROPERTIES.join(','),
        precision: String(INCIDENT_COORDINATE_DECIMALS),
      }
      let page = await json<IncidentPage>('/incidents', { params, signal })
      const features = [...page.features]
      let next = page.links?.find((link) => link.rel === 'next')?.href
      while (next && features.length < MAX_INCIDENTS) {
        const url = new URL(next, baseUrl)
        page = await json<IncidentPage>(url.pathname, { params: Object.fromEntries(url.searchParams), signal })
        features.push(...page.features)
        next = page.links?.find((link) => link.rel === 'next')?.href
      }
      return { features: features.slice(0, MAX_INCIDENTS), capped: Boolean(next) || features.length > MAX_INCIDENTS }
    },
    zoneIncidents(idOrSlug, asOf, signal) {
      return json<ZoneIncidents>(zonePath(idOrSlug, '/incidents'), { params: { as_of: asOf }, signal })
    },
    exportUrl(query, format) {
      const url = urlOf('/zones', { ...zonesParams(query), format: format === 'geojson' ? undefined : format })
      return url.origin === window.location.origin ? url.pathname + url.search : url.href
    },

    me() {
      return json<Me>('/auth/me', { fresh: true })
    },
    login(username, password) {
      return json<Me>('/auth/login', { method: 'POST', body: { username, password } })
    },
    async logout() {
      await send('/auth/logout', { method: 'POST' })
    },

    zoneForEdit(idOrSlug) {
      return versioned<ZoneFeature>(zonePath(idOrSlug), { fresh: true })
    },
    changeStatus(id, etag, body) {
      return versioned<ZoneFeature>(zonePath(id, '/status'), { method: 'POST', headers: ifMatch(etag), body })
    },
    undoStatusChange(id, etag, reason) {
      return versioned<ZoneFeature>(zonePath(id, '/status/undo'), { method: 'POST', headers: ifMatch(etag), body: { reason } })
    },
    updateZone(id, etag, patch) {
      return versioned<ZoneFeature>(zonePath(id), { method: 'PATCH', headers: ifMatch(etag), body: patch })
    },
    createZone(feature) {
      return versioned<ZoneFeature>('/zones', { method: 'POST', body: feature })
    },
    async archiveZone(id, etag) {
      const response = await send(zonePath(id), { method: 'DELETE', headers: ifMatch(etag) })
      return response.headers.get('etag') ?? ''
    },
    restoreZone(id, etag) {
      return versioned<ZoneFeature>(zonePath(id, '/restore'), { method: 'POST', headers: ifMatch(etag) })
    },
    importZones(collection, dryRun) {
      return json<ImportDryRun | ImportCreated>('/zones/import', { method: 'POST', params: { dry_run: String(dryRun) }, body: collection })
    },

    agreements(query = {}, signal) {
      return json<AgreementCollection>('/agreements', {
        params: {
          zone: query.zone === undefined ? undefined : String(query.zone),
          q: query.q,
          limit: query.limit === undefined ? undefined : String(query.limit),
          geometry: query.geometry === false ? 'false' : undefined,
        },
        signal,
        fresh: true,
      })
    },
    agreementForEdit(idOrSlug) {
      return versioned<AgreementFeature>(agreementPath(idOrSlug), { fresh: true })
    },
    createAgreement(agreement) {
      return versioned<AgreementFeature>('/agreements', { method: 'POST', body: agreement })
    },
    updateAgreement(id, etag, patch) {
      return versioned<AgreementFeature>(agreementPath(id), { method: 'PATCH', headers: ifMatch(etag), body: patch })
    },
    async archiveAgreement(id, etag) {
      await send(agreementPath(id), { method: 'DELETE', headers: ifMatch(etag) })
    },
    zoneBoundaries(idOrSlug, options = {}) {
      return json<ZoneBoundaries>(zonePath(idOrSlug, '/boundaries'), { params: { geometry: options.geometry ? 'true' : undefined }, fresh: true })
    },

    parties() {
      return json<Party[]>('/parties', { fresh: true })
    },
    createParty(party) {
      return json<Party>('/parties', { method: 'POST', body: party })
    },
    users() {
      return json<User[]>('/users', { fresh: true })
    },
    createUser(user) {
      return json<User>('/users', { method: 'POST', body: user })
    },
    updateUser(username, changes) {
      return json<User>(`/users/${encodeURIComponent(username)}`, { method: 'PATCH', body: changes })
    },
    userTokens(username) {
      return json<ApiTokenInfo[]>(`/users/${encodeURIComponent(username)}/tokens`, { fresh: true })
    },
    async revokeUserToken(username, id) {
      await send(`/users/${encodeURIComponent(username)}/tokens/${id}`, { method: 'DELETE' })
    },
    audit(query = {}) {
      return json<AuditEntry[]>('/audit', {
        params: { zone: query.zone, user: query.user, from: query.from, to: query.to, limit: query.limit === undefined ? undefined : String(query.limit) },
        fresh: true,
      })
    },

    webhooks() {
      return json<Webhook[]>('/webhooks', { fresh: true })
    },
    webhook(id) {
      return versioned<Webhook>(`/webhooks/${id}`, { fresh: true })
    },
    createWebhook(body) {
      return json<CreatedWebhook>('/webhooks', { method: 'POST', body })
    },
    updateWebhook(id, etag, patch) {
      return versioned<Webhook>(`/webhooks/${id}`, { method: 'PATCH', headers: ifMatch(etag), body: patch })
    },
    async deleteWebhook(id) {
      await send(`/webhooks/${id}`, { method: 'DELETE' })
    },
    webhookDeliveries(id, next) {
      return json<WebhookDeliveryPage>(next ?? `/webhooks/${id}/deliveries`, { fresh: true })
    },
    importIncidents(file, query) {
      const params = { dataset: query.dataset, dry_run: String(query.dryRun), file_name: query.fileName }
      return json<IncidentImportReport>('/incidents/imports', { method: 'POST', params, file })
    },
    async incidentImports() {
      return (await json<{ imports: IncidentImportRecord[] }>('/incidents/imports', { fresh: true })).imports
    },
  }
}

async function readProblem(response: Response): Promise<ProblemBody | null> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return null
  try {
    return (await response.json()) as ProblemBody
  } catch {
    return null
  }
}
