import { KINDS, type Kind } from '../../../server/domain/kinds.ts'
import { STATUSES, type Status } from '../../../server/domain/statuses.ts'
import { kindSwatch, statusSwatch } from '../controls/legend-control.ts'
import { el, replaceChildren, uniqueId } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { KIND_LABELS, STATUS_LABELS } from '../labels.ts'
import { SORT_KEYS, type AppState } from '../state.ts'
import { SORT_LABELS } from '../zone-query.ts'

export interface ZoneFiltersOptions {
  /** Called with the part of the state a control changed. */
  onChange: (patch: Partial<AppState>) => void
  /** Pause after typing before the list follows. Default: 200 ms. */
  searchDelayMs?: number
}

export interface FilterFacets {
  statusCounts: Record<Status, number>
  kindCounts: Record<Kind, number>
  sponsors: { slug: string; name: string }[]
}

/**
 * Search, sort and filters of the zone list: status and kind checkboxes (none ticked shows all;
 * each with how many zones it would show), and the sponsoring party.
 */
export class ZoneFilters {
  readonly element: HTMLFormElement
  readonly #options: Required<ZoneFiltersOptions>
  readonly #search: HTMLInputElement
  readonly #sort: HTMLSelectElement
  readonly #sponsor: HTMLSelectElement
  readonly #statusBoxes = new Map<Status, { input: HTMLInputElement; count: HTMLElement }>()
  readonly #kindBoxes = new Map<Kind, { input: HTMLInputElement; count: HTMLElement }>()
  readonly #statusSummary: HTMLElement
  readonly #kindSummary: HTMLElement
  #searchTimer: number | null = null

  constructor(options: ZoneFiltersOptions) {
    this.#options = { searchDelayMs: 200, ...options }
    const searchId = uniqueId('ta-search')
    const sortId = uniqueId('ta-sort')
    const sponsorId = uniqueId('ta-sponsor')
    this.#search = el('input', { id: searchId, class: 'ta-input', type: 'search', name: 'q', autocomplete: 'off', placeholder: t('filters.searchPlaceholder'), maxlength: 200 })
    this.#sort = el('select', { id: sortId, class: 'ta-input', name: 'sort' }, ...SORT_KEYS.map((key) => el('option', { value: key }, SORT_LABELS[key])))
    this.#sponsor = el('select', { id: sponsorId, class: 'ta-input', name: 'sponsor' }, el('option', { value: '' }, t('filters.anyParty')))
    this.#statusSummary = el('span', { class: 'ta-filter-summary' })
    this.#kindSummary = el('span', { class: 'ta-filter-summary' })
    const statusGroup = this.#checkboxGroup('status', t('filters.status'), this.#statusSummary, STATUSES, STATUS_LABELS, statusSwatch, this.#statusBoxes, () => this.#emitChecked())
    const kindGroup = this.#checkboxGroup('kind', t('filters.kind'), this.#kindSummary, KINDS, KIND_LABELS, kindSwatch, this.#kindBoxes, () => this.#emitChecked())
    const clear = el('button', { type: 'button', class: 'ta-button ta-clear-filters' }, t('filters.clear'))
    this.element = el(
      'form',
      { class: 'ta-filters', role: 'search', 'aria-label': t('filters.label') },
      el('div', { class: 'ta-field' }, el('label', { for: searchId }, t('filters.search')), this.#search),
      el('div', { class: 'ta-field-row' }, el('div', { class: 'ta-field' }, el('label', { for: sortId }, t('filters.sort')), this.#sort), el('div', { class: 'ta-field' }, el('label', { for: sponsorId }, t('filters.sponsor')), this.#sponsor)),
      statusGroup,
      kindGroup,
      clear,
    )
    this.element.addEventListener('submit', (event) => event.preventDefault())
    this.#search.addEventListener('input', () => {
      if (this.#searchTimer !== null) window.clearTimeout(this.#searchTimer)
      this.#searchTimer = window.setTimeout(() => this.#options.onChange({ query: this.#search.value.trim() }), this.#options.searchDelayMs)
    })
    this.#sort.addEventListener('change', () => this.#options.onChange({ sort: this.#sort.value as AppState['sort'] }))
    this.#sponsor.addEventListener('change', () => this.#options.onChange({ sponsor: this.#sponsor.value || null }))
    clear.addEventListener('click', () => {
      this.#search.value = ''
      this.#options.onChange({ statuses: [], kinds: [], sponsor: null, query: '' })
    })
  }

  /** Shows the state (from a permalink or another control) and the counts of the current date. */
  update(state: AppState, facets: FilterFacets): void {
    if (document.activeElement !== this.#search) this.#search.value = state.query
    this.#sort.value = state.sort
    const sponsorOptions = facets.sponsors.map((party) => el('option', { value: party.slug }, party.name))
    if (state.sponsor && !facets.sponsors.some((party) => party.slug === state.sponsor)) sponsorOptions.push(el('option', { value: state.sponsor }, state.sponsor))
    replaceChildren(this.#sponsor, el('option', { value: '' }, t('filters.anyParty')), ...sponsorOptions)
    this.#sponsor.value = state.sponsor ?? ''
    for (const [status, box] of this.#statusBoxes) {
      box.input.checked = state.statuses.includes(status)
      box.count.textContent = String(facets.statusCounts[status])
    }
    for (const [kind, box] of this.#kindBoxes) {
      box.input.checked = state.kinds.includes(kind)
      box.count.textContent = String(facets.kindCounts[kind])
    }
    this.#statusSummary.textContent = state.statuses.length ? t('filters.chosen', { count: state.statuses.length }) : t('filters.all')
    this.#kindSummary.textContent = state.kinds.length ? t('filters.chosen', { count: state.kinds.length }) : t('filters.all')
  }

  #emitChecked(): void {
    const checked = <T extends string>(boxes: Map<T, { input: HTMLInputElement }>) => [...boxes].filter(([, box]) => box.input.checked).map(([value]) => value)
    this.#options.onChange({ statuses: checked(this.#statusBoxes), kinds: checked(this.#kindBoxes) })
  }

  #checkboxGroup<T extends string>(
    name: string,
    title: string,
    summary: HTMLElement,
    values: readonly T[],
    labels: Record<T, string>,
    swatch: (value: T) => SVGSVGElement,
    boxes: Map<T, { input: HTMLInputElement; count: HTMLElement }>,
    onChange: () => void,
  ): HTMLElement {
    const items = values.map((value) => {
      const id = uniqueId(`ta-${name}-${value}`)
      const input = el('input', { id, type: 'checkbox', name, value })
      const count = el('span', { class: 'ta-count' })
      input.addEventListener('change', onChange)
      boxes.set(value, { input, count })
      return el('li', {}, input, el('label', { for: id }, swatch(value), el('span', { class: 'ta-check-label' }, labels[value]), count))
    })
    return el(
      'details',
      { class: 'ta-filter-group', open: name === 'status' },
      el('summary', {}, `${title} `, summary),
      el('fieldset', {}, el('legend', { class: 'visually-hidden' }, t('filters.noneTickedShowsAll', { title })), el('ul', { class: 'ta-checks' }, ...items)),
    )
  }
}
