import type { LinkBuilder, OgcLink } from './links.ts'
import type { OgcFormat } from './format.ts'

/**
 * Offset paging of /items: `limit` features from `offset`, in id order. A limit above the maximum is
 * served as the maximum (OGC API - Features recommends that over an error); next and prev links keep
 * every other query parameter.
 */
export const DEFAULT_LIMIT = 10
export const MAX_LIMIT = 10_000
export const MAX_OFFSET = 1_000_000_000

export function effectiveLimit(requested: number): number {
  return Math.min(requested, MAX_LIMIT)
}

export interface PageWindow {
  limit: number
  offset: number
  /** Whether features remain after this page. */
  more: boolean
  /** Whether this page has features: a page past the end has none, and no page before it to go back to. */
  empty: boolean
}

/** `next` while features remain after this page; `prev` unless this page starts at 0 or lies past the end. */
export function pageLinks(links: LinkBuilder, format: OgcFormat, jsonType: string, { limit, offset, more, empty }: PageWindow): OgcLink[] {
  const type = format === 'html' ? 'text/html' : jsonType
  // Pages for people link pages for people, whether the first one was chosen by f=html or by Accept.
  const f = format === 'html' ? { f: 'html' } : {}
  const result: OgcLink[] = []
  if (more) {
    result.push({ rel: 'next', type, title: 'Next page', href: links.here({ ...f, offset: String(offset + limit), limit: String(limit) }) })
  }
  if (offset > 0 && !empty) {
    const previous = Math.max(0, offset - limit)
    result.push({ rel: 'prev', type, title: 'Previous page', href: links.here({ ...f, offset: previous === 0 ? undefined : String(previous), limit: String(limit) }) })
  }
  return result
}
