import L from 'leaflet'
import type { Geometry } from 'geojson'
import { collectParts, type Parts } from '../collect-parts.ts'
import { el } from '../dom.ts'
import { shortName } from '../labels.ts'
import { changeSummary, type ComparedZone, type CompareChange } from '../zone-compare.ts'
import { beforeOutlineStyle, canvasComparePathStyle, comparePathStyle, ensureComparePatterns } from './compare-style.ts'
import { ZONE_LINES_PANE, ensureZoneLinesPane } from './panes.ts'

export interface CompareLayerOptions extends L.LayerOptions {
  /** 'canvas' for large collections (plain fills instead of patterns). Default: 'svg'. */
  drawing?: 'svg' | 'canvas'
}

/** Unchanged zones underneath, the changes above them, the changed ones on top. */
const DRAW_ORDER: Record<CompareChange, number> = { unchanged: 0, removed: 1, added: 2, changed: 3 }

/**
 * Compare mode's map: every compared zone drawn as what became of it between the two dates (see
 * compare-style.ts). Each shape's element carries data-zone, data-change and the class
 * ta-compare-<change>. A click fires 'zoneselect' as the zones layer does.
 */
export class CompareLayer extends L.Layer {
  declare options: CompareLayerOptions
  readonly #group = L.featureGroup()
  readonly #shapes = new Map<string, L.FeatureGroup>()
  #canvas: L.Canvas | null = null
  #selected: string | null = null

  constructor(options: CompareLayerOptions = {}) {
    super(options)
    L.Util.setOptions(this, { drawing: 'svg', ...options })
  }

  override onAdd(map: L.Map): this {
    ensureZoneLinesPane(map)
    ensureComparePatterns()
    this.#group.addTo(map)
    return this
  }

  override onRemove(): this {
    this.#group.remove()
    return this
  }

  setDrawing(drawing: 'svg' | 'canvas'): this {
    this.options.drawing = drawing
    return this
  }

  /** Draws these zones, replacing those drawn. */
  setZones(compared: readonly ComparedZone[]): this {
    this.#group.clearLayers()
    this.#shapes.clear()
    for (const zone of [...compared].sort((a, b) => DRAW_ORDER[a.change] - DRAW_ORDER[b.change])) {
      const shape = this.#build(zone)
      if (!shape) continue
      this.#shapes.set(zone.slug, shape)
      this.#group.addLayer(shape)
    }
    this.select(this.#selected)
    return this
  }

  select(slug: string | null): this {
    this.#selected = slug
    for (const [shapeSlug, shape] of this.#shapes) {
      shape.eachLayer((layer) => (layer as L.Path).getElement?.()?.classList.toggle('is-selected', shapeSlug === slug))
    }
    if (slug) this.#shapes.get(slug)?.bringToFront()
    return this
  }

  has(slug: string): boolean {
    return this.#shapes.has(slug)
  }

  /** The bounds of a zone drawn, or of them all. */
  boundsOf(slug?: string): L.LatLngBounds | null {
    const bounds = slug === undefined ? this.#group.getBounds() : this.#shapes.get(slug)?.getBounds()
    return bounds?.isValid() ? bounds : null
  }

  #build(zone: ComparedZone): L.FeatureGroup | null {
    const feature = zone.after ?? zone.before
    if (!feature?.geometry) return null
    const group = L.featureGroup()
    const canvas = this.options.drawing === 'canvas'
    const style = canvas ? canvasComparePathStyle(zone.change) : comparePathStyle(zone.change)
    const renderer = canvas ? this.#canvasRenderer() : undefined
    const common = { ...style, className: `ta-compare-shape ta-compare-${zone.change}`, bubblingMouseEvents: false, ...(renderer ? { renderer } : {}) }
    if (zone.boundaryChanged && zone.before?.geometry) {
      for (const path of paths(zone.before.geometry, { ...beforeOutlineStyle(), className: 'ta-compare-before', ...(renderer ? { renderer } : {}) })) group.addLayer(path)
    }
    const interactive = paths(feature.geometry, common)
    for (const point of parts(feature.geometry).points) {
      interactive.push(L.circleMarker(L.GeoJSON.coordsToLatLng(point as [number, number]), { ...common, radius: 7, weight: Math.max(style.weight ?? 2, 2) }))
    }
    const label = compareLabel(zone)
    for (const layer of interactive) {
      group.addLayer(layer)
      layer.bindTooltip(label, { sticky: true, direction: 'top', className: 'ta-zone-label ta-zone-label-hover', opacity: 1 })
      layer.on('click', (event) => this.fire('zoneselect', { slug: zone.slug, latlng: (event as L.LeafletMouseEvent).latlng }))
    }
    for (const layer of group.getLayers() as L.Path[]) layer.on('add', () => tag(layer, zone))
    return group
  }

  #canvasRenderer(): L.Canvas {
    this.#canvas ??= L.canvas({ padding: 0.5, tolerance: 3 })
    return this.#canvas
  }
}

function parts(geometry: Geometry): Parts {
  const found: Parts = { polygons: [], lines: [], points: [] }
  collectParts(geometry, found)
  return found
}

/** The areas and lines of a geometry as paths in one style (points are left to the caller). */
function paths(geometry: Geometry, style: L.PolylineOptions): L.Path[] {
  const { polygons, lines } = parts(geometry)
  const drawn: L.Path[] = []
  if (polygons.length > 0) drawn.push(L.polygon(polygons.map((polygon) => L.GeoJSON.coordsToLatLngs(polygon, 1) as L.LatLng[][]), style))
  for (const line of lines) drawn.push(L.polyline(L.GeoJSON.coordsToLatLngs(line, 0) as L.LatLng[], { ...style, fill: false, pane: ZONE_LINES_PANE }))
  return drawn
}

function tag(layer: L.Path, zone: ComparedZone): void {
  const element = layer.getElement()
  if (!element) return // on the canvas
  element.setAttribute('data-zone', zone.slug)
  element.setAttribute('data-change', zone.change)
}

/** What the pointer shows over a compared zone: its name and what became of it. */
function compareLabel(zone: ComparedZone): HTMLElement {
  const p = (zone.after ?? zone.before)!.properties
  return el('span', { class: 'ta-label', 'data-zone': zone.slug }, el('span', { class: 'ta-label-name' }, shortName(p.name)), el('span', { class: 'ta-label-meta' }, changeSummary(zone)))
}
