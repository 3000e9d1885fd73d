import L from 'leaflet'
import type { Api } from '../api.ts'
import type { ClientConfig, ZoneFeature } from '../api-types.ts'
import { setFirstView, shownView } from '../app/map-fit.ts'
import { formatDate, todayIso } from '../dates.ts'
import { el, replaceChildren } from '../dom.ts'
import { LANGUAGE, t } from '../i18n/index.ts'
import { createMap } from '../map/create-map.ts'
import { ensureHatchPatterns } from '../map/hatch-patterns.ts'
import type { ZoneEvent } from '../map/zones-layer.ts'
import { signalZonesDrawn } from '../map/zones-drawn-signal.ts'
import { recordedText } from '../panel/recorded-text.ts'
import { formatView } from '../permalink.ts'
import type { AppState } from '../state.ts'
import { setTestHook } from '../test-hooks.ts'
import { countByKind, countByStatus, filterZones } from '../zone-query.ts'
import { mapUrl, readEmbedLink } from './embed-link.ts'
import { loadEmbedZones } from './embed-zones.ts'
import { zonePopup } from './zone-popup.ts'
import { addExportControl } from '../controls/export-control.ts'

/** The narrowest frame (CSS pixels) whose legend opens at once: the Share dialog's small size. */
const COMPACT_LEGEND_OPEN_WIDTH = 480

export interface EmbedElements {
  map: HTMLElement
  /** Under the map: the date shown, "as recorded on" when pinned, and the link to the full map. */
  caption: HTMLElement
}

/**
 * The embed (/embed): the map alone, for a page of another site. It reads the map page's permalink
 * (filters, zone, date, view, recorded_as_of) and draws those zones with the map page's own
 * modules (createMap, ZonesLayer, the legend), with no panel, no time slider, no editing and no
 * sign-in. A click on a zone opens a popup with a link to the full map; the caption says which
 * date is shown and, when pinned, as recorded when.
 */
export async function startEmbed(elements: EmbedElements, api: Api): Promise<void> {
  ensureHatchPatterns()
  const { state, settings } = readEmbedLink(window.location.search)
  const loading = loadEmbedZones(api, state)
  loading.catch(() => {}) // awaited below; this only keeps an early failure from being reported as unhandled
  const config = await api.clientConfig().catch((): ClientConfig => ({ tiles: null }))
  elements.map.setAttribute('aria-label', t('embed.mapLabel'))
  const atlas = createMap(elements.map, config)
  const legend = atlas.legend.getContainer() as HTMLDetailsElement | undefined
  if (!settings.legend) atlas.legend.remove()
  else if (legend) {
    legend.classList.add('ta-legend-compact')
    // Open in a frame of an article's width; folded in a smaller one, where it would cover the map.
    legend.open = window.innerWidth >= COMPACT_LEGEND_OPEN_WIDTH
  }

  const { zones, large, dataVersion, retrievedAt } = await loading
  const visible = filterZones(zones, state).filter((zone) => zone.geometry)
  atlas.zones.setDrawing(large ? 'canvas' : 'svg')
  atlas.zones.setZones(zones).show(visible.map((zone) => zone.properties.slug))
  atlas.zones.select(state.zone)
  atlas.legend.setCounts({ statuses: countByStatus(visible), kinds: countByKind(visible) })
  setFirstView(atlas, state.view)
  setTestHook(elements.map, 'date', state.date ?? 'latest')
  const drawn = signalZonesDrawn(elements.map, atlas.zones.drawnCount)

  const here = (patch: Partial<AppState> = {}) => mapUrl(window.location.origin, { ...state, view: shownView(atlas.map), ...patch }, LANGUAGE)
  addExportControl(atlas, { describe: () => ({ date: state.date ?? null, dataVersion, retrievedAt, permalink: here() }) })
  const open = el('a', { class: 'ta-embed-open', href: here(), target: '_blank', rel: 'noopener', title: t('embed.openTitle') }, t('embed.open'))
  replaceChildren(elements.caption, ...captionText(state, visible.length, zones.length), open)
  atlas.map.on('moveend', () => {
    open.href = here()
    setTestHook(elements.map, 'view', formatView(shownView(atlas.map)))
  })

  const bySlug = new Map(visible.map((zone) => [zone.properties.slug, zone]))
  const showPopup = (zone: ZoneFeature, at?: L.LatLng) => {
    const where = at ?? atlas.zones.boundsOf([zone.properties.slug])?.getCenter()
    if (!where) return
    atlas.zones.select(zone.properties.slug)
    L.popup({ className: 'ta-embed-popup-frame', maxWidth: 260, autoPanPadding: [16, 16] })
      .setLatLng(where)
      .setContent(zonePopup(zone, here({ zone: zone.properties.slug })))
      .openOn(atlas.map)
  }
  atlas.zones.on('zoneselect', (event) => {
    const { slug, latlng } = event as ZoneEvent
    const zone = slug ? bySlug.get(slug) : undefined
    if (zone) showPopup(zone, latlng)
  })
  atlas.map.on('popupclose', () => atlas.zones.select(null))

  await drawn
  atlas.showBasemap()
  const selected = state.zone ? bySlug.get(state.zone) : undefined
  if (selected) showPopup(selected)
  setTestHook(document.body, 'ready', 'true')
}

/** The caption's text: the date (today's for the latest), how many zones the filters leave, and the record's time when pinned. */
function captionText(state: AppState, shown: number, total: number): HTMLElement[] {
  const date = state.date ? t('embed.onDate', { date: formatDate(state.date) }) : t('embed.latest', { date: formatDate(todayIso()) })
  const parts = [el('strong', { class: 'ta-embed-date' }, date)]
  if (shown === 0) parts.push(el('span', { class: 'ta-embed-count' }, t('embed.none')))
  else if (shown < total) parts.push(el('span', { class: 'ta-embed-count' }, t('embed.filtered', { shown, total })))
  if (state.recorded) parts.push(el('span', { class: 'ta-embed-recorded', 'data-recorded': state.recorded }, recordedText(state.recorded)))
  return parts
}
