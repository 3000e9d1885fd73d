import { CITATION_FORMATS, CITATION_MEDIA_TYPES, type CitationFormat } from '../export/citation.ts'

/**
 * The citation format a request asks for: `format=` first, else the media type the Accept header
 * prefers among the formats' (text/plain for none of them, as for `*\/*`).
 *
 *   citationFormat(undefined, 'application/x-bibtex, text/plain;q=0.5') // 'bibtex'
 *   citationFormat('ris', 'application/x-bibtex')                       // 'ris'
 */
export function citationFormat(asked: CitationFormat | undefined, accept: string | undefined): CitationFormat {
  if (asked) return asked
  let best: { format: CitationFormat; q: number } = { format: 'text', q: 0 }
  // The header is bounded by the server's header limit; only its first hundred entries are read.
  for (const part of (accept ?? '').split(',').slice(0, 100)) {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const qText = parameters.find((parameter) => parameter.startsWith('q='))?.slice(2)
    const q = qText === undefined ? 1 : Number(qText)
    const format = CITATION_FORMATS.find((candidate) => CITATION_MEDIA_TYPES[candidate] === type)
    if (format && Number.isFinite(q) && q > best.q) best = { format, q }
  }
  return best.format
}
