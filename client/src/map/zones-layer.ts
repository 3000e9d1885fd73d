import L from 'leaflet'
import type { ZoneFeature } from '../api-types.ts'
import { STATUS_LABELS, KIND_LABELS } from '../labels.ts'
import { buildCanvasZoneShape } from './canvas-zone-shapes.ts'
import type { Emphasis } from './canvas-zone-style.ts'
import { keepDrawnCanvas } from './keep-drawn-canvas.ts'
import { mapOfLayer } from './leaflet-internals.ts'
import { t } from '../i18n/index.ts'
import { setTestHook } from '../test-hooks.ts'
import { ensureZoneLinesPane } from './panes.ts'
import { buildZoneShape, zoneLabel, type ZoneShape } from './zone-shapes.ts'

export interface ZonesLayerOptions extends L.LayerOptions {
  /** Labels whose zone is drawn smaller than the label are hidden (shown on hover). Default: true. */
  hideCrowdedLabels?: boolean
  /**
   * The canvas (large collections) draws this fraction of the view's size beyond each edge, so a
   * drag shows zones already drawn rather than blank until it ends. Default: 0.5.
   */
  canvasPadding?: number
}

/**
 * 'svg': each zone its own elements, with labels, hatching and data attributes (the usual map).
 * 'canvas': every zone on one shared canvas, plainer, for large collections.
 */
export type ZoneDrawing = 'svg' | 'canvas'

/**
 * Fired as 'zonehover' (slug null when the pointer leaves) and 'zoneselect'; a zone selected by a
 * click or tap says where (not by the keyboard).
 */
export interface ZoneEvent extends L.LeafletEvent {
  slug: string | null
  latlng?: L.LatLng
}

/**
 * All zones of one date on the map. setZones() redraws them; show() keeps only the filtered ones;
 * highlight() and select() mark one zone (the list does the same through the page's state).
 * Drawn as SVG, every element carries data-zone (its slug) and data-status, for styling and for
 * tests; drawn on the canvas (setDrawing), the map's container says so to tests (the zones-renderer test hook).
 */
export class ZonesLayer extends L.Layer {
  declare options: ZonesLayerOptions
  readonly #group = L.featureGroup()
  #shapes = new Map<string, ZoneShape>()
  #visible = new Set<string>()
  #hovered: string | null = null
  #selected: string | null = null
  readonly #focusWired = new WeakSet<Element>()
  #drawing: ZoneDrawing = 'svg'
  #canvas: L.Canvas | null = null
  /** On the canvas: the zone of each interactive layer, for the listeners the whole layer shares. */
  readonly #slugOfLayer = new WeakMap<L.Layer, string>()
  readonly #hoverLabel = L.tooltip({ direction: 'top', offset: [0, -8], className: 'ta-zone-label ta-zone-label-hover', opacity: 1 })

