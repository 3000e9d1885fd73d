import type { ClientConfig } from '../api-types.ts'
import { AccountMenu } from '../auth/account-menu.ts'
import { createSessionApi } from '../auth/session-api.ts'
import { createMap } from '../map/create-map.ts'
import { ensureHatchPatterns } from '../map/hatch-patterns.ts'
import type { ZoneEvent } from '../map/zones-layer.ts'
import { signalZonesDrawn } from '../map/zones-drawn-signal.ts'
import { SidePanel } from '../panel/side-panel.ts'
import { formatView, readPermalink, writePermalink } from '../permalink.ts'
import { initialPageState, Store, type PageState } from '../state.ts'
import { setTestHook } from '../test-hooks.ts'
import { ZoneData } from '../zone-data.ts'
import { filterZones } from '../zone-query.ts'
import { DateNavigation } from './date-navigation.ts'
import { followEditingSession } from './editing-tools.ts'
import { LinkHistory } from './link-history.ts'
import { LiveUpdates } from './live-updates.ts'
import { keepInFreePart, setFirstView, shownView } from './map-fit.ts'
import { ZoneCards } from './zone-cards.ts'
import { ZonesView } from './zones-view.ts'
import { CompareView } from './compare-view.ts'
import { IncidentsView } from './incidents-view.ts'
import { CompareControl } from '../controls/compare-control.ts'
import { RecordControl } from '../controls/record-control.ts'
import { ChangeList } from '../panel/change-list.ts'
import { todayIso } from '../dates.ts'
import { el } from '../dom.ts'
import { ShareDialog } from '../share/share-dialog.ts'
import { LANGUAGE } from '../i18n/index.ts'
import { marksFromHistories, sliderStart } from '../timeline-marks.ts'
import { addExportControl } from '../controls/export-control.ts'
import { pageExportContext } from '../export/page-export-context.ts'
import { fitMapWhenPrinting } from '../export/print-map.ts'

export interface AppElements {
  map: HTMLElement
  panel: HTMLElement
  panelToggle: HTMLButtonElement
  timebar: HTMLElement
  /** The header's corner for signing in and out; without it the page only reads. */
  account?: HTMLElement | null
  /** Where the header's "Share" button goes (link, iframe code of the embed). */
  share?: HTMLElement | null
}

/** The link's keys that change what is drawn or listed (the view only moves the map). */
const DRAWN_KEYS = ['date', 'statuses', 'kinds', 'sponsor', 'query', 'sort', 'zone', 'editing', 'compare'] as const satisfies readonly (keyof PageState)[]

/**
 * The page: reads the permalink, draws the map, and keeps the map, the list, the legend, the card,
 * the time slider and the URL in step through one store. Every zone change anyone commits arrives
 * as an event and is redrawn at once; a signed-in editor gets the editing tools.
 *
 * The store (state.ts, PageState) holds the page's state: the link's, the date and zones drawn,
 * whether the next card takes the focus, the editing tools. The modules here keep only the
 * bookkeeping of their own work (a pending timer, a reload in progress). What tests read that a
 * reader does not see goes through test-hooks.ts.
 */
