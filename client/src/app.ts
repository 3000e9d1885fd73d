import type L from 'leaflet'
import { createApi, type Api } from './api.ts'
import type { ClientConfig, HistoryEntry, ZoneCollection, ZoneFeature } from './api-types.ts'
import { TimeSlider } from './controls/time-slider.ts'
import { todayIso } from './dates.ts'
import { el } from './dom.ts'
import { createMap, type AtlasMap } from './map/create-map.ts'
import { ensureHatchPatterns } from './map/hatch-patterns.ts'
import type { ZoneEvent } from './map/zones-layer.ts'
import { SidePanel } from './panel/side-panel.ts'
import { fillTimeline, renderZoneCard } from './panel/zone-card.ts'
import { ZoneFilters } from './panel/zone-filters.ts'
import { ZoneList } from './panel/zone-list.ts'
import { formatView, readPermalink, writePermalink } from './permalink.ts'
import { Store, type AppState } from './state.ts'
import { marksFromHistories, sliderStart } from './timeline-marks.ts'
import { countByKind, countByStatus, filterZones, sortZones, sponsoringParties } from './zone-query.ts'

export interface AppElements {
  map: HTMLElement
  panel: HTMLElement
  panelToggle: HTMLButtonElement
  timebar: HTMLElement
}

/** Above this many zones the page does not fetch every history up front for the timeline marks. */
const MAX_HISTORIES_UP_FRONT = 200
const HISTORY_CONCURRENCY = 4
const FIT_PADDING: L.PointExpression = [24, 24]

/**
 * The page: reads the permalink, draws the map, and keeps the map, the list, the legend, the card,
 * the time slider and the URL in step through one store.
 */
