import type { FastifyRequest } from 'fastify'

/**
 * Which representation a request asks for: `f=json|html` first, else the Accept header. HTML only
 * when the client prefers text/html to JSON (browsers do); curl, GDAL and QGIS get JSON.
 *
 *   Accept: text/html,application/xhtml+xml,...,*\/*;q=0.8  -> 'html'
 *   Accept: application/geo+json, application/json         -> 'json'
 */
export type OgcFormat = 'json' | 'html'

export const FORMATS = ['json', 'html'] as const

interface Preference {
  type: string
  q: number
}

function preferences(accept: string): Preference[] {
  return accept.split(',').map((part) => {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const q = parameters.find((parameter) => parameter.startsWith('q='))
    const quality = q ? Number(q.slice(2)) : 1
    return { type, q: Number.isFinite(quality) ? quality : 0 }
  })
}

/** The highest quality the Accept header gives any of these types (wildcards too, when they count). */
function quality(list: Preference[], types: readonly string[], wildcards: boolean): number {
  let best = 0
  for (const { type, q } of list) {
    const wildcard = wildcards && (type === '*/*' || types.some((candidate) => type === `${candidate.split('/')[0]}/*`))
    if (types.includes(type) || wildcard) best = Math.max(best, q)
  }
  return best
}

const JSON_TYPES = ['application/json', 'application/geo+json', 'application/schema+json', 'application/vnd.oai.openapi+json']

export function chooseFormat(request: FastifyRequest): OgcFormat {
  const f = (request.query as { f?: string } | undefined)?.f
  if (f === 'html' || f === 'json') return f
  const accept = request.headers.accept
  if (!accept) return 'json'
  const list = preferences(accept)
  const html = quality(list, ['text/html'], false)
  return html > 0 && html > quality(list, JSON_TYPES, true) ? 'html' : 'json'
}
