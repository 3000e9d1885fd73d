import type { CitedSource } from '../api-types.ts'
import { formatDatesIn } from '../dates.ts'
import { append, el, externalLink, safeHttpUrl } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { sourceGrade } from './source-grade.ts'

/** A citation key in brackets, as the API leaves it in public text: [S6], [R12], [S8b]. */
const CITATION = /\s*\[([A-Za-z]{1,3}\d{1,4}[a-z]?)\]/g

/**
 * Footnotes for texts that cite sources by key. Each text is turned into nodes in which a cited
 * key becomes a superscript number linking to the source's URL, numbered in order of first
 * citation across the texts of one Footnotes; a key with no source (or no http(s) URL) is dropped.
 * `list()` then gives the numbered sources. Dates in the text read as the page writes them
 * (formatDatesIn). Everything goes in as text (see dom.ts).
 *
 *   const notes = new Footnotes(feature.properties.citations)
 *   card.append(el('p', {}, ...notes.text('Signed on 4 May 2017 [S1].')), notes.list())
 */
export class Footnotes {
  readonly #sources: Map<string, CitedSource & { url: string }>
  readonly #numbers = new Map<string, number>()

  constructor(citations: readonly CitedSource[] | undefined) {
    this.#sources = new Map()
    for (const source of citations ?? []) {
      const url = safeHttpUrl(source.url)
      if (url) this.#sources.set(source.key, { ...source, url })
    }
  }

  /** The text as nodes, with each citation a superscript link to its source. */
  text(text: string): Node[] {
    const nodes: Node[] = []
    let last = 0
    let lastMarkEnd = -1
    for (const match of text.matchAll(CITATION)) {
      const between = formatDatesIn(text.slice(last, match.index))
      const source = this.#sources.get(match[1]!)
      last = match.index + match[0].length
      if (!source) {
        nodes.push(document.createTextNode(between))
        continue
      }
      // Marks side by side ("[R49] [R50]") read as one number unless a comma parts them.
      nodes.push(between === '' && match.index === lastMarkEnd ? el('sup', { class: 'ta-cite-mark' }, ',') : document.createTextNode(between))
      lastMarkEnd = last
      const number = this.#numbers.get(source.key) ?? this.#numbers.size + 1
      this.#numbers.set(source.key, number)
      const link = el('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer', class: 'ta-cite', title: source.title, 'aria-label': t('card.sourceNumber', { number, title: source.title }) }, String(number))
      nodes.push(el('sup', { class: 'ta-cite-mark' }, link))
    }
    nodes.push(document.createTextNode(formatDatesIn(text.slice(last))))
    return nodes
  }

  /** The sources cited so far, numbered as in the texts; null when none was. */
  list(): HTMLOListElement | null {
    if (this.#numbers.size === 0) return null
    const list = el('ol', { class: 'ta-footnotes', 'aria-label': t('card.sourcesCited') })
    for (const [key, number] of [...this.#numbers.entries()].sort((a, b) => a[1] - b[1])) {
      const source = this.#sources.get(key)!
      append(list, el('li', { value: number }, externalLink(source.title, source.url), source.publisher ? ` — ${source.publisher}` : null, sourceGrade(source.reliability)))
    }
    return list
  }
}
