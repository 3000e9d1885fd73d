import type { FastifyRequest } from 'fastify'

/** The absolute URL of the service root, for links: PUBLIC_URL when configured, else from the request. */
export function baseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '')
  return `${request.protocol}://${request.host}`
}

/** The request's own URL with some query parameters replaced (or removed, with undefined). */
export function urlWith(request: FastifyRequest, root: string, changes: Record<string, string | undefined>): string {
  const url = new URL(request.url, 'http://placeholder')
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) url.searchParams.delete(name)
    else url.searchParams.set(name, value)
  }
  return `${root}${url.pathname}${url.search}`
}
