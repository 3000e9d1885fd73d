import type L from 'leaflet'
import type { Api } from './api.ts'
import type { ClientConfig, ZoneChangeEvent, ZoneCollection, ZoneFeature } from './api-types.ts'
import { AccountMenu } from './auth/account-menu.ts'
import { createSessionApi } from './auth/session-api.ts'
import { TimeSlider } from './controls/time-slider.ts'
import { formatDate, todayIso } from './dates.ts'
import { el } from './dom.ts'
import { createMap, type AtlasMap } from './map/create-map.ts'
import { ensureHatchPatterns } from './map/hatch-patterns.ts'
import { signalZonesDrawn } from './map/zones-drawn-signal.ts'
import { OutlineRefiner } from './map/outline-refiner.ts'
import type { ZoneEvent } from './map/zones-layer.ts'
import type { Editing } from './edit/editing.ts'
import { ZoneEvents } from './live/zone-events.ts'
import { ExportLinks } from './panel/export-links.ts'
import { SidePanel } from './panel/side-panel.ts'
import { fillTimeline, renderZoneCard, type TimelineAction } from './panel/zone-card.ts'
import { ZoneFilters } from './panel/zone-filters.ts'
import { ZoneList } from './panel/zone-list.ts'
import { formatView, readPermalink, writePermalink } from './permalink.ts'
import { Store, type AppState } from './state.ts'
import { marksFromHistories, sliderStart } from './timeline-marks.ts'
import { OVERVIEW_ZOOM, ZoneData } from './zone-data.ts'
import { countByKind, countByStatus, filterZones, sortZones, sponsoringParties } from './zone-query.ts'

export interface AppElements {
  map: HTMLElement
  panel: HTMLElement
  panelToggle: HTMLButtonElement
  timebar: HTMLElement
  /** The header's corner for signing in and out; without it the page only reads. */
  account?: HTMLElement | null
}


const FIT_PADDING: L.PointExpression = [24, 24]

/**
 * The page: reads the permalink, draws the map, and keeps the map, the list, the legend, the card,
 * the time slider and the URL in step through one store. Every zone change anyone commits arrives
 * as an event and is redrawn at once; a signed-in editor gets the editing tools.
 */