export async function startApp(elements: AppElements, { api, session } = createSessionApi(LANGUAGE)): Promise<void> {
  ensureHatchPatterns()
  const store = new Store<PageState>(initialPageState(readPermalink(window.location.search)))
  // The zones load while the map is built: with thousands of them they take longest.
  // A link pinned to the record as it stood then reads every zone as recorded by then.
  const loading = new ZoneData(api, { recordedAsOf: store.state.recorded }).start()
  loading.catch(() => {}) // awaited below; this only keeps an early failure from being reported as unhandled
  // The time bar's tools are in place before Leaflet measures the map above it, which it does once.
  // Compare mode offers the map's date and today; outside a date, the first on record once it is known.
  let firstDay = todayIso
  const compareControl = new CompareControl({
    today: todayIso(),
    onChange: (compare) => store.set({ compare }),
    suggest: () => ({ from: store.state.date ?? firstDay(), to: todayIso() }),
  }).setValue(store.state.compare)
  store.subscribe((state, changed) => {
    if (changed.has('compare')) compareControl.setValue(state.compare)
  })
  // Another record is other data: the page starts again on the link that asks for it.
  const record = new RecordControl({ recorded: store.state.recorded, onChange: (recorded) => window.location.assign(`${window.location.pathname}${writePermalink({ ...store.state, recorded })}`) })
  elements.timebar.append(el('div', { class: 'ta-timebar-tools' }, compareControl.element, record.element))
  const config = await api.clientConfig().catch((): ClientConfig => ({ tiles: null }))
  const atlas = createMap(elements.map, config)
  const data = await loading
  atlas.zones.setDrawing(data.large ? 'canvas' : 'svg')
  addExportControl(atlas, pageExportContext(store, data))
  fitMapWhenPrinting(atlas.map)

  const view = new ZonesView({
    store,
    api,
    data,
    atlas,
    panelToggle: elements.panelToggle,
    onSelect: (slug) => cards.select(slug, true),
    onHover: (slug) => view.hover(slug),
  })
  const changes = new ChangeList({ onSelect: (slug) => cards.select(slug, true), onHover: (slug) => view.hover(slug) })
  const panel = new SidePanel({ container: elements.panel, toggle: elements.panelToggle, listView: [...view.listView, changes.element], onEscape: () => cards.close() })
  const cards = new ZoneCards({ store, data, atlas, panel, list: view.list, changes })
  const dates = new DateNavigation({ store, data, atlas, timebar: elements.timebar })
  const comparing = new CompareView({ store, api, data, atlas, changes, zoneList: view.list, timebar: elements.timebar })
  const incidents = new IncidentsView({ store, api, atlas })
  atlas.coveredBy.push(() => panel.coverage())

  atlas.zones.on('zonehover', (event) => view.hover((event as ZoneEvent).slug))
  const onZoneSelect = (event: unknown) => {
    const { slug, latlng } = event as ZoneEvent
    // While a shape is being edited, a click on another zone must not take its card away.
    if (!slug || store.state.editing?.editingShape) return
    cards.select(slug, false)
    // On a phone the card opens over the lower part of the map: the place tapped stays in sight.
    if (latlng) keepInFreePart(atlas, latlng)
  }
  atlas.zones.on('zoneselect', onZoneSelect)
  atlas.compare.on('zoneselect', onZoneSelect)

  /** Draws what the state asks for; fetches the zones of another date first, or both dates compared. */
  const render = (state: PageState): Promise<void> => {
    if (state.compare && comparing.update(state, state.compare)) return draw(state)
    if (state.compare) return comparing.show(state, state.compare).then((shown) => (shown ? draw(state) : undefined))
    comparing.hide()
    if (dates.isShown(state.date)) return draw(state)
    return dates.show(state.date).then((shown) => (shown ? draw(state) : undefined))
  }
  const draw = async (state: PageState): Promise<void> => {
    view.render(state)
    await cards.render(state)
  }

  // The first view: the permalink's, or fitted to all the zones. A large collection's outlines are
  // drawn as soon as they are in, while the properties the list needs are still on their way,
  // unless the link filters by what only those properties say.
  const linked = store.state
  const drawEarly = data.large && !linked.date && !linked.sponsor && !linked.query && !linked.compare
  if (drawEarly) atlas.zones.setZones(data.latest).show(filterZones(data.latest, linked).map((zone) => zone.properties.slug))
  else await render(linked)
  setFirstView(atlas, store.state.view)
  const drawn = signalZonesDrawn(elements.map, atlas.zones.drawnCount)
  setTestHook(elements.map, 'view', formatView(shownView(atlas.map)))
  atlas.map.on('moveend', () => store.set({ view: shownView(atlas.map) }))

  store.subscribe((state, changed) => {
    if (DRAWN_KEYS.some((key) => changed.has(key))) void render(state)
    if (changed.has('editing')) setTestHook(document.body, 'editing', state.editing ? 'true' : null)
    if (changed.has('view')) setTestHook(elements.map, 'view', state.view ? formatView(state.view) : '')
  })
  new LinkHistory(store)
  if (elements.share) new ShareDialog({ container: elements.share, state: () => store.state })

  if (drawEarly) await render(store.state)
  // The zones are painted before the rest, which can wait: with thousands of zones it takes a while.
  await drawn
  atlas.showBasemap()
  incidents.start()
  if (data.large) dates.followZoomWithOutlines(api)
  // The time slider, once the histories give the dates of every change.
  await data.loadHistories()
  void render(store.state) // again, now that the dates' precision is known
  const slider = dates.startSlider()
  firstDay = () => sliderStart(marksFromHistories(data.latest, data.loaded), todayIso())
  const live = new LiveUpdates({ store, data, atlas, slider, timebar: elements.timebar, render, onZoneChanged: () => comparing.invalidate() })
  // A pinned record does not change: the live feed is for the record as it is.
  if (!store.state.recorded) live.start()
  if (elements.account) new AccountMenu({ session, container: elements.account })
  const checkEditing = followEditingSession({
    api,
    session,
    store,
    atlas,
    panel,
    timebar: elements.timebar,
    select: (slug) => cards.select(slug ?? '', true),
    refreshZone: (id, action) => live.refreshZone(id, action),
  })
  await session.restore().catch((error: unknown) => console.warn('the sign-in could not be checked', error))
  checkEditing()
  setTestHook(document.body, 'ready', 'true')
}
