import L from 'leaflet'
import type { ZoneFeature } from '../api-types.ts'
import { STATUS_LABELS, KIND_LABELS } from '../labels.ts'
import { buildZoneShape, type ZoneShape } from './zone-shapes.ts'

export interface ZonesLayerOptions extends L.LayerOptions {
  /** Labels whose zone is drawn smaller than the label are hidden (shown on hover). Default: true. */
  hideCrowdedLabels?: boolean
}

/** Fired as 'zonehover' (slug null when the pointer leaves) and 'zoneselect'. */
export interface ZoneEvent extends L.LeafletEvent {
  slug: string | null
}

/**
 * All zones of one date on the map. setZones() redraws them; show() keeps only the filtered ones;
 * highlight() and select() mark one zone (the list does the same through the page's state).
 * Every drawn element carries data-zone (its slug) and data-status, for styling and for tests.
 */
export class ZonesLayer extends L.Layer {
  declare options: ZonesLayerOptions
  readonly #group = L.featureGroup()
  #shapes = new Map<string, ZoneShape>()
  #visible = new Set<string>()
  #hovered: string | null = null
  #selected: string | null = null
  readonly #focusWired = new WeakSet<Element>()

  constructor(options: ZonesLayerOptions = {}) {
    super(options)
    L.Util.setOptions(this, { hideCrowdedLabels: true, ...options })
  }

  override onAdd(map: L.Map): this {
    this.#group.addTo(map)
    map.on('zoomend', this.#placeLabels, this)
    this.#placeLabels()
    return this
  }

  override onRemove(map: L.Map): this {
    map.off('zoomend', this.#placeLabels, this)
    this.#group.remove()
    return this
  }

  /** Replaces the zones drawn; keeps the filter, hover and selection by slug. */
  setZones(features: readonly ZoneFeature[]): this {
    this.#group.clearLayers()
    this.#shapes = new Map()
    for (const feature of features) {
      const shape = buildZoneShape(feature)
      if (!shape) continue
      this.#wire(shape)
      this.#shapes.set(shape.slug, shape)
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
    if (slug) {
      this.#tag(slug)
      this.#shapes.get(slug)?.group.bringToFront()
    }
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

  #wire(shape: ZoneShape): void {
    const { slug } = shape
    for (const layer of shape.interactive) {
      layer.on('mouseover', () => this.fire('zonehover', { slug }))
      layer.on('mouseout', () => this.fire('zonehover', { slug: null }))
      layer.on('click', () => this.fire('zoneselect', { slug }))
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
    if (shape) for (const layer of shape.tagged) this.#tagLayer(shape, layer)
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
      element.setAttribute('aria-label', `${p.name}: ${KIND_LABELS[p.kind]}, ${STATUS_LABELS[p.status].toLowerCase()}`)
      if (!this.#focusWired.has(element)) {
        this.#focusWired.add(element)
        element.addEventListener('focus', () => this.fire('zonehover', { slug: shape.slug }))
        element.addEventListener('blur', () => this.fire('zonehover', { slug: null }))
      }
    }
  }

  /**
   * Shows each area's label unless its zone is drawn much smaller than the label or the label would cover
   * one already placed; the selected and hovered zones come first, then larger areas.
   */
  #placeLabels(): void {
    const map = (this as unknown as { _map?: L.Map })._map
    if (!map) return
    const labelled = [...this.#shapes.values()].filter((shape) => shape.labelled && this.#group.hasLayer(shape.group))
    const rank = (shape: ZoneShape) => (shape.slug === this.#selected ? 2 : shape.slug === this.#hovered ? 1 : 0)
    const pixelSize = (shape: ZoneShape) => {
      const bounds = shape.labelled!.getBounds()
      const a = map.latLngToContainerPoint(bounds.getNorthWest())
      const b = map.latLngToContainerPoint(bounds.getSouthEast())
      return { width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) }
    }
    labelled.sort((a, b) => rank(b) - rank(a) || (b.feature.properties.area_km2 ?? 0) - (a.feature.properties.area_km2 ?? 0))
    const placed: DOMRect[] = []
    for (const shape of labelled) {
      const element = shape.labelled!.getTooltip()?.getElement()
      if (!element) continue
      element.setAttribute('data-zone', shape.slug)
      element.classList.remove('is-crowded')
      element.classList.toggle('is-hovered', shape.slug === this.#hovered)
      element.classList.toggle('is-selected', shape.slug === this.#selected)
      if (!this.options.hideCrowdedLabels || rank(shape) > 0) {
        placed.push(element.getBoundingClientRect())
        continue
      }
      const box = element.getBoundingClientRect()
      const size = pixelSize(shape)
      // A label may spill over the edge of its zone, but not over a zone a fraction of its size.
      const tooSmall = size.width < box.width * 0.5 || size.height < box.height * 0.6
      const overlaps = placed.some((other) => box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top)
      if (tooSmall || overlaps) element.classList.add('is-crowded')
      else placed.push(box)
    }
  }
}
