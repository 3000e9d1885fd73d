import type { ZoneChangeEvent } from '../api-types.ts'
import type { TimeSlider } from '../controls/time-slider.ts'
import { ZoneEvents } from '../live/zone-events.ts'
import type { AtlasMap } from '../map/create-map.ts'
import type { PageState, Store } from '../state.ts'
import { setTestHook } from '../test-hooks.ts'
import { marksFromHistories } from '../timeline-marks.ts'
import type { ZoneData } from '../zone-data.ts'
import { showLoadError } from './load-error.ts'

export interface LiveUpdatesParts {
  store: Store
  data: ZoneData
  atlas: AtlasMap
  slider: TimeSlider
  timebar: HTMLElement
  /** Draws the page as the state asks (fetching the shown date's zones if they are not drawn). */
  render: (state: PageState) => Promise<void>
  /** A zone changed: what is drawn of it elsewhere (compare mode) is stale. */
  onZoneChanged?: () => void
}

/**
 * Live: every open map follows the changes anyone commits (GET /events). A changed zone is reloaded
 * (as of the map's date) with its history, and the map, list, legend, card and timeline marks are
 * redrawn; after a break in the feed, everything is reloaded.
 */
export class LiveUpdates {
  readonly #parts: LiveUpdatesParts
  readonly #events: ZoneEvents
  /** Each zone's reload in progress: a zone's changes are applied one after the other. */
  readonly #reloading = new Map<number, Promise<void>>()

  constructor(parts: LiveUpdatesParts) {
    this.#parts = parts
    this.#events = new ZoneEvents({
      onChange: (event: ZoneChangeEvent) => void this.refreshZone(event.zone_id, event.action),
      onReconnect: () => void this.#reloadAll().catch((error: unknown) => showLoadError(parts.timebar, error)),
    })
  }

  start(): this {
    this.#events.start()
    return this
  }

  /** Reloads one zone (as of the map's date) and its history, and redraws the map, list, legend and card. */
  refreshZone(id: number, action?: string): Promise<void> {
    const previous = this.#reloading.get(id) ?? Promise.resolve()
    const next = previous.then(() => this.#reloadZone(id, action)).catch((error: unknown) => console.warn(`zone ${id} could not be reloaded`, error))
    this.#reloading.set(id, next)
    return next
  }

  async #reloadZone(id: number, action?: string): Promise<void> {
    const { store, data, atlas, render } = this.#parts
    const date = store.state.shownDate ?? null
    const { now, slug } = await data.applyChange(id, date, action)
    if (date !== (store.state.shownDate ?? null)) return // the date changed meanwhile: that render fetched afresh
    atlas.zones.setZones(store.state.shownZones) // the changed zone's feature is new: its shape replaces the old one
    this.#parts.onZoneChanged?.()
    await render(store.state) // the card's timeline follows when the history is in
    setTestHook(atlas.map.getContainer(), 'live-version', `${id}:${now?.properties.version ?? 'gone'}`)
    if (slug && now) await data.historyOf(slug).catch(() => null)
    this.#updateMarks()
  }

  /** After a break in the feed: every zone afresh, since changes may have been missed. */
  async #reloadAll(): Promise<void> {
    const { store, data, render } = this.#parts
    await data.reloadAll()
    store.set({ shownDate: undefined }) // render() fetches the shown date again
    this.#parts.onZoneChanged?.()
    await render(store.state)
    await data.loadHistories()
    this.#updateMarks()
    void render(store.state)
  }

  #updateMarks(): void {
    const { data, slider } = this.#parts
    slider.setMarks(marksFromHistories(data.latest, data.loaded))
  }
}
