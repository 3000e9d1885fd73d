import L from 'leaflet'
import { KINDS, type Kind } from '../../../server/domain/kinds.ts'
import { STATUSES, type Status } from '../../../server/domain/statuses.ts'
import { el, replaceChildren, svg } from '../dom.ts'
import { formatNumber, t } from '../i18n/index.ts'
import { KIND_LABELS, STATUS_LABELS } from '../labels.ts'
import { symbolShapeFor, symbolSvg } from '../map/zone-symbols.ts'
import { FADED, HATCHED, STATUS_COLOURS, STATUS_DASH, hatchPatternId } from '../map/zone-style.ts'
import { COMPARE_LABELS, compareSwatch } from '../map/compare-style.ts'
import { areaSwatch } from '../map/area-swatch.ts'
import { COMPARE_CHANGES, type CompareChange } from '../zone-compare.ts'
import { incidentsLegend } from '../map/incident-style.ts'

export interface LegendControlOptions extends L.ControlOptions {
  /** Open when added; the page closes it on narrow screens. Default: true. */
  open?: boolean
}

export interface LegendCounts {
  statuses: Record<Status, number>
  kinds: Record<Kind, number>
}

/** A row of the legend: its swatch (a new element each call), its words and how many zones have it. */
export interface LegendEntry {
  swatch: () => SVGSVGElement
  label: string
  count: number
}

/** Compare mode's legend: how many zones were added, removed, changed and left unchanged. */
export interface CompareLegend {
  counts: Record<CompareChange, number>
}

/**
 * The legend: each status with its swatch (colour plus its second cue) and each kind with its
 * symbol, with how many zones on the map have it. A <details> element, so it folds by keyboard too.
 */
export class LegendControl extends L.Control {
  declare options: LegendControlOptions
  #container: HTMLElement | null = null
  #counts: LegendCounts | null = null
  #compare: CompareLegend | null = null
  #incidents = false

  constructor(options: LegendControlOptions = {}) {
    super({ position: 'topright', ...options })
    L.Util.setOptions(this, { open: true, ...options })
  }

  override onAdd(): HTMLElement {
    const container = el('details', { class: 'ta-legend leaflet-bar', open: this.options.open })
    L.DomEvent.disableClickPropagation(container)
    L.DomEvent.disableScrollPropagation(container)
    this.#container = container
    this.#render()
    return container
  }

  override onRemove(): void {
    this.#container = null
  }

  /** Counts of the zones on the map (after the filters). */
  setCounts(counts: LegendCounts): this {
    this.#counts = counts
    this.#render()
    return this
  }

  /** Compare mode's legend instead of the statuses and kinds (null: back to those). */
  setCompare(compare: CompareLegend | null): this {
    this.#compare = compare
    this.#render()
    return this
  }

  /** Whether the legend explains the incidents drawn on the map too. */
  setIncidents(shown: boolean): this {
    this.#incidents = shown
    this.#render()
    return this
  }

  /**
   * The rows of what the map draws now, as the legend shows them: the statuses with a zone on the
   * map (compare mode's changes while comparing). An exported image repeats these.
   */
  drawnEntries(): LegendEntry[] {
    const compare = this.#compare
    if (compare) return COMPARE_CHANGES.filter((change) => compare.counts[change] > 0).map((change) => ({ swatch: () => compareSwatch(change), label: COMPARE_LABELS[change], count: compare.counts[change] }))
    const counts = this.#counts
    if (!counts) return []
    return STATUSES.filter((status) => counts.statuses[status] > 0).map((status) => ({ swatch: () => statusSwatch(status), label: STATUS_LABELS[status], count: counts.statuses[status] }))
  }

  #render(): void {
    const container = this.#container
    if (!container) return
    const counts = this.#counts
    const row = (swatch: Element, label: string, count: number | undefined) =>
      el('li', { class: count === 0 ? 'is-empty' : null }, swatch, el('span', { class: 'ta-legend-label' }, label), el('span', { class: 'ta-legend-count' }, count === undefined ? '' : formatNumber(count)))
    const compare = this.#compare
    if (compare) {
      replaceChildren(
        container,
        el('summary', {}, t('legend.summary')),
        el('h2', { class: 'ta-legend-heading' }, t('legend.betweenDates')),
        el(
          'ul',
          { class: 'ta-legend-list ta-legend-compare', 'aria-label': t('legend.compareList') },
          ...COMPARE_CHANGES.map((change) => row(compareSwatch(change), COMPARE_LABELS[change], compare.counts[change])),
          row(compareSwatch('before'), t('legend.outlineBefore'), undefined),
        ),
        ...(this.#incidents ? incidentsLegend() : []),
      )
      return
    }
    replaceChildren(
      container,
      el('summary', {}, t('legend.summary')),
      el('h2', { class: 'ta-legend-heading' }, t('legend.status')),
      el('ul', { class: 'ta-legend-list', 'aria-label': t('legend.statuses') }, ...STATUSES.map((status) => row(statusSwatch(status), STATUS_LABELS[status], counts?.statuses[status]))),
      el('h2', { class: 'ta-legend-heading' }, t('legend.kind')),
      el('ul', { class: 'ta-legend-list', 'aria-label': t('legend.kinds') }, ...KINDS.map((kind) => row(kindSwatch(kind), KIND_LABELS[kind], counts?.kinds[kind]))),
      el('p', { class: 'ta-legend-note' }, t('legend.softEdge')),
      ...(this.#incidents ? incidentsLegend() : []),
    )
  }
}

/** A small area in the status' colour with its second cue: dashed, hatched, dotted or faded. */
export function statusSwatch(status: Status): SVGSVGElement {
  const colour = STATUS_COLOURS[status]
  const faded = FADED.has(status)
  return areaSwatch({
    fill: HATCHED.has(status) ? `url(#${hatchPatternId(status)})` : colour,
    'fill-opacity': HATCHED.has(status) ? 1 : faded ? 0.12 : 0.3,
    stroke: colour,
    'stroke-opacity': faded ? 0.55 : 1,
    'stroke-width': 2.5,
    'stroke-dasharray': STATUS_DASH[status] ?? undefined,
  })
}

/** The symbol of a kind, drawn in a neutral status. */
export function kindSwatch(kind: Kind): SVGSVGElement {
  if (kind === 'observation-post' || kind === 'siege') return symbolSvg(symbolShapeFor(kind), 'active', 18)
  if (kind === 'humanitarian-corridor' || kind === 'security-corridor') {
    return svg(
      'svg',
      { class: 'ta-swatch', width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true', focusable: 'false' },
      svg('path', { d: 'M3 14 C10 2, 18 16, 25 4', fill: 'none', stroke: '#ffffff', 'stroke-width': 6, 'stroke-linecap': 'round' }),
      svg('path', { d: 'M3 14 C10 2, 18 16, 25 4', fill: 'none', stroke: '#3d3d3d', 'stroke-width': 3.5, 'stroke-linecap': 'round' }),
    )
  }
  return svg(
    'svg',
    { class: 'ta-swatch', width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true', focusable: 'false' },
    svg('path', { d: 'M3 5 L12 2 L25 6 L22 16 L6 15 Z', fill: '#3d3d3d', 'fill-opacity': 0.15, stroke: '#3d3d3d', 'stroke-width': 1.8 }),
  )
}
