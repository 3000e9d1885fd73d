import type { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'

/** Content types of /ogc responses; JSON flavours say which JSON they are. */
export const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  schema: 'application/schema+json; charset=utf-8',
  // With its charset, or Fastify rewrites it as version="3.0", which GDAL does not recognise.
  openapi: 'application/vnd.oai.openapi+json;version=3.0; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const

/** For pages with no script and no inline style; a CSP set by the server (helmet) is left as it is. */
const HTML_POLICY = "default-src 'none'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/**
 * Sends a body already serialised (JSON written by PostgreSQL or JSON.stringify, or HTML), or a
 * stream of it. The representation depends on the Accept header, so caches are told so.
 */
export function send(reply: FastifyReply, type: keyof typeof CONTENT_TYPES, body: string | Buffer | Readable): FastifyReply {
  // Kept beside what the route has said it varies on (Accept-Language, for the names' language).
  const vary = reply.getHeader('vary')
  const varies = typeof vary === 'string' && vary !== '' ? vary.split(',').map((name) => name.trim()) : []
  if (!varies.some((name) => name.toLowerCase() === 'accept')) varies.unshift('Accept')
  void reply.header('vary', varies.join(', '))
  if (type === 'html') {
    if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', HTML_POLICY)
    void reply.header('x-content-type-options', 'nosniff')
  }
  return reply.type(CONTENT_TYPES[type]).send(body)
}
