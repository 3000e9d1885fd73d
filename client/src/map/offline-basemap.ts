import L from 'leaflet'
import { feature, mesh } from 'topojson-client'
import type { FeatureCollection, Geometry } from 'geojson'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { BASEMAP_LABEL_PANE, BASEMAP_PANE } from './panes.ts'
import { FetchedLayerGroup } from './fetched-layer-group.ts'
import { placeName } from './place-names.ts'
import { escapeHtml } from '../dom.ts'
import { t } from '../i18n/index.ts'

export interface OfflineBasemapOptions extends L.LayerOptions {
  /** URL of world-atlas' countries TopoJSON (bundled as a hashed asset). */
  countriesUrl: string
  /** The country drawn a little lighter, by its Natural Earth name. Default: 'Syria'. */
  focusCountry?: string
  /** Countries within this many degrees of the focus country get a name label. Default: 3. */
  labelRadius?: number
}

const LAND = '#ece8dc'
const FOCUS_LAND = '#f8f6ef'

/**
 * The basemap that needs no network: Natural Earth countries and coastlines from world-atlas,
 * drawn on a canvas below the zones, with the names of the focus country's neighbours.
 * Fires 'load' once drawn (and the basemap test hook says "ready").
 */
export class OfflineBasemap extends FetchedLayerGroup {
  declare options: OfflineBasemapOptions & L.LayerOptions
  protected readonly marker = 'basemap'
  protected readonly title = 'The offline basemap'

  constructor(options: OfflineBasemapOptions) {
    super([], { attribution: `${escapeHtml(t('map.borders'))} <a href="https://www.naturalearthdata.com/">Natural Earth</a>`, ...options })
    L.Util.setOptions(this, { focusCountry: 'Syria', labelRadius: 3, ...options })
  }

  protected async draw(): Promise<void> {
    const response = await fetch(this.options.countriesUrl)
    if (!response.ok) throw new Error(`OfflineBasemap: ${this.options.countriesUrl} answered HTTP ${response.status}`)
    const topology = (await response.json()) as Topology<{ countries: GeometryCollection<{ name: string }> }>
    const countries = topology.objects.countries
    const renderer = L.canvas({ pane: BASEMAP_PANE, padding: 0.5 })
    const common = { renderer, interactive: false, pane: BASEMAP_PANE }
    const collection = feature(topology, countries) as FeatureCollection<Geometry, { name: string }>
    const focus = this.options.focusCountry
    this.addLayer(
      L.geoJSON(collection, {
        ...common,
        style: (country) => ({ stroke: false, fill: true, fillColor: country?.properties.name === focus ? FOCUS_LAND : LAND, fillOpacity: 1 }),
      }),
    )
    this.addLayer(L.geoJSON(mesh(topology, countries, (a, b) => a === b), { ...common, style: { color: '#6f93a8', weight: 1, fill: false } }))
    this.addLayer(L.geoJSON(mesh(topology, countries, (a, b) => a !== b), { ...common, style: { color: '#7d7466', weight: 1.4, fill: false } }))
    this.#addCountryLabels(collection)
  }

  #addCountryLabels(collection: FeatureCollection<Geometry, { name: string }>): void {
    const focus = collection.features.find((item) => item.properties.name === this.options.focusCountry)
    if (!focus) return
    const focusBounds = L.geoJSON(focus).getBounds()
    const centre = focusBounds.getCenter()
    const radius = this.options.labelRadius!
    const near = focusBounds.pad(0).extend([focusBounds.getSouth() - radius, focusBounds.getWest() - radius]).extend([focusBounds.getNorth() + radius, focusBounds.getEast() + radius])
    for (const country of collection.features) {
      const bounds = L.geoJSON(country).getBounds()
      if (country === focus || !near.intersects(bounds)) continue
      this.addLayer(
        L.tooltip({ permanent: true, direction: 'center', className: 'ta-place-label', interactive: false, pane: BASEMAP_LABEL_PANE, opacity: 1 })
          .setLatLng(labelPointTowards(country.geometry, centre, bounds.getCenter()))
          .setContent(textNode(placeName(country.properties.name, country.properties.name))),
      )
    }
  }
}

/**
 * Where a neighbour's name goes: its vertex nearest the focus country's centre, moved a quarter of
 * the way towards its own centre, so the name shows beside the focus country rather than far away.
 */
function labelPointTowards(geometry: Geometry, target: L.LatLng, ownCentre: L.LatLng): L.LatLng {
  const best = { lat: 0, lng: 0, distance: Infinity }
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return
    if (typeof value[0] === 'number') {
      const [lng, lat] = value as [number, number]
      const distance = (lat - target.lat) ** 2 + (lng - target.lng) ** 2
      if (distance < best.distance) Object.assign(best, { lat, lng, distance })
      return
    }
    for (const item of value) visit(item)
  }
  if ('coordinates' in geometry) visit(geometry.coordinates)
  if (best.distance === Infinity) return ownCentre
  return L.latLng(best.lat + (ownCentre.lat - best.lat) * 0.25, best.lng + (ownCentre.lng - best.lng) * 0.25)
}


function textNode(text: string): HTMLElement {
  const span = document.createElement('span')
  span.textContent = text
  return span
}
