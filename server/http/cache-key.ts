import type { FastifyRequest } from 'fastify'
import { baseUrl } from './base-url.ts'

/** A longer address or header is answered without the cache: hostile keys cannot fill it. */
export const MAX_CACHE_KEY_LENGTH = 4096

/** Names that decode to themselves: sorting them cannot swap two spellings of the same name. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]*$/

/**
 * What an answer depends on besides the data: the root its links are written with, the
 * representation asked for (Accept, Accept-Language) and the address, its query parameters in
 * name order (the values of a repeated name keep their order). Null when too long to keep.
 *
 *   cacheKey(request, undefined) // 'http://localhost:3000\napplication/json\nen\n/zones?limit=10&status=active'
 */
export function cacheKey(request: FastifyRequest, publicUrl: string | undefined): string | null {
  const url = request.url
  const mark = url.indexOf('?')
  const path = mark === -1 ? url : url.slice(0, mark)
  const query = mark === -1 ? '' : url.slice(mark + 1)
  // Lines apart: no header or address holds a line break, so no two requests share a key by accident.
  const key = [baseUrl(request, publicUrl), request.headers.accept ?? '', request.headers['accept-language'] ?? '', `${path}?${sortedQuery(query)}`].join('\n')
  return key.length > MAX_CACHE_KEY_LENGTH ? null : key
}

function sortedQuery(query: string): string {
  const pairs = query.split('&').map((pair) => ({ pair, name: pair.split('=', 1)[0]! }))
  // An encoded name might equal another spelled plainly; such a query is kept as it came.
  if (pairs.some(({ name }) => !PLAIN_NAME.test(name))) return query
  return pairs
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ pair }) => pair)
    .join('&')
}
