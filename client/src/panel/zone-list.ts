import type { DatePrecision, ZoneFeature } from '../api-types.ts'
import { statusSwatch } from '../controls/legend-control.ts'
import { formatDate } from '../dates.ts'
import { el, replaceChildren } from '../dom.ts'
import { KIND_LABELS, STATUS_LABELS } from '../labels.ts'

export interface ZoneListOptions {
  onSelect: (slug: string) => void
  /** The pointer or the keyboard focus is on a zone (null when it leaves). */
  onHover: (slug: string | null) => void
  /** How precisely a zone's date is known (from its history); 'day' when unknown. */
  precisionOf?: (slug: string, date: string) => DatePrecision
}

/**
 * The list of the zones that pass the filters, as buttons: hovering or focusing one highlights it
 * on the map, activating it opens its card. Zones without a published location are listed too.
 */
export class ZoneList {
  readonly element: HTMLElement
  readonly #options: ZoneListOptions
  readonly #count: HTMLElement
  readonly #list: HTMLUListElement
  #items = new Map<string, HTMLElement>()

  constructor(options: ZoneListOptions) {
    this.#options = options
    this.#count = el('p', { class: 'ta-list-count', role: 'status' })
    this.#list = el('ul', { class: 'ta-zone-list', 'aria-label': 'Zones' })
    this.element = el('div', { class: 'ta-zone-list-wrap' }, this.#count, this.#list)
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
    this.#items = new Map()
    this.#count.textContent = zones.length === total ? `${total} zones` : `${zones.length} of ${total} zones`
    replaceChildren(this.#list, ...zones.map((zone) => this.#item(zone, selected)))
    if (zones.length === 0) this.#list.appendChild(el('li', { class: 'ta-empty' }, 'No zone matches these filters on this date.'))
  }

  highlight(slug: string | null): void {
    for (const [itemSlug, item] of this.#items) item.classList.toggle('is-hovered', itemSlug === slug)
  }

  /** Focuses the zone's button, e.g. after its card closes. */
  focus(slug: string): void {
    this.#items.get(slug)?.querySelector('button')?.focus()
  }

  #item(zone: ZoneFeature, selected: string | null): HTMLElement {
    const p = zone.properties
    const button = el(
      'button',
      { type: 'button', class: 'ta-zone-button', 'aria-current': p.slug === selected ? 'true' : null },
      statusSwatch(p.status),
      el('span', { class: 'ta-zone-name' }, p.name),
      el('span', { class: 'ta-zone-meta' }, `${STATUS_LABELS[p.status]} since ${formatDate(p.status_since, this.#options.precisionOf?.(p.slug, p.status_since))} · ${KIND_LABELS[p.kind]}`),
      zone.geometry ? null : el('span', { class: 'ta-zone-note ta-no-location' }, 'Location not published'),
    )
    const item = el('li', { class: 'ta-zone-item', 'data-zone': p.slug, 'data-status': p.status }, button)
    this.#items.set(p.slug, item)
    return item
  }

  #slugOf(target: EventTarget | null): string | null {
    return target instanceof Element ? (target.closest('[data-zone]')?.getAttribute('data-zone') ?? null) : null
  }
}
