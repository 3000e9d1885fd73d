import type { DatePrecision, ZoneFeature } from '../api-types.ts'
import { statusSwatch } from '../controls/legend-control.ts'
import { formatDate } from '../dates.ts'
import { el, replaceChildren } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { KIND_LABELS, STATUS_LABELS } from '../labels.ts'

export interface ZoneListOptions {
  onSelect: (slug: string) => void
  /** The pointer or the keyboard focus is on a zone (null when it leaves). */
  onHover: (slug: string | null) => void
  /** How precisely a zone's date is known (from its history); 'day' when unknown. */
  precisionOf?: (slug: string, date: string) => DatePrecision
}

/** The list shows this many zones at first, and this many more each time more are asked for. */
export const LIST_PAGE = 200

/**
 * The list of the zones that pass the filters, as buttons: hovering or focusing one highlights it
 * on the map, activating it opens its card. Zones without a published location are listed too.
 * A long list (thousands of zones) shows its first LIST_PAGE entries and a button for more, so a
 * redraw (on every selection or filter change) stays quick.
 */
export class ZoneList {
  readonly element: HTMLElement
  readonly #options: ZoneListOptions
  readonly #count: HTMLElement
  readonly #list: HTMLUListElement
  readonly #more: HTMLElement
  #items = new Map<string, HTMLElement>()
  #zones: readonly ZoneFeature[] = []
  #selected: string | null = null
  #shown = LIST_PAGE

  constructor(options: ZoneListOptions) {
    this.#options = options
    this.#count = el('p', { class: 'ta-list-count', role: 'status' })
    this.#list = el('ul', { class: 'ta-zone-list', 'aria-label': t('list.label') })
    this.#more = el('div', { class: 'ta-list-more', hidden: true })
    this.element = el('div', { class: 'ta-zone-list-wrap' }, this.#count, this.#list, this.#more)
    this.#list.addEventListener('click', (event) => {
      const slug = this.#slugOf(event.target)
      if (slug) this.#options.onSelect(slug)
    })
    this.#list.addEventListener('mouseover', (event) => this.#options.onHover(this.#slugOf(event.target)))
    this.#list.addEventListener('mouseleave', () => this.#options.onHover(null))
    this.#list.addEventListener('focusin', (event) => this.#options.onHover(this.#slugOf(event.target)))
    this.#list.addEventListener('focusout', () => this.#options.onHover(null))
  }

  render(zones: readonly ZoneFeature[], total: number, selected: string | null): void {
    this.#zones = zones
    this.#selected = selected
    this.#items = new Map()
    this.#count.textContent = zones.length === total ? t('list.count', { total }) : t('list.countFiltered', { shown: zones.length, total })
    replaceChildren(this.#list, ...zones.slice(0, this.#shown).map((zone) => this.#item(zone)))
    if (zones.length === 0) this.#list.appendChild(el('li', { class: 'ta-empty' }, t('list.empty')))
    this.#renderMore()
  }

  highlight(slug: string | null): void {
    for (const [itemSlug, item] of this.#items) item.classList.toggle('is-hovered', itemSlug === slug)
  }

  /** Focuses the zone's button, e.g. after its card closes; lists more first if it is further down. */
  focus(slug: string): void {
    const index = this.#zones.findIndex((zone) => zone.properties.slug === slug)
    if (index >= this.#shown) this.#showUpTo(Math.ceil((index + 1) / LIST_PAGE) * LIST_PAGE)
    this.#items.get(slug)?.querySelector('button')?.focus()
  }

  /** Appends the next entries (up to `count` in all) without redrawing those already listed. */
  #showUpTo(count: number): void {
    const more = this.#zones.slice(this.#shown, count)
    this.#shown = Math.max(this.#shown, count)
    this.#list.append(...more.map((zone) => this.#item(zone)))
    this.#renderMore()
  }

  #renderMore(): void {
    const listed = Math.min(this.#shown, this.#zones.length)
    const hidden = this.#zones.length - listed
    this.#more.hidden = hidden === 0
    if (hidden === 0) {
      this.#more.replaceChildren()
      return
    }
    const next = Math.min(LIST_PAGE, hidden)
    const button = el('button', { type: 'button', class: 'ta-button ta-list-more-button' }, t('list.more', { count: next }))
    button.addEventListener('click', () => {
      const first = this.#zones[this.#shown]?.properties.slug
      this.#showUpTo(this.#shown + LIST_PAGE)
      // Keyboard users carry on from the first entry just added, as the button moved below it.
      if (first) this.#items.get(first)?.querySelector('button')?.focus()
    })
    replaceChildren(this.#more, el('p', { class: 'ta-list-more-note' }, t('list.moreNote', { listed, total: this.#zones.length })), button)
  }

  #item(zone: ZoneFeature): HTMLElement {
    const p = zone.properties
    const button = el(
      'button',
      { type: 'button', class: 'ta-zone-button', 'aria-current': p.slug === this.#selected ? 'true' : null },
      statusSwatch(p.status),
      el('span', { class: 'ta-zone-name' }, p.name),
      el('span', { class: 'ta-zone-meta' }, t('list.meta', { status: STATUS_LABELS[p.status], date: formatDate(p.status_since, this.#options.precisionOf?.(p.slug, p.status_since)), kind: KIND_LABELS[p.kind] })),
      zone.geometry ? null : el('span', { class: 'ta-zone-note ta-no-location' }, t('list.noLocation')),
    )
    const item = el('li', { class: 'ta-zone-item', 'data-zone': p.slug, 'data-status': p.status }, button)
    this.#items.set(p.slug, item)
    return item
  }

  #slugOf(target: EventTarget | null): string | null {
    return target instanceof Element ? (target.closest('[data-zone]')?.getAttribute('data-zone') ?? null) : null
  }
}
