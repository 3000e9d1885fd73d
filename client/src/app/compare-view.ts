import type { Api } from '../api.ts'
import type { ZoneChange } from '../api-types.ts'
import type { AtlasMap } from '../map/create-map.ts'
import type { ChangeList } from '../panel/change-list.ts'
import type { ZoneList } from '../panel/zone-list.ts'
import type { CompareDates, PageState, Store } from '../state.ts'
import { setTestHook } from '../test-hooks.ts'
import { changesOfZones, compareZones, countChanges } from '../zone-compare.ts'
import type { ZoneData } from '../zone-data.ts'
import { filterZones } from '../zone-query.ts'
import { clearLoadError, showLoadError } from './load-error.ts'

export interface CompareViewParts {
  store: Store
  api: Api
  data: ZoneData
  atlas: AtlasMap
  /** Compare mode's list of changes, in the panel in place of the zone list. */
  changes: ChangeList
  zoneList: ZoneList
  /** The time bar: its slider is hidden while comparing (class is-comparing). */
  timebar: HTMLElement
}

/**
 * Compare mode: the zones of both dates (fetched as /zones?as_of=, and filtered as the page
 * filters) drawn at the second date as added, removed, changed or unchanged, counted in the legend,
 * and the changes between the dates (GET /changes) listed in the panel. Leaving it puts the map of
 * one date back.
 */
export class CompareView {
  readonly #parts: CompareViewParts
  /** What is drawn: the dates and the filters, so a new selection alone redraws nothing. */
  #drawnKey: string | null = null
  /** The changes of the dates and server-side filters last asked for. */
  #changes: { key: string; changes: Promise<ZoneChange[]> } | null = null
  /** The changes listed for what is drawn. */
  #listed: ZoneChange[] | null = null
  /** Bumped by every show() and hide(): a slower answer for an earlier state is dropped. */
  #generation = 0

  constructor(parts: CompareViewParts) {
    this.#parts = parts
  }

  get active(): boolean {
    return this.#drawnKey !== null || this.#parts.atlas.map.hasLayer(this.#parts.atlas.compare)
  }

  /**
   * Updates what is drawn already for `state` (the selection), at once, and returns true; false
   * when the dates or the filters changed and show() must draw them.
   */
  update(state: PageState, compare: CompareDates): boolean {
    if (this.#keyOf(state, compare) !== this.#drawnKey) return false
    this.#enter()
    if (this.#listed) this.#parts.changes.render(compare.from, compare.to, this.#listed, state.zone)
    this.#parts.atlas.compare.select(state.zone)
    return true
  }

  /** Draws compare mode as `state` asks. Resolves false when the zones could not be loaded, or another state came meanwhile. */
  async show(state: PageState, compare: CompareDates): Promise<boolean> {
    if (this.update(state, compare)) return true
    const { store, data, atlas, changes, timebar } = this.#parts
    const generation = ++this.#generation
    this.#enter()
    const key = this.#keyOf(state, compare)
    const container = atlas.map.getContainer()
    container.setAttribute('aria-busy', 'true')
    changes.loading(compare.from, compare.to)
    let from, to
    try {
      ;[from, to] = await Promise.all([data.zonesOn(compare.from), data.zonesOn(compare.to)])
    } catch (error) {
      if (generation !== this.#generation) return false
      showLoadError(timebar, error, { retry: () => void this.show(store.state, compare) })
      changes.failed(compare.from, compare.to, error)
      return false
    } finally {
      if (generation === this.#generation) container.removeAttribute('aria-busy')
    }
    if (generation !== this.#generation) return false
    clearLoadError(timebar)
    const compared = compareZones(filterZones(from.features, state), filterZones(to.features, state))
    atlas.compare.setDrawing(data.large ? 'canvas' : 'svg').setZones(compared)
    atlas.legend.setCompare({ counts: countChanges(compared) })
    this.#drawnKey = key
    this.#listed = null
    // The card and the list read the zones of the second date.
    store.set({ shownDate: compare.to, shownZones: to.features })
    setTestHook(container, 'compare', `${compare.from}/${compare.to}`)
    const filtered = state.statuses.length + state.kinds.length > 0 || Boolean(state.sponsor || state.query)
    void this.#listChanges(state, compare, key, (list) => changesOfZones(list, compared, filtered))
    atlas.compare.select(state.zone)
    return true
  }

  #keyOf(state: PageState, compare: CompareDates): string {
    return JSON.stringify([compare.from, compare.to, state.statuses, state.kinds, state.sponsor, state.query])
  }

  /** The zones changed (a live change): the next show() draws afresh, and asks for the changes again. */
  invalidate(): void {
    this.#drawnKey = null
    this.#changes = null
  }

  /** Back to the map of one date. */
  hide(): void {
    const { store, atlas, changes, zoneList, timebar } = this.#parts
    this.#generation++
    if (!this.active) return
    // The map of one date is drawn afresh: the zones layer may hold another date's, or none.
    store.set({ shownDate: undefined })
    this.#drawnKey = null
    this.#listed = null
    atlas.map.removeLayer(atlas.compare)
    if (!atlas.map.hasLayer(atlas.zones)) atlas.map.addLayer(atlas.zones)
    atlas.legend.setCompare(null)
    changes.element.hidden = true
    zoneList.element.hidden = false
    timebar.classList.remove('is-comparing')
    atlas.map.invalidateSize({ pan: false }) // the time bar grew back: the map is shorter
    setTestHook(atlas.map.getContainer(), 'compare', null)
  }

  /** Puts the keyboard focus on the change of a zone, as the list does on closing a card. */
  focus(slug: string): boolean {
    return this.#parts.changes.focus(slug)
  }

  #enter(): void {
    const { atlas, changes, zoneList, timebar } = this.#parts
    if (atlas.map.hasLayer(atlas.zones)) atlas.map.removeLayer(atlas.zones)
    if (!atlas.map.hasLayer(atlas.compare)) atlas.map.addLayer(atlas.compare)
    changes.element.hidden = false
    zoneList.element.hidden = true
    if (timebar.classList.contains('is-comparing')) return
    timebar.classList.add('is-comparing')
    atlas.map.invalidateSize({ pan: false }) // the slider gave way: the map is taller
  }

  async #listChanges(state: PageState, compare: CompareDates, drawnKey: string, select: (changes: ZoneChange[]) => ZoneChange[]): Promise<void> {
    const { api, changes, store, data } = this.#parts
    const query = { from: compare.from, to: compare.to, kind: state.kinds.length ? state.kinds : undefined, sponsor: state.sponsor ? [state.sponsor] : undefined, recordedAsOf: data.recordedAsOf }
    const key = JSON.stringify(query)
    if (this.#changes?.key !== key) {
      const loading = api.changes(query).then((body) => body.changes)
      loading.catch(() => (this.#changes = null))
      this.#changes = { key, changes: loading }
    }
    try {
      const list = select(await this.#changes.changes)
      if (this.#drawnKey !== drawnKey) return // another drawing since
      this.#listed = list
      changes.render(compare.from, compare.to, list, store.state.zone)
    } catch (error) {
      if (this.#drawnKey === drawnKey) changes.failed(compare.from, compare.to, error)
    }
  }
}
