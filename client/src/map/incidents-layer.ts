import L from 'leaflet'
import type { Feature, Geometry, Point, Position } from 'geojson'
import Supercluster, { type ClusterFeature } from 'supercluster'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import type { DayWindow, IncidentProperties, IncidentSet } from '../incidents/incident-types.ts'
import { CLUSTER_COLOUR, clusterRadius, incidentCircle } from './incident-style.ts'
import { incidentPopupContent } from './incident-popup.ts'
import { IncidentsNotice } from './incidents-notice.ts'
import { ensureIncidentPanes, INCIDENT_CLUSTERS_PANE, INCIDENT_LABELS_PANE, INCIDENTS_PANE } from './panes.ts'

export interface IncidentsLayerOptions extends L.LayerOptions {
  /** Reads every incident of a window (the API's GET /incidents). */
  load: (window: DayWindow, signal: AbortSignal) => Promise<IncidentSet>
  /** How long the window must stay put before it is fetched, in ms (a slider played runs through dates). Default: 300. */
  delay?: number
  /** Incidents nearer than this many screen pixels are drawn as one cluster. Default: 40. */
  clusterRadius?: number
  /** Windows whose incidents are kept, to step back and forth without fetching again. Default: 4. */
  keep?: number
  /** At most this many incidents of a cluster that cannot be split are listed in its popup. Default: 10. */
  listed?: number
}

/** A window's incidents, clustered. */
interface Loaded {
  window: DayWindow
  set: IncidentSet
  index: Supercluster<IncidentProperties>
}

/** What is drawn where, for finding what a click or the pointer is on. */
interface Mark {
  latlng: L.LatLng
  radius: number
  feature: Feature<Point, IncidentProperties> | ClusterFeature
}

/** A click that moved the pointer further than this (px) was a drag of the map, not a click. */
const CLICK_SLOP = 5

/**
 * The incidents of a window of days (the map's date and the days before it), clustered with
 * supercluster and drawn on canvases: clusters as dark discs sized by their count with the count
 * written on them (both over the zones' names, see panes.ts), single incidents as small circles in
 * the colour of their type (hollow when placed only to a region), under the zones' symbols. A click on a cluster zooms in to where it splits (or, where it never does, lists
 * its incidents); a click on an incident shows what is known of it. The window's incidents are
 * fetched once per window (after `delay`), not on every pan; a notice on the map says how many are
 * drawn, or that there were more than the API is read for.
 *
 * The canvases let the pointer through to the zones under it: the layer finds what a click is on
 * itself, from what it drew, and takes only the clicks that land on an incident or a cluster.
 *
 * Fires 'incidentsload' ({window, count, capped}) once a window's incidents are drawn, and
 * 'incidentserror' ({window, error}).
 */
export class IncidentsLayer extends L.Layer {
  declare options: IncidentsLayerOptions & L.LayerOptions
  #map: L.Map | null = null
  #renderer: L.Canvas | null = null
  #clusterRenderer: L.Canvas | null = null
  readonly #drawn = L.layerGroup()
  readonly #notice = new IncidentsNotice()
  #marks: Mark[] = []
  #window: DayWindow | null = null
  #shown: Loaded | null = null
  readonly #kept = new Map<string, Loaded>()
  #timer: ReturnType<typeof setTimeout> | undefined
  #loading: AbortController | null = null
  #pointerDown: { x: number; y: number } | null = null

  constructor(options: IncidentsLayerOptions) {
    super(options)
    L.Util.setOptions(this, { delay: 300, clusterRadius: 40, keep: 4, listed: 10, ...options })
  }