export async function startApp(elements: AppElements, { api, session } = createSessionApi()): Promise<void> {
  ensureHatchPatterns()
  const store = new Store(readPermalink(window.location.search))
  // The zones load while the map is built: with thousands of them they take longest.
  const loading = new ZoneData(api).start()
  loading.catch(() => {}) // awaited below; this only keeps an early failure from being reported as unhandled
  const config = await api.clientConfig().catch((): ClientConfig => ({ tiles: null }))
  const atlas = createMap(elements.map, config)
  const data = await loading
  atlas.zones.setDrawing(data.large ? 'canvas' : 'svg')
  const latest = data.latest
  let current: ZoneFeature[] = []
  let slider: TimeSlider | null = null
  let shownDate: string | null | undefined
  let focusCardOnRender = false
  let refiner: OutlineRefiner | null = null

  const filters = new ZoneFilters({ onChange: (patch) => store.set(patch) })
  const exports = new ExportLinks({ urlOf: (query, format) => api.exportUrl(query, format) })
  const list = new ZoneList({
    onSelect: (slug) => select(slug, true),
    onHover: (slug) => hover(slug),
    precisionOf: data.precisionOf,
  })
  const panel = new SidePanel({
    container: elements.panel,
    toggle: elements.panelToggle,
    listView: [filters.element, exports.element, list.element],
    onEscape: () => closeCard(),
  })
  atlas.coveredBy.push(() => panel.coverage())

  atlas.zones.on('zonehover', (event) => hover((event as ZoneEvent).slug))
  atlas.zones.on('zoneselect', (event) => {
    const { slug, latlng } = event as ZoneEvent
    // While a shape is being edited, a click on another zone must not take its card away.
    if (!slug || editing?.editingShape) return
    select(slug, false)
    // On a phone the card opens over the lower part of the map: the place tapped stays in sight.
    if (latlng) keepInFreePart(atlas, latlng)
  })

  function hover(slug: string | null): void {
    atlas.zones.highlight(slug)
    list.highlight(slug)
  }

  function select(slug: string, fromPanel: boolean): void {
    if (!slug) {
      store.set({ zone: null })
      return
    }
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
        // The latest zones too, whole: the filters, the card and the time slider read them.
        ;[collection] = await Promise.all([data.zonesOn(state.date), data.zonesOn(null)])
      } catch (error) {
        if (store.state.date !== state.date) return // a later date was chosen meanwhile
        // The map still shows the date before: the header, the slider and the link say so too.
        const wanted = state.date
        const still = shownDate === undefined ? null : shownDate
        showError(elements.timebar, error, { shown: still, retry: () => store.set({ date: wanted }) })
        store.set({ date: still })
        return
      } finally {
        elements.map.removeAttribute('aria-busy')
      }
      if (store.state.date !== state.date) return // a later date was chosen meanwhile
      elements.timebar.querySelector('.ta-load-error')?.remove()
      current = collection.features
      shownDate = state.date
      atlas.zones.setZones(current)
      refiner?.reset()
      elements.map.setAttribute('data-date', state.date ?? 'latest')
    }
    const visible = sortZones(filterZones(current, state), state.sort)
    atlas.zones.show(visible.map((zone) => zone.properties.slug))
    atlas.zones.select(state.zone)
    list.render(visible, current.length, state.zone)
    filters.update(state, {
      statusCounts: countByStatus(filterZones(current, state, 'statuses')),
      kindCounts: countByKind(filterZones(current, state, 'kinds')),
      sponsors: sponsoringParties(latest),
    })
    // The legend counts what is on the map: zones without a published location are only listed.
    const onMap = visible.filter((zone) => zone.geometry)
    atlas.legend.setCounts({ statuses: countByStatus(onMap), kinds: countByKind(onMap) })
    exports.update(state)
    elements.panelToggle.textContent = `Zones (${visible.length})`
    await renderCard(state)
  }

  async function renderCard(state: AppState): Promise<void> {
    const slug = state.zone
    if (!slug) {
      editing?.release()
      panel.showList()
      return
    }
    const focus = focusCardOnRender
    focusCardOnRender = false
    let feature = current.find((zone) => zone.properties.slug === slug)
    const notYetOnDate = !feature
    feature ??= latest.find((zone) => zone.properties.slug === slug)
    if (!feature) {
      editing?.release()
      panel.showCard(el('article', { class: 'ta-card' }, el('p', { class: 'ta-error', role: 'alert' }, `There is no zone “${slug}”.`)), focus)
      return
    }
    // Editors edit the zone as it stands now, whatever the date the map shows.
    const editable = latest.find((zone) => zone.properties.slug === slug)
    const timelineAction: TimelineAction | undefined =
      editing && editable ? (entry, history) => editing?.timelineAction(editable, entry, history) ?? null : undefined
    const card = renderZoneCard(
      { feature, history: data.loaded.get(slug) ?? null, date: state.date, notYetOnDate },
      { onClose: closeCard, ...(atlas.zones.has(slug) ? { onShowOnMap: () => revealOnMap(atlas, slug, true) } : {}), ...(timelineAction ? { timelineAction } : {}) },
    )
    const section = editing && editable ? editing.cardSection(editable) : null
    let shown = card
    if (section && !focus) shown = panel.refreshCard(card, section)
    else {
      if (section) card.append(section)
      panel.showCard(card, focus)
    }
    const history = await data.historyOf(slug).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
    if (store.state.zone === slug && shown.isConnected) fillTimeline(shown, history, timelineAction)
  }

  // Live: every open map follows the changes anyone commits (GET /events).
  const refreshing = new Map<number, Promise<void>>()
  /** Reloads one zone (as of the map's date) and its history, and redraws the map, list, legend and card. */
  function refreshZone(id: number, action?: string): Promise<void> {
    const previous = refreshing.get(id) ?? Promise.resolve()
    const next = previous.then(() => reloadZone(id, action)).catch((error: unknown) => console.warn(`zone ${id} could not be reloaded`, error))
    refreshing.set(id, next)
    return next
  }

  async function reloadZone(id: number, action?: string): Promise<void> {
    const date = shownDate ?? null
    const { now, slug } = await data.applyChange(id, date, action)
    if (date !== (shownDate ?? null)) return // the date changed meanwhile: that render fetched afresh
    atlas.zones.setZones(current) // the changed zone's feature is new: its shape replaces the old one
    await render(store.state) // the card's timeline follows when the history is in
    elements.map.setAttribute('data-live-version', `${id}:${now?.properties.version ?? 'gone'}`)
    if (slug && now) await data.historyOf(slug).catch(() => null)
    slider?.setMarks(marksFromHistories(latest, data.loaded))
  }

  /** After a break in the feed: every zone afresh, since changes may have been missed. */
  async function reloadAll(): Promise<void> {
    await data.reloadAll()
    shownDate = undefined // render() fetches the shown date again
    await render(store.state)
    await data.loadHistories()
    slider?.setMarks(marksFromHistories(latest, data.loaded))
    void render(store.state)
  }

  const events = new ZoneEvents({
    onChange: (event: ZoneChangeEvent) => void refreshZone(event.zone_id, event.action),
    onReconnect: () => void reloadAll().catch((error: unknown) => showError(elements.timebar, error)),
  })

  // Editing: the tools are loaded when an editor signs in and removed when they sign out.
  let editing: Editing | null = null
  let editingLoad: Promise<void> | null = null
  function followSession(): void {
    if (session.user && !editing) {
      editingLoad ??= import('./edit/editing.ts')
        .then(({ startEditing }) => {
          if (!session.user || editing) return
          editing = startEditing({ api, session, atlas, panel, select: (slug) => select(slug ?? '', true), refreshZone })
          document.body.setAttribute('data-editing', 'true')
          void render(store.state)
        })
        .catch((error: unknown) => {
          console.error(error)
          showError(elements.timebar, error)
        })
        .finally(() => (editingLoad = null))
    }
    if (!session.user && editing) {
      editing.stop()
      editing = null
      document.body.removeAttribute('data-editing')
      void render(store.state)
    }
  }

  // The first view: the permalink's, or fitted to all the zones. A large collection's outlines are
  // drawn as soon as they are in, while the properties the list needs are still on their way,
  // unless the link filters by what only those properties say.
  const linked = store.state
  const drawEarly = data.large && !linked.date && !linked.sponsor && !linked.query
  if (drawEarly) atlas.zones.setZones(latest).show(filterZones(latest, linked).map((zone) => zone.properties.slug))
  else await render(linked)
  const { map } = atlas
  const view = store.state.view
  if (view) map.setView([view.lat, view.lng], view.zoom, { animate: false })
  else {
    const bounds = atlas.zones.boundsOf()
    if (bounds) map.fitBounds(bounds, { ...clearOfControls(atlas), animate: false })
    else map.setView([35, 38.5], 6)
  }
  const drawn = signalZonesDrawn(elements.map, atlas.zones.drawnCount)
  const shownView = () => {
    const center = map.getCenter()
    return { zoom: map.getZoom(), lat: center.lat, lng: center.lng }
  }
  elements.map.setAttribute('data-view', formatView(shownView())) // the view as drawn, so tests can compare it with the link
  map.on('moveend', () => store.set({ view: shownView() }))

  let urlTimer: number | null = null
  let restoringHistory = false
  store.subscribe((state, changed) => {
    if (['date', 'statuses', 'kinds', 'sponsor', 'query', 'sort', 'zone'].some((key) => changed.has(key as keyof AppState))) {
      void render(state)
    }
    if (changed.has('date')) slider?.setValue(state.date)
    if (urlTimer !== null) window.clearTimeout(urlTimer)
    const url = `${window.location.pathname}${writePermalink(state)}${window.location.hash}`
    // Opening or closing a card is a step the Back button undoes; dates, filters and views only
    // update the link (Play and a dragged slider would otherwise fill the history).
    if (changed.has('zone') && !restoringHistory) window.history.pushState(null, '', url)
    else if (changed.size === 1 && changed.has('view')) urlTimer = window.setTimeout(() => window.history.replaceState(null, '', url), 250)
    else window.history.replaceState(null, '', url)
    elements.map.setAttribute('data-view', state.view ? formatView(state.view) : '')
  })

  // Back and Forward: the page shows the state of that link (the map keeps its view).
  window.addEventListener('popstate', () => {
    const { view: _view, ...linked } = readPermalink(window.location.search)
    restoringHistory = true
    try {
      store.set(linked)
    } finally {
      restoringHistory = false
    }
  })

  if (drawEarly) await render(store.state)
  // The zones are painted before the rest, which can wait: with thousands of zones it takes a while.
  await drawn
  atlas.showBasemap()
  if (data.large) refiner = followZoomWithOutlines(atlas, api, data, () => shownDate ?? null)
  // The time slider, once the histories give the dates of every change.
  await data.loadHistories()
  void render(store.state) // again, now that the dates' precision is known
  const marks = marksFromHistories(latest, data.loaded)
  const end = todayIso()
  slider = new TimeSlider({ start: sliderStart(marks, end), end, value: store.state.date, onChange: (date) => store.set({ date }) })
  slider.setMarks(marks)
  elements.timebar.replaceChildren(slider.element)
  events.start()
  if (elements.account) new AccountMenu({ session, container: elements.account })
  session.subscribe(followSession)
  await session.restore().catch((error: unknown) => console.warn('the sign-in could not be checked', error))
  followSession()
  document.body.setAttribute('data-ready', 'true')
}

