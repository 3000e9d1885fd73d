import L from 'leaflet'
import type { FeatureCollection, Geometry } from 'geojson'
import { el } from '../dom.ts'

export interface ImportPreviewOptions extends L.LayerOptions {
  collection: FeatureCollection<Geometry | null>
}

const STYLE: L.PathOptions = { color: '#4b2c91', weight: 3, opacity: 0.95, fillOpacity: 0.15, dashArray: '6 4', className: 'ta-import-preview' }
const FAULTY: L.PathOptions = { color: '#a3130c', weight: 4, opacity: 1, fillOpacity: 0.2, dashArray: undefined, className: 'ta-import-preview is-faulty' }

/**
 * The features of a file being imported, drawn over the map before anything is created; the ones
 * the server refused are drawn in red. Each carries data-import-index (its place in the file).
 */
export class ImportPreviewLayer extends L.Layer {
  declare options: ImportPreviewOptions
  readonly #group = L.featureGroup()
  readonly #byIndex = new Map<number, L.GeoJSON>()

  constructor(options: ImportPreviewOptions) {
    super(options)
    L.Util.setOptions(this, options)
    options.collection.features.forEach((feature, index) => {
      if (!feature?.geometry) return
      const name = typeof feature.properties?.['name'] === 'string' ? (feature.properties['name'] as string) : `Feature ${index + 1}`
      const layer = L.geoJSON(feature, {
        style: () => STYLE,
        pointToLayer: (_point, latlng) => L.circleMarker(latlng, { ...STYLE, radius: 8, fillOpacity: 0.6 }),
      })
      layer.bindTooltip(el('span', {}, `${index + 1}. ${name}`), { className: 'ta-import-label' })
      layer.on('add', () => this.#tag(index))
      this.#byIndex.set(index, layer)
      layer.addTo(this.#group)
    })
  }

  override onAdd(map: L.Map): this {
    this.#group.addTo(map)
    for (const index of this.#byIndex.keys()) this.#tag(index)
    return this
  }

  override onRemove(): this {
    this.#group.remove()
    return this
  }

  bounds(): L.LatLngBounds | null {
    const bounds = this.#group.getBounds()
    return bounds.isValid() ? bounds : null
  }

  /** Draws these features (by their place in the file) as refused, the others as fine. */
  markFaulty(indexes: Iterable<number>): void {
    const faulty = new Set(indexes)
    for (const [index, layer] of this.#byIndex) {
      layer.setStyle(faulty.has(index) ? FAULTY : STYLE)
      this.#tag(index, faulty.has(index))
    }
  }

  #tag(index: number, faulty = false): void {
    this.#byIndex.get(index)?.eachLayer((layer) => {
      const element = (layer as L.Path).getElement?.()
      if (!element) return
      element.setAttribute('data-import-index', String(index))
      element.classList.toggle('is-faulty', faulty)
    })
  }
}