  /** The days whose incidents to draw (null: none). Fetched after `delay` when the layer is on the map, else once it is added. */
  setWindow(window: DayWindow | null): this {
    if (sameWindow(window, this.#window)) return this
    this.#window = window
    if (this.#map) this.#schedule(this.options.delay ?? 300)
    return this
  }

  getWindow(): DayWindow | null {
    return this.#window
  }

  override onAdd(map: L.Map): this {
    this.#map = map
    ensureIncidentPanes(map)
    this.#renderer = L.canvas({ pane: INCIDENTS_PANE, padding: 0.2 })
    this.#clusterRenderer = L.canvas({ pane: INCIDENT_CLUSTERS_PANE, padding: 0.2 })
    this.#drawn.addTo(map)
    this.#notice.addTo(map)
    map.on('moveend', this.#draw, this)
    const container = map.getContainer()
    container.addEventListener('pointerdown', this.#onPointerDown, true)
    container.addEventListener('click', this.#onClick, true)
    container.addEventListener('pointermove', this.#onPointerMove, { passive: true })
    this.#schedule(0)
    return this
  }

  override onRemove(map: L.Map): this {
    clearTimeout(this.#timer)
    this.#loading?.abort()
    this.#loading = null
    const container = map.getContainer()
    container.removeEventListener('pointerdown', this.#onPointerDown, true)
    container.removeEventListener('click', this.#onClick, true)
    container.removeEventListener('pointermove', this.#onPointerMove)
    container.classList.remove('ta-incident-hover')
    map.off('moveend', this.#draw, this)
    this.#notice.remove()
    this.#drawn.clearLayers().remove()
    for (const renderer of [this.#renderer, this.#clusterRenderer]) if (renderer) map.removeLayer(renderer)
    this.#renderer = null
    this.#clusterRenderer = null
    this.#marks = []
    this.#shown = null
    this.#map = null
    return this
  }

  #schedule(delay: number): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.#load(), delay)
  }

  async #load(): Promise<void> {
    const window = this.#window
    if (!this.#map) return
    this.#loading?.abort()
    this.#loading = null
    if (!window) {
      this.#shown = null
      this.#draw()
      return
    }
    const kept = this.#kept.get(windowKey(window))
    if (kept) return this.#show(kept)
    const loading = new AbortController()
    this.#loading = loading
    this.#notice.loading(window)
    try {
      const set = await this.options.load(window, loading.signal)
      if (loading.signal.aborted || !this.#map) return
      this.#loading = null
      this.#show(this.#keep({ window, set, index: this.#cluster(set) }))
    } catch (error) {
      if (loading.signal.aborted || !this.#map) return
      this.#loading = null
      this.#shown = null
      this.#draw()
      this.#notice.failed(window, error)
      this.fire('incidentserror', { window, error })
    }
  }

  #show(loaded: Loaded): void {
    this.#shown = loaded
    this.#draw()
    this.#notice.shown(loaded.window, loaded.set)
    this.fire('incidentsload', { window: loaded.window, count: loaded.set.features.length, capped: loaded.set.capped })
  }

  #keep(loaded: Loaded): Loaded {
    this.#kept.set(windowKey(loaded.window), loaded)
    for (const key of this.#kept.keys()) if (this.#kept.size > (this.options.keep ?? 4)) this.#kept.delete(key)
    return loaded
  }

  #cluster(set: IncidentSet): Supercluster<IncidentProperties> {
    const points: Feature<Point, IncidentProperties>[] = []
    for (const feature of set.features) {
      const position = markerPosition(feature.geometry)
      if (position) points.push({ type: 'Feature', geometry: { type: 'Point', coordinates: position }, properties: feature.properties })
    }
    // extent 256: supercluster's pixels are Leaflet's (256 px tiles). Up to the map's last zoom
    // incidents at one place stay a cluster, which then lists them.
    const maxZoom = Math.ceil(this.#map?.getMaxZoom() ?? 18)
    return new Supercluster<IncidentProperties>({ radius: this.options.clusterRadius ?? 40, extent: 256, maxZoom, minPoints: 2 }).load(points)
  }

  /** Draws the clusters and incidents in and around the view, at the view's zoom. */
  #draw(): void {
    const map = this.#map
    const renderer = this.#renderer
    const clusterRenderer = this.#clusterRenderer
    this.#drawn.clearLayers()
    this.#marks = []
    if (!map || !renderer || !clusterRenderer || !this.#shown) return
    const bounds = map.getBounds().pad(0.2)
    const bbox: [number, number, number, number] = [
      Math.max(-180, bounds.getWest()),
      Math.max(-85, bounds.getSouth()),
      Math.min(180, bounds.getEast()),
      Math.min(85, bounds.getNorth()),
    ]
    const features = this.#shown.index.getClusters(bbox, Math.floor(map.getZoom()))
    // Single incidents first, clusters over them.
    features.sort((a, b) => Number(isCluster(a)) - Number(isCluster(b)))
    for (const feature of features) {
      const [lng, lat] = feature.geometry.coordinates as [number, number]
      const latlng = L.latLng(lat, lng)
      if (isCluster(feature)) {
        const count = feature.properties.point_count
        const radius = clusterRadius(count)
        this.#drawn.addLayer(L.circleMarker(latlng, { renderer: clusterRenderer, interactive: false, radius, color: '#ffffff', weight: 1.5, fillColor: CLUSTER_COLOUR, fillOpacity: 0.85 }))
        this.#drawn.addLayer(L.marker(latlng, { pane: INCIDENT_LABELS_PANE, interactive: false, keyboard: false, icon: countIcon(count, radius) }))
        this.#marks.push({ latlng, radius, feature })
      } else {
        const style = incidentCircle(feature.properties)
        this.#drawn.addLayer(L.circleMarker(latlng, { renderer, interactive: false, ...style }))
        this.#marks.push({ latlng, radius: style.radius, feature })
      }
    }
  }

  /** The topmost cluster or incident drawn under a point of the map's container, if any. */
  #markAt(point: L.Point): Mark | null {
    const map = this.#map
    if (!map) return null
    for (let i = this.#marks.length - 1; i >= 0; i--) {
      const mark = this.#marks[i]!
      if (map.latLngToContainerPoint(mark.latlng).distanceTo(point) <= mark.radius + 2) return mark
    }
    return null
  }

  /** A pointer event on the map itself (not on a control or a popup), as a point of its container. */
  #mapPoint(event: MouseEvent): L.Point | null {
    const map = this.#map
    const target = event.target instanceof Element ? event.target : null
    if (!map || !target || target.closest('.leaflet-popup-pane')) return null
    // On the map: its container itself (where nothing takes the pointer) or anything in its panes, not a control.
    if (target !== map.getContainer() && !map.getPane('mapPane')?.contains(target)) return null
    return map.mouseEventToContainerPoint(event)
  }

  readonly #onPointerDown = (event: PointerEvent): void => {
    this.#pointerDown = { x: event.clientX, y: event.clientY }
  }

  readonly #onPointerMove = (event: PointerEvent): void => {
    const point = this.#mapPoint(event)
    this.#map?.getContainer().classList.toggle('ta-incident-hover', Boolean(point && this.#markAt(point)))
  }

  readonly #onClick = (event: MouseEvent): void => {
    const map = this.#map
    const point = this.#mapPoint(event)
    const down = this.#pointerDown
    if (!map || !point || !this.#shown) return
    if (down && Math.hypot(event.clientX - down.x, event.clientY - down.y) > CLICK_SLOP) return
    const mark = this.#markAt(point)
    if (!mark) return
    // Taken here, before the zone under it (or the map) sees the click.
    event.stopPropagation()
    event.preventDefault()
    const feature = mark.feature
    if (!isCluster(feature)) {
      L.popup({ maxWidth: 300, className: 'ta-incident-popup-frame' }).setLatLng(mark.latlng).setContent(incidentPopupContent(feature.properties)).openOn(map)
      return
    }
    const index = this.#shown.index
    const zoom = index.getClusterExpansionZoom(feature.properties.cluster_id)
    if (zoom <= map.getMaxZoom()) map.setView(mark.latlng, zoom)
    else L.popup({ maxWidth: 320, className: 'ta-incident-popup-frame' }).setLatLng(mark.latlng).setContent(this.#clusterList(feature)).openOn(map)
  }

  /** The incidents of a cluster that no zoom splits (all at one place). */
  #clusterList(cluster: ClusterFeature): HTMLElement {
    const listed = this.options.listed ?? 10
    const count = cluster.properties.point_count
    const leaves = this.#shown?.index.getLeaves(cluster.properties.cluster_id, listed) ?? []
    return el(
      'div',
      { class: 'ta-incident-list' },
      el('p', { class: 'ta-incident-list-head' }, t('incidents.atPlace', { count })),
      el('ol', {}, ...leaves.map((leaf) => el('li', {}, incidentPopupContent(leaf.properties)))),
      count > leaves.length ? el('p', { class: 'ta-muted' }, t('incidents.andMore', { count: count - leaves.length })) : null,
    )
  }
}

function isCluster(feature: Feature<Point, IncidentProperties> | ClusterFeature): feature is ClusterFeature {
  return (feature.properties as Partial<ClusterFeature['properties']>).cluster === true
}

/** The count written on a cluster, in a label as wide as the disc. */
function countIcon(count: number, radius: number): L.DivIcon {
  const label = el('span', {}, count >= 10_000 ? `${Math.round(count / 1000)}k` : String(count))
  return L.divIcon({ className: 'ta-incident-count', html: label, iconSize: [radius * 2, radius * 2] })
}

/** Where an incident is drawn: its point, or the middle of the box of a multipoint or an area. */
function markerPosition(geometry: Geometry | null): Position | null {
  if (!geometry) return null
  if (geometry.type === 'Point') return geometry.coordinates
  const positions: Position[] = []
  const collect = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') positions.push(value as Position)
    else if (Array.isArray(value)) value.forEach(collect)
  }
  if ('coordinates' in geometry) collect(geometry.coordinates)
  if (positions.length === 0) return null
  const xs = positions.map((position) => position[0]!)
  const ys = positions.map((position) => position[1]!)
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2]
}

function windowKey(window: DayWindow): string {
  return `${window.from}/${window.to}`
}

function sameWindow(a: DayWindow | null, b: DayWindow | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to)
}
