import type { ZoneChange } from '../api-types.ts'
import { formatDate } from '../dates.ts'
import { el, externalLink, replaceChildren } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { STATUS_LABELS } from '../labels.ts'
import { formatArea } from './area.ts'
import { Footnotes } from './footnotes.ts'

export interface ChangeListOptions {
  /** A change's zone was chosen: show it. */
  onSelect: (slug: string) => void
  onHover?: (slug: string | null) => void
}

/**
 * Compare mode's list beside the map: every change between the two dates, oldest first (GET
 * /changes): its date as precisely as it is known, the zone, what changed, the area gained and
 * lost, the agreement it cites and its sources. Choosing an entry shows its zone. Text goes in as
 * text (dom.ts).
 */
export class ChangeList {
  readonly element: HTMLElement
  readonly #options: ChangeListOptions
  readonly #heading: HTMLElement
  readonly #status: HTMLElement
  readonly #list: HTMLOListElement

  constructor(options: ChangeListOptions) {
    this.#options = options
    this.#heading = el('h2', { class: 'ta-changes-heading' }, t('changes.heading'))
    this.#status = el('p', { class: 'ta-changes-count', role: 'status' })
    this.#list = el('ol', { class: 'ta-changes', 'aria-label': t('changes.label') })
    this.element = el('section', { class: 'ta-changes-wrap', 'aria-labelledby': uniqueHeading(this.#heading), hidden: true }, this.#heading, this.#status, this.#list)
    this.#list.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-zone]') : null
      const slug = button?.getAttribute('data-zone')
      if (slug) options.onSelect(slug)
    })
    if (options.onHover) {
      const hover = options.onHover
      this.#list.addEventListener('mouseover', (event) => hover(event.target instanceof Element ? (event.target.closest('[data-zone]')?.getAttribute('data-zone') ?? null) : null))
      this.#list.addEventListener('mouseleave', () => hover(null))
    }
  }

  /** While the changes load. */
  loading(from: string, to: string): void {
    this.#setHeading(from, to)
    this.#status.textContent = t('changes.loading')
    this.#status.classList.remove('ta-error')
    this.#list.replaceChildren()
  }

  failed(from: string, to: string, error: unknown): void {
    this.#setHeading(from, to)
    this.#status.textContent = t('changes.failed', { reason: error instanceof Error ? error.message : String(error) })
    this.#status.classList.add('ta-error')
    this.#list.replaceChildren()
  }

  render(from: string, to: string, changes: readonly ZoneChange[], selected: string | null): void {
    this.#setHeading(from, to)
    this.#status.classList.remove('ta-error')
    this.#status.textContent = changes.length === 0 ? t('changes.none') : t('changes.count', { count: changes.length })
    replaceChildren(this.#list, ...changes.map((change) => changeItem(change, selected)))
  }

  /** Puts the keyboard focus on the first entry of a zone (after its card is closed). */
  focus(slug: string): boolean {
    const button = this.#list.querySelector<HTMLButtonElement>(`button[data-zone="${CSS.escape(slug)}"]`)
    button?.focus()
    return Boolean(button)
  }

  #setHeading(from: string, to: string): void {
    this.#heading.textContent = t('changes.headingDates', { from: formatDate(from), to: formatDate(to) })
  }
}

let headings = 0
function uniqueHeading(heading: HTMLElement): string {
  heading.id = `ta-changes-heading-${++headings}`
  return heading.id
}

function changeItem(change: ZoneChange, selected: string | null): HTMLElement {
  const zone = change.zone
  const date = el('time', { datetime: change.date, class: 'ta-change-date' }, formatDate(change.date, change.date_precision))
  const what = el('span', { class: 'ta-change-what' }, describe(change))
  const agreementLink = change.agreement ? el('a', { href: `/agreements/${encodeURIComponent(change.agreement.slug)}` }, change.agreement.title) : null
  // A change of no zone is an agreement's own: its title, a link to it, heads the entry.
  const head = zone
    ? el('button', { type: 'button', class: 'ta-change-zone', 'data-zone': zone.slug, 'aria-current': zone.slug === selected ? 'true' : null }, date, el('span', { class: 'ta-change-name' }, zone.name), what)
    : el('p', { class: 'ta-change-zone' }, date, agreementLink ? el('span', { class: 'ta-change-name' }, agreementLink) : null, what)
  const area = areaText(change)
  // The API leaves the keys of the sources a text cites ([S15]); the sources are listed below it.
  const reason = change.reason ? new Footnotes(undefined).text(change.reason) : null
  return el(
    'li',
    { class: 'ta-change', 'data-change-type': change.type, 'data-change-id': change.id, 'data-zone': zone?.slug ?? null },
    head,
    reason ? el('p', { class: 'ta-change-reason' }, ...reason) : null,
    area ? el('p', { class: 'ta-change-area' }, area) : null,
    zone && agreementLink ? el('p', { class: 'ta-change-agreement' }, `${t('changes.following')} `, agreementLink) : null,
    change.sources.length ? el('ul', { class: 'ta-sources', 'aria-label': t('changes.sources') }, ...change.sources.map((source) => el('li', { class: 'ta-source' }, externalLink(source.title, source.url)))) : null,
  )
}

/** "Proposed → Active", "Appeared: proposed", "Active → Collapsed (ended)", "Outline changed", "Agreement signed". */
export function describe(change: ZoneChange): string {
  const to = change.to_status ? STATUS_LABELS[change.to_status] : null
  const from = change.from_status ? STATUS_LABELS[change.from_status] : null
  switch (change.type) {
    case 'appeared':
      return to ? t('changes.appearedAs', { status: to.toLowerCase() }) : t('changes.appeared')
    case 'ended':
      return from && to ? t('changes.endedFromTo', { from, to }) : to ? t('changes.endedAs', { status: to.toLowerCase() }) : t('changes.ended')
    case 'status':
      return from && to ? t('changes.fromTo', { from, to }) : to ? t('changes.statusAs', { status: to }) : t('changes.statusChanged')
    case 'boundary':
      return t('changes.outline')
    case 'agreement':
      return change.zone ? t('changes.agreementSigned') : t('changes.signed')
  }
}

/** "Area gained 120 km², lost 30 km² (now about 4,000 km²)"; null when the change moved no outline. */
function areaText(change: ZoneChange): string | null {
  const gained = change.area_gained_km2
  const lost = change.area_lost_km2
  if (gained === null && lost === null) return null
  const parts = [gained !== null ? t('changes.areaGained', { area: formatArea(gained) }) : null, lost !== null ? t('changes.areaLost', { area: formatArea(lost) }) : null].filter(Boolean).join(t('changes.separator'))
  return change.area_km2_after !== null ? t('changes.areaNow', { parts, after: formatArea(change.area_km2_after) }) : t('changes.area', { parts })
}