/**
 * Fit padding that keeps the data clear of the legend (when open), the other controls, and what is
 * drawn over the map (the panel on a phone), measured as they are on the screen.
 */
function clearOfControls(atlas: AtlasMap): L.FitBoundsOptions {
  const legend = atlas.legend.getContainer()
  const legendWidth = legend && legend.hasAttribute('open') ? legend.offsetWidth + 10 : 0
  const [pad] = FIT_PADDING as [number, number]
  // Leaflet measures its container once, and the time bar below it grows once loaded: the map may
  // end above where Leaflet thinks, so the free part is measured against Leaflet's own size.
  const map = atlas.map.getContainer().getBoundingClientRect()
  let freeBottom = map.bottom
  for (const cover of atlas.coveredBy.map((coverage) => coverage())) {
    // A sheet across the map's width from its lower edge (the phone's panel).
    if (cover && cover.top < map.bottom && cover.bottom > map.top && cover.left <= map.left && cover.right >= map.right) freeBottom = Math.min(freeBottom, cover.top)
  }
  const hiddenBelow = Math.max(0, map.top + atlas.map.getSize().y - freeBottom)
  return { paddingTopLeft: [pad + 40, pad], paddingBottomRight: [pad + legendWidth, pad + hiddenBelow] }
}

/** Brings a zone into view: always when asked, otherwise only if it is not wholly in the free part of the map. */
function revealOnMap(atlas: AtlasMap, slug: string, always = false): void {
  const bounds = atlas.zones.boundsOf([slug])
  if (!bounds) return
  const padding = clearOfControls(atlas)
  if (always || !inFreePart(atlas.map, bounds, padding)) atlas.map.fitBounds(bounds, { ...padding, maxZoom: always ? 10 : atlas.map.getZoom() })
}

