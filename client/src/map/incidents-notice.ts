import L from 'leaflet'
import { formatDate } from '../dates.ts'
import { el, replaceChildren } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { mirrored } from './map-direction.ts'
import type { DayWindow, IncidentSet } from '../incidents/incident-types.ts'

/**
 * A line on the map, while the incidents are shown, that says which days they are of and how many
 * are drawn, that they are loading, that there were more than the map reads, or why none came.
 */
export class IncidentsNotice extends L.Control {
  #element: HTMLElement | null = null

  constructor(options: L.ControlOptions = {}) {
    super({ position: mirrored('bottomleft'), ...options })
  }

  override onAdd(): HTMLElement {
    this.#element = el('p', { class: 'ta-incidents-notice', role: 'status' })
    return this.#element
  }

  override onRemove(): void {
    this.#element = null
  }

  loading(window: DayWindow): void {
    this.#say('loading', t('incidents.loadingDays', { days: days(window) }))
  }

  shown(window: DayWindow, set: IncidentSet): void {
    const count = set.features.length
    if (set.capped) this.#say('capped', t('incidents.capped', { count, days: days(window) }))
    else if (count === 0) this.#say('empty', t('incidents.emptyDays', { days: days(window) }))
    else this.#say('shown', t('incidents.shownDays', { count, days: days(window) }))
  }

  failed(window: DayWindow, error: unknown): void {
    this.#say('failed', t('incidents.failedDays', { days: days(window), reason: error instanceof Error ? error.message : String(error) }))
  }

  #say(state: string, text: string): void {
    if (!this.#element) return
    this.#element.dataset.state = state
    this.#element.classList.toggle('ta-error', state === 'failed')
    replaceChildren(this.#element, text)
  }
}

function days(window: DayWindow): string {
  return t('incidents.days', { from: formatDate(window.from), to: formatDate(window.to) })
}