  constructor(options: ZonesLayerOptions = {}) {
    super(options)
    L.Util.setOptions(this, { hideCrowdedLabels: true, canvasPadding: 0.5, ...options })
    // Events of the canvas zones' layers reach the group; SVG zones have listeners of their own.
    this.#group.on('mouseover', (event) => this.#onCanvasPointer(event as L.LeafletMouseEvent))
    this.#group.on('mousemove', (event) => this.#onCanvasPointer(event as L.LeafletMouseEvent))
    this.#group.on('mouseout', (event) => this.#onCanvasPointerOut(event as L.LeafletMouseEvent))
    this.#group.on('click', (event) => {
      const slug = this.#canvasSlugOf(event)
      if (slug) this.fire('zoneselect', { slug, latlng: (event as L.LeafletMouseEvent).latlng })
    })
  }

  override onAdd(map: L.Map): this {
    ensureZoneLinesPane(map)
    this.#group.addTo(map)
    map.on('zoomend', this.#placeLabels, this)
    setTestHook(map.getContainer(), 'zones-renderer', this.#drawing)
    this.#placeLabels()
    return this
  }

  override onRemove(map: L.Map): this {
    map.off('zoomend', this.#placeLabels, this)
    this.#hoverLabel.remove()
    this.#group.remove()
    return this
  }

  /** Switches between SVG and the canvas; the zones drawn are drawn again the new way. */
  setDrawing(drawing: ZoneDrawing): this {
    if (drawing === this.#drawing) return this
    this.#drawing = drawing
    const map = this.#map
    if (map) setTestHook(map.getContainer(), 'zones-renderer', drawing)
    const features = [...this.#shapes.values()].map((shape) => shape.feature)
    this.#group.clearLayers()
    this.#shapes = new Map()
    return this.setZones(features)
  }

  /**
   * Replaces the zones drawn; keeps the filter, hover and selection by slug. A zone whose feature
   * is the very object drawn before keeps its shape, so one changed zone is all that is rebuilt.
   */
  setZones(features: readonly ZoneFeature[]): this {
    const previous = this.#shapes
    this.#shapes = new Map()
    for (const feature of features) {
      const slug = feature.properties.slug
      const kept = previous.get(slug)
      if (kept?.feature === feature) {
        previous.delete(slug)
        this.#shapes.set(slug, kept)
        continue
      }
      // A replaced zone's old shape stays in `previous`, so it is taken off the map below.
      const shape = this.#build(feature)
      if (shape) this.#shapes.set(slug, shape)
    }
    for (const stale of previous.values()) this.#group.removeLayer(stale.group)
    this.#render()
    return this
  }

  /** Draws these zones again from their features, whose outlines changed in place (finer ones). */
  redraw(slugs: Iterable<string>): this {
    for (const slug of slugs) {
      const previous = this.#shapes.get(slug)
      if (!previous) continue
      this.#group.removeLayer(previous.group)
      const shape = this.#build(previous.feature)
      if (shape) this.#shapes.set(slug, shape)
      else this.#shapes.delete(slug)
    }
    this.#render()
    return this
  }

  /** Draws only these slugs. */
  show(slugs: Iterable<string>): this {
    this.#visible = new Set(slugs)
    this.#render()
    return this
  }

  highlight(slug: string | null): this {
    const previous = this.#hovered
    this.#hovered = slug
    if (previous) this.#tag(previous)
    // Restyled through CSS classes only: moving the element under the pointer (bringToFront) would
    // fire mouseout and mouseover again, in a loop, and the click would never land.
    if (slug) this.#tag(slug)
    this.#placeLabels()
    return this
  }

  select(slug: string | null): this {
    const previous = this.#selected
    this.#selected = slug
    if (previous) this.#tag(previous)
    if (slug) this.#tag(slug)
    this.#placeLabels()
    return this
  }

  /** The bounds of the given zones (all drawn zones by default), or null if none has a shape. */
  boundsOf(slugs?: Iterable<string>): L.LatLngBounds | null {
    const bounds = L.latLngBounds([])
    for (const slug of slugs ?? this.#shapes.keys()) {
      const shape = this.#shapes.get(slug)
      if (shape) bounds.extend(shape.group.getBounds())
    }
    return bounds.isValid() ? bounds : null
  }

  has(slug: string): boolean {
    return this.#shapes.has(slug)
  }

  /** How many zones are on the map now. */
  get drawnCount(): number {
    return this.#group.getLayers().length
  }

  get #map(): L.Map | undefined {
    return mapOfLayer(this)
  }

  #build(feature: ZoneFeature): ZoneShape | null {
    if (this.#drawing === 'svg') {
      const shape = buildZoneShape(feature)
      if (shape) this.#wire(shape)
      return shape
    }
    const shape = buildCanvasZoneShape(feature, this.#canvasRenderer())
    if (!shape) return null
    for (const layer of shape.interactive) this.#slugOfLayer.set(layer, shape.slug)
    const emphasis = this.#emphasisOf(shape.slug)
    if (emphasis) shape.emphasize?.(emphasis)
    return shape
  }

  #canvasSlugOf(event: L.LeafletEvent): string | null {
    const layer = (event as L.LeafletEvent & { propagatedFrom?: L.Layer }).propagatedFrom
    return (layer && this.#slugOfLayer.get(layer)) ?? null
  }

  /** The pointer over a canvas zone: it is hovered, and its name follows the pointer. */
  #onCanvasPointer(event: L.LeafletMouseEvent): void {
    const slug = this.#canvasSlugOf(event)
    const map = this.#map
    if (!slug || !map) return
    if (event.type === 'mouseover') {
      this.fire('zonehover', { slug })
      const feature = this.#shapes.get(slug)?.feature
      if (feature) this.#hoverLabel.setContent(zoneLabel(feature))
    }
    this.#hoverLabel.setLatLng(event.latlng)
    if (!map.hasLayer(this.#hoverLabel)) this.#hoverLabel.addTo(map)
  }

  #onCanvasPointerOut(event: L.LeafletMouseEvent): void {
    if (!this.#canvasSlugOf(event)) return
    this.#hoverLabel.remove()
    this.fire('zonehover', { slug: null })
  }

  /** One canvas for every zone: Leaflet's default would be SVG, one element per path. */
  #canvasRenderer(): L.Canvas {
    this.#canvas ??= keepDrawnCanvas({ padding: this.options.canvasPadding ?? 0.5, tolerance: 3 })
    return this.#canvas
  }

  #emphasisOf(slug: string): Emphasis {
    return slug === this.#selected ? 'selected' : slug === this.#hovered ? 'hovered' : null
  }

  #wire(shape: ZoneShape): void {
    const { slug } = shape
    for (const layer of shape.interactive) {
      layer.on('mouseover', () => this.fire('zonehover', { slug }))
      layer.on('mouseout', () => this.fire('zonehover', { slug: null }))
      layer.on('click', (event) => this.fire('zoneselect', { slug, latlng: (event as L.LeafletMouseEvent).latlng }))
      // Leaflet makes markers focusable but only opens popups on Enter; a zone opens its card.
      layer.on('keypress', (event) => {
        const key = (event as L.LeafletKeyboardEvent).originalEvent.key
        if (key === 'Enter' || key === ' ') this.fire('zoneselect', { slug })
      })
    }
    for (const layer of shape.tagged) layer.on('add', () => this.#tagLayer(shape, layer))
  }

  #render(): void {
    for (const [slug, shape] of this.#shapes) {
      const wanted = this.#visible.has(slug)
      const drawn = this.#group.hasLayer(shape.group)
      if (wanted && !drawn) this.#group.addLayer(shape.group)
      if (!wanted && drawn) this.#group.removeLayer(shape.group)
    }
    if (this.#selected) this.#shapes.get(this.#selected)?.group.bringToFront()
    this.#placeLabels()
  }

  #tag(slug: string): void {
    const shape = this.#shapes.get(slug)
    if (!shape) return
    shape.emphasize?.(this.#emphasisOf(slug))
    for (const layer of shape.tagged) this.#tagLayer(shape, layer)
  }

  #tagLayer(shape: ZoneShape, layer: L.Path | L.Marker): void {
    const element = layer.getElement()
    if (!element) return
    const p = shape.feature.properties
    element.setAttribute('data-zone', shape.slug)
    element.setAttribute('data-status', p.status)
    element.classList.toggle('is-hovered', this.#hovered === shape.slug)
    element.classList.toggle('is-selected', this.#selected === shape.slug)
    if (layer instanceof L.Marker) {
      element.setAttribute('aria-label', t('map.zoneShape', { name: p.name, kind: KIND_LABELS[p.kind], status: STATUS_LABELS[p.status].toLowerCase() }))
      if (!this.#focusWired.has(element)) {
        this.#focusWired.add(element)
        element.addEventListener('focus', () => this.fire('zonehover', { slug: shape.slug }))
        element.addEventListener('blur', () => this.fire('zonehover', { slug: null }))
      }
    }
  }

  /**
   * Shows each area's label unless its zone is drawn much smaller than the label or the label would cover
   * one already placed; the selected and hovered zones come first, then larger areas. A label never
   * covers a symbol (a post, a crossing, a siege's centre): it moves beside the symbols it would hide,
   * or is hidden when there is no room.
   */
  #placeLabels(): void {
    const map = this.#map
    if (!map || this.#drawing === 'canvas') return
    const drawn = [...this.#shapes.values()].filter((shape) => this.#group.hasLayer(shape.group))
    const labelled = drawn.filter((shape) => shape.labelled)
    const symbols = drawn.flatMap((shape) => shape.interactive.filter((layer) => layer instanceof L.Marker)).map((marker) => symbolBox(map, marker))
    const rank = (shape: ZoneShape) => (shape.slug === this.#selected ? 2 : shape.slug === this.#hovered ? 1 : 0)
    const pixelSize = (shape: ZoneShape) => {
      const bounds = shape.labelled!.getBounds()
      const a = map.latLngToContainerPoint(bounds.getNorthWest())
      const b = map.latLngToContainerPoint(bounds.getSouthEast())
      return { width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) }
    }
    labelled.sort((a, b) => rank(b) - rank(a) || (b.feature.properties.area_km2 ?? 0) - (a.feature.properties.area_km2 ?? 0))
    const placed: Box[] = []
    for (const shape of labelled) {
      const tooltip = shape.labelled!.getTooltip()
      const element = tooltip?.getElement()
      if (!tooltip || !element) continue
      element.setAttribute('data-zone', shape.slug)
      element.classList.remove('is-crowded')
      const box = clearOfSymbols(map, tooltip, element, symbols)
      element.classList.toggle('is-hovered', box !== null && shape.slug === this.#hovered)
      element.classList.toggle('is-selected', box !== null && shape.slug === this.#selected)
      if (!box) {
        element.classList.add('is-crowded')
        continue
      }
      if (!this.options.hideCrowdedLabels || rank(shape) > 0) {
        placed.push(box)
        continue
      }
      const size = pixelSize(shape)
      // A label may spill over the edge of its zone, but not over a zone a fraction of its size.
      const tooSmall = size.width < box.width * 0.5 || size.height < box.height * 0.6
      if (tooSmall || placed.some((other) => overlaps(box, other))) element.classList.add('is-crowded')
      else placed.push(box)
    }
  }
}

interface Box {
  left: number
  top: number
  right: number
  bottom: number
  width: number
  height: number
}

/** Room left between a label moved aside and the symbol it would have covered. */
const SYMBOL_GAP = 3
/** A selected symbol is drawn a quarter larger (map.css). */
const SYMBOL_GROWTH = 1.25

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top
}

function moved(box: Box, dx: number, dy: number): Box {
  return { left: box.left + dx, right: box.right + dx, top: box.top + dy, bottom: box.bottom + dy, width: box.width, height: box.height }
}

/** Where a symbol is drawn in the map's container, with room for it to grow when selected or hovered. */
function symbolBox(map: L.Map, marker: L.Marker): Box {
  const centre = map.latLngToContainerPoint(marker.getLatLng())
  const size = L.point(marker.options.icon?.options.iconSize ?? [0, 0])
  const half = (Math.max(size.x, size.y) / 2) * SYMBOL_GROWTH
  return { left: centre.x - half, right: centre.x + half, top: centre.y - half, bottom: centre.y + half, width: 2 * half, height: 2 * half }
}

/**
 * Puts a label where it covers no symbol: where it belongs if that is free, else just below, above,
 * right or left of the symbols in the way. Returns the label's box there (in the map's container),
 * or null if no such place is free (the label is then hidden). Computed from the map's projection
 * rather than read from the page, so a label mid-animation is placed where it comes to rest.
 */
function clearOfSymbols(map: L.Map, tooltip: L.Tooltip, element: HTMLElement, symbols: readonly Box[]): Box | null {
  const setOffset = (dx: number, dy: number) => {
    const offset = L.point(tooltip.options.offset ?? [0, 0])
    if (offset.x === dx && offset.y === dy) return
    tooltip.options.offset = L.point(dx, dy)
    tooltip.setLatLng(tooltip.getLatLng()!) // moves the label to its new offset
  }
  // Labels are centred on their point (direction 'center').
  const centre = map.latLngToContainerPoint(tooltip.getLatLng()!)
  const width = element.offsetWidth
  const height = element.offsetHeight
  const box: Box = { left: centre.x - width / 2, right: centre.x + width / 2, top: centre.y - height / 2, bottom: centre.y + height / 2, width, height }
  const inTheWay = symbols.filter((symbol) => overlaps(box, symbol))
  if (inTheWay.length === 0) {
    setOffset(0, 0)
    return box
  }
  const around = {
    top: Math.min(...inTheWay.map((symbol) => symbol.top)),
    bottom: Math.max(...inTheWay.map((symbol) => symbol.bottom)),
    left: Math.min(...inTheWay.map((symbol) => symbol.left)),
    right: Math.max(...inTheWay.map((symbol) => symbol.right)),
  }
  const offsets: [number, number][] = [
    [0, Math.ceil(around.bottom + SYMBOL_GAP - box.top)],
    [0, Math.floor(around.top - SYMBOL_GAP - box.bottom)],
    [Math.ceil(around.right + SYMBOL_GAP - box.left), 0],
    [Math.floor(around.left - SYMBOL_GAP - box.right), 0],
  ]
  for (const [dx, dy] of offsets) {
    const candidate = moved(box, dx, dy)
    if (symbols.some((symbol) => overlaps(candidate, symbol))) continue
    setOffset(dx, dy)
    return candidate
  }
  return null
}
