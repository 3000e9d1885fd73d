import type { Kind } from '../../server/domain/kinds.ts'
import type { Status } from '../../server/domain/statuses.ts'
import type { ClientConfig, ProblemBody, ZoneCollection, ZoneFeature, ZoneHistory } from './api-types.ts'

/**
 * The one typed fetch wrapper of the client: every call to the API goes through here, and nothing
 * here touches the DOM. Errors come back as ApiError carrying the server's problem details.
 */

export class ApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly problem: ProblemBody | null,
  ) {
    super(problem ? `${problem.title}: ${problem.detail}` : `GET ${url} failed with HTTP ${status}`)
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
  limit?: number
}

export interface ApiOptions {
  /** Where the API lives. Default: the page's own origin. */
  baseUrl?: string
  fetch?: typeof fetch
}

export interface Api {
  zones(query?: ZonesQuery, signal?: AbortSignal): Promise<ZoneCollection>
  zone(idOrSlug: number | string, asOf?: string | null, signal?: AbortSignal): Promise<ZoneFeature>
  history(idOrSlug: number | string, signal?: AbortSignal): Promise<ZoneHistory>
  clientConfig(signal?: AbortSignal): Promise<ClientConfig>
}

/** The dataset is small; one page of this many zones holds all of it. */
export const ZONES_PAGE_LIMIT = 10_000

export function createApi(options: ApiOptions = {}): Api {
  const baseUrl = options.baseUrl ?? window.location.origin
  const fetchImpl = options.fetch ?? window.fetch.bind(window)

  async function getJson<T>(path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
    const url = new URL(path, baseUrl)
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') url.searchParams.set(name, value)
    const response = await fetchImpl(url, { headers: { accept: 'application/geo+json, application/json' }, ...(signal ? { signal } : {}) })
    if (!response.ok) throw new ApiError(url.pathname + url.search, response.status, await readProblem(response))
    return (await response.json()) as T
  }

  return {
    zones(query = {}, signal) {
      return getJson<ZoneCollection>(
        '/zones',
        {
          status: query.status?.join(','),
          kind: query.kind?.join(','),
          sponsor: query.sponsor?.join(','),
          as_of: query.asOf ?? undefined,
          q: query.q,
          limit: String(query.limit ?? ZONES_PAGE_LIMIT),
        },
        signal,
      )
    },
    zone(idOrSlug, asOf, signal) {
      return getJson<ZoneFeature>(`/zones/${encodeURIComponent(String(idOrSlug))}`, { as_of: asOf ?? undefined }, signal)
    },
    history(idOrSlug, signal) {
      return getJson<ZoneHistory>(`/zones/${encodeURIComponent(String(idOrSlug))}/history`, {}, signal)
    },
    clientConfig(signal) {
      return getJson<ClientConfig>('/client-config.json', {}, signal)
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