export async function startApp(elements: AppElements, api: Api = createApi()): Promise<void> {
  ensureHatchPatterns()
  const store = new Store(readPermalink(window.location.search))
  const config = await api.clientConfig().catch((): ClientConfig => ({ tiles: null }))
  const atlas = createMap(elements.map, config)
  const collections = new Map<string, Promise<ZoneCollection>>()
  const histories = new Map<string, Promise<HistoryEntry[]>>()
  /** Histories already loaded, for the precision of the dates shown in the list and the card. */
  const loaded = new Map<string, HistoryEntry[]>()
  const precisionOf = (slug: string, date: string) => [...(loaded.get(slug) ?? [])].reverse().find((entry) => entry.effective_on === date)?.effective_precision ?? 'day'
  const zonesOn = (date: string | null) => {
    const key = date ?? 'latest'
    let collection = collections.get(key)
    if (!collection) {
      collection = api.zones({ asOf: date })
      collection.catch(() => collections.delete(key))
      collections.set(key, collection)
    }
    return collection
  }
  const historyOf = (slug: string) => {
    let history = histories.get(slug)
    if (!history) {
      history = api.history(slug).then((body) => {
        loaded.set(slug, body.history)
        return body.history
      })
      history.catch(() => histories.delete(slug))
      histories.set(slug, history)
    }
    return history
  }

  const latest = await zonesOn(null)
  let current: ZoneFeature[] = []
  let shownDate: string | null | undefined
  let focusCardOnRender = false

  const filters = new ZoneFilters({ onChange: (patch) => store.set(patch) })
  const list = new ZoneList({
    onSelect: (slug) => select(slug, true),
    onHover: (slug) => hover(slug),
    precisionOf,
  })
  const panel = new SidePanel({
    container: elements.panel,
    toggle: elements.panelToggle,
    listView: [filters.element, list.element],
    onEscape: () => closeCard(),
  })

  atlas.zones.on('zonehover', (event) => hover((event as ZoneEvent).slug))
  atlas.zones.on('zoneselect', (event) => {
    const slug = (event as ZoneEvent).slug
    if (slug) select(slug, false)
  })

  function hover(slug: string | null): void {
    atlas.zones.highlight(slug)
    list.highlight(slug)
  }

  function select(slug: string, fromPanel: boolean): void {
    focusCardOnRender = fromPanel
    store.set({ zone: slug })
    if (!fromPanel) panel.setOpen(true)
    if (fromPanel) revealOnMap(atlas, slug)
  }

  function closeCard(): void {
    const slug = store.state.zone
    store.set({ zone: null })
    if (slug) list.focus(slug)
  }

  /** Draws what the state asks for; fetches the zones of another date first. */
  async function render(state: AppState): Promise<void> {
    if (state.date !== shownDate) {
      elements.map.setAttribute('aria-busy', 'true')
      let collection: ZoneCollection
      try {
        collection = await zonesOn(state.date)
      } catch (error) {
        showError(elements.timebar, error)
        return
      } finally {
        elements.map.removeAttribute('aria-busy')
      }
      if (store.state.date !== state.date) return // a later date was chosen meanwhile
      elements.timebar.querySelector('.ta-load-error')?.remove()
      current = collection.features
      shownDate = state.date
      atlas.zones.setZones(current)
      elements.map.setAttribute('data-date', state.date ?? 'latest')
    }
    const visible = sortZones(filterZones(current, state), state.sort)
    atlas.zones.show(visible.map((zone) => zone.properties.slug))
    atlas.zones.select(state.zone)
    list.render(visible, current.length, state.zone)
    filters.update(state, {
      statusCounts: countByStatus(filterZones(current, state, 'statuses')),
      kindCounts: countByKind(filterZones(current, state, 'kinds')),
      sponsors: sponsoringParties(latest.features),
    })
    atlas.legend.setCounts({ statuses: countByStatus(visible), kinds: countByKind(visible) })
    elements.panelToggle.textContent = `Zones (${visible.length})`
    await renderCard(state)
  }

  async function renderCard(state: AppState): Promise<void> {
    const slug = state.zone
    if (!slug) {
      panel.showList()
      return
    }
    const focus = focusCardOnRender
    focusCardOnRender = false
    let feature = current.find((zone) => zone.properties.slug === slug)
    const notYetOnDate = !feature
    feature ??= latest.features.find((zone) => zone.properties.slug === slug)
    if (!feature) {
      panel.showCard(el('article', { class: 'ta-card' }, el('p', { class: 'ta-error', role: 'alert' }, `There is no zone “${slug}”.`)), focus)
      return
    }
    const card = renderZoneCard(
      { feature, history: loaded.get(slug) ?? null, date: state.date, notYetOnDate },
      { onClose: closeCard, ...(atlas.zones.has(slug) ? { onShowOnMap: () => revealOnMap(atlas, slug, true) } : {}) },
    )
    panel.showCard(card, focus)
    fillTimeline(card, await historyOf(slug).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))
  }

  // The first view: the permalink's, or fitted to all the zones.
  await render(store.state)
  const { map } = atlas
  const view = store.state.view
  if (view) map.setView([view.lat, view.lng], view.zoom, { animate: false })
  else {
    const bounds = atlas.zones.boundsOf()
    if (bounds) map.fitBounds(bounds, { ...clearOfControls(atlas), animate: false })
    else map.setView([35, 38.5], 6)
  }
  const shownView = () => {
    const center = map.getCenter()
    return { zoom: map.getZoom(), lat: center.lat, lng: center.lng }
  }
  elements.map.setAttribute('data-view', formatView(shownView())) // the view as drawn, so tests can compare it with the link
  map.on('moveend', () => store.set({ view: shownView() }))

  let slider: TimeSlider | null = null
  let urlTimer: number | null = null
  store.subscribe((state, changed) => {
    if (['date', 'statuses', 'kinds', 'sponsor', 'query', 'sort', 'zone'].some((key) => changed.has(key as keyof AppState))) {
      void render(state)
    }
    if (changed.has('date')) slider?.setValue(state.date)
    if (urlTimer !== null) window.clearTimeout(urlTimer)
    const write = () => window.history.replaceState(null, '', `${window.location.pathname}${writePermalink(state)}${window.location.hash}`)
    if (changed.size === 1 && changed.has('view')) urlTimer = window.setTimeout(write, 250)
    else write()
    elements.map.setAttribute('data-view', state.view ? formatView(state.view) : '')
  })

  // The time slider, once the histories give the dates of every change.
  if (latest.features.length <= MAX_HISTORIES_UP_FRONT) {
    await forEachLimited(latest.features, HISTORY_CONCURRENCY, async (zone) => {
      await historyOf(zone.properties.slug).catch(() => null)
    })
  }
  void render(store.state) // again, now that the dates' precision is known
  const marks = marksFromHistories(latest.features, loaded)
  const end = todayIso()
  slider = new TimeSlider({ start: sliderStart(marks, end), end, value: store.state.date, onChange: (date) => store.set({ date }) })
  slider.setMarks(marks)
  elements.timebar.replaceChildren(slider.element)
  document.body.setAttribute('data-ready', 'true')
}

/** Fit padding that keeps the data clear of the legend (when open) and the other controls. */
function clearOfControls(atlas: AtlasMap): L.FitBoundsOptions {
  const legend = atlas.legend.getContainer()
  const legendWidth = legend && legend.hasAttribute('open') ? legend.offsetWidth + 10 : 0
  const [pad] = FIT_PADDING as [number, number]
  return { paddingTopLeft: [pad + 40, pad], paddingBottomRight: [pad + legendWidth, pad] }
}

/** Brings a zone into view: always when asked, otherwise only if it is off screen. */
function revealOnMap(atlas: AtlasMap, slug: string, always = false): void {
  const bounds = atlas.zones.boundsOf([slug])
  if (!bounds) return
  if (always || !atlas.map.getBounds().intersects(bounds)) atlas.map.fitBounds(bounds, { ...clearOfControls(atlas), maxZoom: always ? 10 : atlas.map.getZoom() })
}

function showError(container: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  container.querySelector('.ta-load-error')?.remove()
  container.prepend(el('p', { class: 'ta-error ta-load-error', role: 'alert' }, `The zones could not be loaded: ${message}`))
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
