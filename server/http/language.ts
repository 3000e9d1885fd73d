import type { FastifyReply, FastifyRequest } from 'fastify'
import { LANGUAGES, type Language } from '../domain/languages.ts'

/**
 * The language a read's names are in: `lang=` when given, else the language the Accept-Language
 * header prefers among those the Atlas has (ar, en; a region such as ar-SY counts as ar), else English.
 *
 *   Accept-Language: ar-SY,ar;q=0.9,en;q=0.8  -> 'ar'
 *   Accept-Language: fr, en;q=0.5              -> 'en'
 */
export function requestLanguage(request: FastifyRequest, lang: Language | undefined): Language {
  if (lang !== undefined) return lang
  const header = request.headers['accept-language']
  if (typeof header !== 'string' || header.length > 1000) return 'en'
  let best: { language: Language; q: number } = { language: 'en', q: 0 }
  for (const part of header.split(',')) {
    const [tag = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const language = LANGUAGES.find((candidate) => tag === candidate || tag.startsWith(`${candidate}-`))
    if (!language) continue
    const qText = parameters.find((parameter) => parameter.startsWith('q='))?.slice(2)
    const q = qText === undefined ? 1 : Number(qText)
    if (Number.isFinite(q) && q > best.q) best = { language, q }
  }
  return best.language
}

/** Says which language the names are in, and that the answer depends on Accept-Language (for caches). */
export function sendsLanguage(reply: FastifyReply, language: Language): void {
  void reply.header('content-language', language)
  const vary = reply.getHeader('vary')
  const varied = typeof vary === 'string' && vary.length > 0 ? vary.split(',').map((name) => name.trim()) : []
  if (!varied.some((name) => name.toLowerCase() === 'accept-language')) void reply.header('vary', [...varied, 'Accept-Language'].join(', '))
}
