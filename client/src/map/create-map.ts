import L from 'leaflet'
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png'
import iconUrl from 'leaflet/dist/images/marker-icon.png'
import shadowUrl from 'leaflet/dist/images/marker-shadow.png'
import countriesUrl from 'world-atlas/countries-50m.json?url'
import governoratesUrl from 'virtual:sy-governorates-url'
import type { ClientConfig } from '../api-types.ts'
import { LegendControl } from '../controls/legend-control.ts'
import { t } from '../i18n/index.ts'
import { GovernoratesLayer } from './governorates-layer.ts'
import { stopGuessingIconPath } from './leaflet-internals.ts'
import { OfflineBasemap } from './offline-basemap.ts'
import { onlineTileLayer } from './online-tile-layer.ts'
import { ZonesLayer } from './zones-layer.ts'
import { CompareLayer } from './compare-layer.ts'
import { localiseLeafletText, mirrored } from './map-direction.ts'

export interface AtlasMap {
  map: L.Map
  zones: ZonesLayer
  /** Compare mode's map, on the map instead of `zones` while comparing two dates. */
  compare: CompareLayer
  legend: LegendControl
  /** The layer control: its base layers and overlays (others may add theirs). */
  layers: L.Control.Layers
  basemap: OfflineBasemap
  governorates: GovernoratesLayer
  /** Puts the basemap and the governorates on the map (see createMap). */
  showBasemap(): void
  /**
   * What is drawn over the map (the panel, as a sheet on a phone): each gives the box it covers on
   * the screen, or null. Fitting and revealing zones keep them clear of these.
   */
  coveredBy: (() => DOMRect | null)[]
}

/** Below this zoom the governorate names are hidden (see map.css). */
const LOW_ZOOM = 6

/**
 * The Leaflet map with its layers and controls: the offline basemap (on), the online tiles (a
 * choice in the layer control, off), the governorates, the zones, the legend and a scale, each
 * control in its corner as the page's direction puts it (map-direction.ts).
 * The basemap and the governorates are fetched and built at once but go on the map with
 * showBasemap(), once the zones are painted: adding the world's countries to a map takes about as
 * long as adding thousands of zones, and the zones are what the page is for.
 */
export function createMap(container: HTMLElement, config: ClientConfig): AtlasMap {
  useBundledMarkerImages()
  // zoomSnap 0.25: the first view fits the data closely; the zoom buttons still step by whole levels.
  const map = L.map(container, { zoomControl: false, minZoom: 2, maxZoom: 14, zoomSnap: 0.25, worldCopyJump: true, keyboard: true, attributionControl: true })
  L.control.zoom({ position: mirrored('topleft'), zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map)
  map.attributionControl.setPosition(mirrored('bottomright'))
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" rel="noopener noreferrer" target="_blank">Leaflet</a>')
  const basemap = new OfflineBasemap({ countriesUrl }).preload()
  const governorates = new GovernoratesLayer({ url: governoratesUrl }).preload()
  const zones = new ZonesLayer().addTo(map)
  const baseLayers: Record<string, L.Layer> = { [t('map.offlineBasemap')]: basemap }
  if (config.tiles) baseLayers[t('map.onlineTiles')] = onlineTileLayer(config.tiles)
  const layers = L.control.layers(baseLayers, { [t('map.governorates')]: governorates, [t('map.zones')]: zones }, { position: mirrored('topright'), collapsed: true }).addTo(map)
  const legend = new LegendControl({ position: mirrored('topright'), open: !window.matchMedia('(max-width: 720px)').matches }).addTo(map)
  const scale = L.control.scale({ position: mirrored('bottomleft'), imperial: false }).addTo(map)
  localiseLeafletText(map, layers, scale)
  const markZoom = () => container.classList.toggle('ta-low-zoom', map.getZoom() < LOW_ZOOM)
  map.on('zoomend', markZoom)
  map.whenReady(markZoom)
  const showBasemap = () => {
    basemap.addTo(map)
    governorates.addTo(map)
  }
  return { map, zones, compare: new CompareLayer(), legend, layers, basemap, governorates, showBasemap, coveredBy: [] }
}

/**
 * Leaflet guesses its marker image path from its CSS, which breaks once a bundler renames the
 * images: point the default icon at the bundled files instead.
 */
function useBundledMarkerImages(): void {
  stopGuessingIconPath(L.Icon.Default)
  L.Icon.Default.mergeOptions({ iconUrl, iconRetinaUrl, shadowUrl })
}
