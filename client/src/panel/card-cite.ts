import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'

/** What the citation describes: the zone, the map's date (null: today) and the record pinned by the link (null: now). */
export interface CiteTarget {
  slug: string
  date: string | null
  recorded: string | null | undefined
}

const DOWNLOADS = [
  { format: 'bibtex', label: 'BibTeX' },
  { format: 'ris', label: 'RIS' },
  { format: 'csl-json', label: 'CSL-JSON' },
] as const

/** The API address of the citation in a format, for the card's date and record. */
export function citeUrl(target: CiteTarget, format: 'text' | (typeof DOWNLOADS)[number]['format']): string {
  const params = new URLSearchParams({ format })
  if (target.date) params.set('as_of', target.date)
  if (target.recorded) params.set('recorded_as_of', target.recorded)
  return `/zones/${encodeURIComponent(target.slug)}/cite?${params}`
}

/**
 * The card's "Cite": a disclosure with the citation as text, exactly as GET /zones/{id}/cite writes it
 * (asked for when first opened), a button to copy it and downloads for reference managers.
 */
export function citeSection(target: CiteTarget): HTMLElement {
  const text = el('p', { class: 'ta-cite-text', 'aria-live': 'polite' }, t('cite.loading'))
  const copy = el('button', { type: 'button', class: 'ta-button ta-cite-copy', disabled: true }, t('cite.copy'))
  const status = el('span', { class: 'ta-cite-status', role: 'status' })
  const downloads = DOWNLOADS.map(({ format, label }) => {
    const link = el('a', { class: 'ta-cite-download', 'data-format': format, href: citeUrl(target, format), download: '' }, label)
    link.setAttribute('aria-label', t('cite.download', { format: label }))
    return el('li', {}, link)
  })
  const details = el(
    'details',
    { class: 'ta-card-section ta-card-cite' },
    el('summary', {}, t('cite.title')),
    text,
    el('div', { class: 'ta-cite-actions' }, copy, status),
    el('p', { class: 'ta-cite-downloads' }, t('cite.downloads'), ' ', el('ul', {}, ...downloads)),
  )
  let citation: string | null = null
  details.addEventListener('toggle', () => {
    if (!details.open || citation !== null) return
    citation = ''
    void fetch(citeUrl(target, 'text'), { headers: { accept: 'text/plain' }, credentials: 'same-origin' })
      .then(async (response) => {
        if (!response.ok) throw new Error(`${response.status}`)
        citation = await response.text()
        text.textContent = citation
        copy.disabled = false
      })
      .catch(() => {
        citation = null // opening again tries again
        text.textContent = t('cite.failed')
      })
  })
  copy.addEventListener('click', () => {
    if (!citation) return
    navigator.clipboard.writeText(citation).then(
      () => (status.textContent = t('cite.copied')),
      () => (status.textContent = t('cite.copyFailed')),
    )
  })
  return details
}