/** Pans the map, if need be, so that a place is in the part of the map nothing covers. */
function keepInFreePart(atlas: AtlasMap, latlng: L.LatLng): void {
  const { paddingBottomRight } = clearOfControls(atlas)
  const [, hidden] = paddingBottomRight as [number, number]
  const freeBottom = atlas.map.getSize().y - hidden
  const point = atlas.map.latLngToContainerPoint(latlng)
  if (point.y > freeBottom) atlas.map.panBy([0, point.y - freeBottom / 2])
}

function inFreePart(map: L.Map, bounds: L.LatLngBounds, padding: L.FitBoundsOptions): boolean {
  const [left, top] = padding.paddingTopLeft as [number, number]
  const [right, bottom] = padding.paddingBottomRight as [number, number]
  const size = map.getSize()
  const northWest = map.latLngToContainerPoint(bounds.getNorthWest())
  const southEast = map.latLngToContainerPoint(bounds.getSouthEast())
  return northWest.x >= left && northWest.y >= top && southEast.x <= size.x - right && southEast.y <= size.y - bottom
}

/** A large collection's outlines, loaded for the overview, get finer for the zones in view as the map zooms in. */
function followZoomWithOutlines(atlas: AtlasMap, api: Api, data: ZoneData, shownDate: () => string | null): OutlineRefiner {
  return new OutlineRefiner(atlas.map, {
    loadedZoom: OVERVIEW_ZOOM,
    fetchOutlines: async (bbox, zoom, signal) => {
      const collection = await api.zones({ bbox, zoom, asOf: shownDate(), limit: 'all', properties: ['slug'] }, signal)
      return collection.features.map((zone) => ({ slug: zone.properties.slug, geometry: zone.geometry }))
    },
    // A change of date resets the refiner, which drops what was still on its way for the last one.
    onOutlines: (outlines) => void data.refineOutlines(shownDate(), outlines).then((slugs) => atlas.zones.redraw(slugs)),
  }).start()
}

/**
 * Says that zones could not be loaded, what the map still shows, and (given `retry`) offers to try
 * again; the next successful render takes the message away.
 */
function showError(container: HTMLElement, error: unknown, options: { shown?: string | null; retry?: () => void } = {}): void {
  const message = error instanceof Error ? error.message : String(error)
  container.querySelector('.ta-load-error')?.remove()
  const still = options.shown === undefined ? '' : ` The map still shows ${options.shown ? formatDate(options.shown) : 'today'}; check the connection and try again.`
  let again: HTMLButtonElement | null = null
  if (options.retry) {
    again = el('button', { type: 'button', class: 'ta-button ta-retry' }, 'Try again')
    again.addEventListener('click', options.retry)
  }
  container.prepend(el('p', { class: 'ta-error ta-load-error', role: 'alert' }, `The zones could not be loaded: ${message}.${still} `, again))
}
