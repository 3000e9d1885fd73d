import L from 'leaflet'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { ProblemLocation } from '../api-types.ts'
import { el } from '../dom.ts'
import { enableGeoman, SNAP_DISTANCE } from './geoman.ts'
import { mapOfLayer } from '../map/leaflet-internals.ts'
import { fromParts, roundGeometry, toParts, type GeometryParts } from './geometry-parts.ts'
import { vertexProblems } from './problem-paths.ts'
import { SnapshotHistory } from './snapshot-history.ts'
import type { DrawShape } from './draw-shapes.ts'

export type { DrawShape }

export type EditorMode = 'edit' | 'draw' | 'cut' | 'rotate'

export interface GeometryEditorOptions extends L.LayerOptions {
  /** The shape to start from; null to draw one. */
  geometry: Geometry | null
  /** Called after every change, undo and redo, with the shape as it now is. */
  onChange?: (geometry: Geometry | null) => void
  /** Called when the mode changes (drawing started or ended, rotation on or off). */
  onModeChange?: (mode: EditorMode) => void
}

/** The geoman events after which a part has changed (several may fire for one gesture). */
const PART_EVENTS = 'pm:edit pm:vertexadded pm:vertexremoved pm:markerdragend pm:rotateend pm:dragend'

const PART_STYLE: L.PathOptions = { color: '#a1005a', weight: 3, opacity: 1, fillColor: '#a1005a', fillOpacity: 0.18, className: 'ta-edit-shape' }

/** The lines drawn while drawing take no clicks: each click must reach the map to place a vertex. */
const LINE_STYLES = {
  templineStyle: { color: PART_STYLE.color!, interactive: false },
  hintlineStyle: { color: PART_STYLE.color!, dashArray: '5,5', interactive: false },
}

type PartLayer = L.Polygon | L.Polyline<GeoJSON.LineString | GeoJSON.MultiLineString | GeoJSON.Polygon | GeoJSON.MultiPolygon> | L.Marker

/**
 * A shape being edited on the map with Leaflet-Geoman: each polygon, line and point is its own
 * layer, with its vertices to move, add (the middle handles) and remove (right click). It draws
 * new parts, cuts holes, rotates, snaps to the zones on the map, and keeps every step for undo and
 * redo until the shape is saved. The server's verdict on a vertex is shown at that vertex.
 *
 * onAdd binds the map's geoman events; onRemove ends any drawing or rotation and unbinds them.
 */
export class GeometryEditor extends L.Layer {
  declare options: GeometryEditorOptions
  readonly #parts = L.featureGroup()
  readonly #problems = L.layerGroup()
  #layers: PartLayer[] = []
  readonly #history: SnapshotHistory<string>
  #mode: EditorMode = 'edit'
  #pendingCuts: { layer: L.Layer; originalLayer: L.Layer }[] = []

  constructor(options: GeometryEditorOptions) {
    super(options)
    L.Util.setOptions(this, options)
    this.#history = new SnapshotHistory(JSON.stringify(roundGeometry(options.geometry)))
  }

  override onAdd(map: L.Map): this {
    enableGeoman(map)
    this.#parts.addTo(map)
    this.#problems.addTo(map)
    map.on('pm:create', this.#onCreate, this)
    map.on('pm:cut', this.#onCut, this)
    map.on('pm:drawend', this.#onDrawEnd, this)
    map.on('layeradd', this.#nameHandle, this)
    this.#build(this.geometry())
    return this
  }

  override onRemove(map: L.Map): this {
    map.pm.disableDraw()
    map.off('pm:create', this.#onCreate, this)
    map.off('pm:cut', this.#onCut, this)
    map.off('pm:drawend', this.#onDrawEnd, this)
    map.off('layeradd', this.#nameHandle, this)
    this.#clearLayers()
    this.#parts.remove()
    this.#problems.clearLayers().remove()
    this.#setMode('edit')
    map.getContainer().classList.remove('ta-drawing')
    return this
  }

  /** The shape as it now is (coordinates to 6 decimals, as the API stores them), or null. */
  geometry(): Geometry | null {
    return JSON.parse(this.#history.current) as Geometry | null
  }

  get mode(): EditorMode {
    return this.#mode
  }

  get canUndo(): boolean {
    return this.#history.canUndo
  }

  get canRedo(): boolean {
    return this.#history.canRedo
  }

  /** True when there is at least one polygon, for cutting a hole. */
  get hasArea(): boolean {
    return this.#layers.some((layer) => layer instanceof L.Polygon)
  }

  /** Draws a new part (an area, a line or a point) with the mouse; Enter finishes, Escape cancels. */
  draw(shape: DrawShape): void {
    const map = this.#requireMap()
    this.#endModes(map)
    map.pm.enableDraw(shape, {
      snappable: true,
      snapDistance: SNAP_DISTANCE,
      allowSelfIntersection: true,
      finishOnEnter: true,
      continueDrawing: false,
      pathOptions: PART_STYLE,
      ...LINE_STYLES,
    })
    this.#setMode('draw')
  }

  /** Cuts a hole: draw the hole's outline over an area of this shape. */
  cutHole(): void {
    const map = this.#requireMap()
    const areas = this.#layers.filter((layer): layer is L.Polygon => layer instanceof L.Polygon)
    if (areas.length === 0) return
    this.#endModes(map)
    map.pm.enableDraw('Cut', { layersToCut: [...areas], snappable: true, snapDistance: SNAP_DISTANCE, allowSelfIntersection: false, finishOnEnter: true, ...LINE_STYLES })
    this.#setMode('cut')
  }

  /** Turns rotation on (drag the corner handles) or back off to vertex editing. */
  toggleRotate(): void {
    const map = this.#requireMap()
    const rotating = this.#mode === 'rotate'
    this.#endModes(map)
    this.#setMode(rotating ? 'edit' : 'rotate')
    for (const layer of this.#layers) this.#enable(layer)
  }

  /** Stops drawing, cutting or rotating, keeping what is done. */
  finishMode(): void {
    this.#endModes(this.#requireMap())
    this.#setMode('edit')
    for (const layer of this.#layers) this.#enable(layer)
  }

  undo(): void {
    if (!this.#history.canUndo) return
    this.#history.undo()
    this.#rebuildAndNotify()
  }

  redo(): void {
    if (!this.#history.canRedo) return
    this.#history.redo()
    this.#rebuildAndNotify()
  }

  /** Replaces the shape (typed in as GeoJSON, say), as one step that undo takes back. */
  setGeometry(geometry: Geometry | null): void {
    if (this.#history.record(JSON.stringify(roundGeometry(geometry)))) this.#rebuildAndNotify()
  }

  /** Starts a new undo history from the shape as it is (after a save). */
  markSaved(): void {
    this.#history.reset(this.#history.current)
    this.options.onChange?.(this.geometry())
  }

  /**
   * Shows the server's problems at their vertices: a marker with the message as a permanent
   * tooltip (text only). Returns how many could be placed; the rest belong beside the field.
   */
  showProblems(errors: readonly ProblemLocation[], sent: Geometry | null): number {
    const map = this.#requireMap()
    this.#problems.clearLayers()
    const problems = vertexProblems(sent, errors)
    for (const problem of problems) {
      const [lng, lat] = problem.position as [number, number]
      const marker = L.marker([lat, lng], {
        icon: L.divIcon({ className: 'ta-vertex-problem', html: el('span', { class: 'ta-vertex-problem-dot', 'aria-hidden': 'true' }, '!'), iconSize: [22, 22], iconAnchor: [11, 11] }),
        keyboard: true,
        title: problem.message,
        alt: problem.message,
        zIndexOffset: 1000,
      })
      marker.bindTooltip(el('span', { class: 'ta-vertex-problem-text', 'data-where': problem.where }, problem.message), {
        permanent: true,
        direction: 'right',
        offset: [12, 0],
        className: 'ta-vertex-problem-tip',
        opacity: 1,
      })
      marker.addTo(this.#problems)
      marker.getElement()?.setAttribute('aria-label', `Problem at this vertex: ${problem.message}`)
    }
    const first = problems[0]
    if (first) map.panInside(L.latLng(first.position[1]!, first.position[0]!), { padding: [80, 80] })
    return problems.length
  }

  clearProblems(): void {
    this.#problems.clearLayers()
  }

  // Geoman's events

  #onCreate(event: L.LeafletEvent): void {
    if (this.#mode !== 'draw') return
    const layer = (event as L.LeafletEvent & { layer: L.Layer }).layer
    const drawn = geometryOfLayer(layer)
    layer.remove()
    const parts = this.#currentParts()
    const added = toParts(drawn)
    this.#commit(fromParts({ polygons: [...parts.polygons, ...added.polygons], lines: [...parts.lines, ...added.lines], points: [...parts.points, ...added.points] }))
  }

  #onCut(event: L.LeafletEvent): void {
    const { layer, originalLayer } = event as L.LeafletEvent & { layer: L.Layer; originalLayer: L.Layer }
    if (!this.#layers.includes(originalLayer as PartLayer)) return
    // Geoman fires one event per layer it cut, all in one go: rebuild once, after the last.
    this.#pendingCuts.push({ layer, originalLayer })
    if (this.#pendingCuts.length === 1) queueMicrotask(() => this.#applyCuts())
  }

  #onDrawEnd(): void {
    if (this.#mode === 'draw' || this.#mode === 'cut') {
      this.#setMode('edit')
      for (const layer of this.#layers) this.#enable(layer)
    }
  }

  #applyCuts(): void {
    const cuts = this.#pendingCuts
    this.#pendingCuts = []
    const originals = new Set(cuts.map((cut) => cut.originalLayer))
    const kept = this.#layers.filter((layer) => !originals.has(layer))
    const parts = partsOfLayers(kept)
    for (const cut of cuts) {
      const result = toParts(geometryOfLayer(cut.layer))
      parts.polygons.push(...result.polygons)
      parts.lines.push(...result.lines)
      parts.points.push(...result.points)
      cut.layer.remove()
    }
    this.#commit(fromParts(parts))
  }

  #onPartChanged(): void {
    if (this.#history.record(JSON.stringify(roundGeometry(fromParts(this.#currentParts()))))) {
      this.clearProblems()
      this.options.onChange?.(this.geometry())
    }
  }

  // Building the layers

  #commit(geometry: Geometry | null): void {
    this.#history.record(JSON.stringify(roundGeometry(geometry)))
    this.#rebuildAndNotify()
  }

  #rebuildAndNotify(): void {
    this.clearProblems()
    this.#build(this.geometry())
    this.options.onChange?.(this.geometry())
  }

  #build(geometry: Geometry | null): void {
    this.#clearLayers()
    const parts = toParts(geometry)
    const options = { ...PART_STYLE, pmIgnore: false, snapIgnore: false }
    for (const polygon of parts.polygons) this.#layers.push(L.polygon(L.GeoJSON.coordsToLatLngs(polygon, 1) as L.LatLng[][], options))
    for (const line of parts.lines) this.#layers.push(L.polyline(L.GeoJSON.coordsToLatLngs(line, 0) as L.LatLng[], options))
    for (const point of parts.points) {
      this.#layers.push(L.marker(L.GeoJSON.coordsToLatLng(point as [number, number]), { pmIgnore: false, snapIgnore: false, keyboard: true, title: 'A point of the shape', alt: 'A point of the shape' }))
    }
    for (const layer of this.#layers) {
      layer.addTo(this.#parts)
      layer.on(PART_EVENTS, this.#onPartChanged, this)
      this.#enable(layer)
    }
  }

  #enable(layer: PartLayer): void {
    const pm = (layer as { pm?: L.PM.PMLayer }).pm
    if (!pm) return
    if (this.#mode === 'rotate' && !(layer instanceof L.Marker)) {
      pm.disable()
      pm.enableRotate()
      return
    }
    if (pm.rotateEnabled?.()) pm.disableRotate()
    pm.enable({ snappable: true, snapDistance: SNAP_DISTANCE, allowSelfIntersection: true, draggable: layer instanceof L.Marker, removeLayerBelowMinVertexCount: false })
  }

  #clearLayers(): void {
    for (const layer of this.#layers) {
      layer.off(PART_EVENTS, this.#onPartChanged, this)
      const pm = (layer as { pm?: L.PM.PMLayer }).pm
      if (pm?.rotateEnabled?.()) pm.disableRotate()
      pm?.disable()
      this.#parts.removeLayer(layer)
      layer.remove()
    }
    this.#layers = []
  }

  #currentParts(): GeometryParts {
    return partsOfLayers(this.#layers)
  }

  #endModes(map: L.Map): void {
    map.pm.disableDraw()
    for (const layer of this.#layers) {
      const pm = (layer as { pm?: L.PM.PMLayer }).pm
      if (pm?.rotateEnabled?.()) pm.disableRotate()
    }
  }

  #setMode(mode: EditorMode): void {
    if (this.#mode === mode) return
    this.#mode = mode
    // While drawing, clicks must reach the map through the zones drawn on it (they stop clicks otherwise).
    const map = mapOfLayer(this)
    map?.getContainer().classList.toggle('ta-drawing', mode === 'draw' || mode === 'cut')
    this.options.onModeChange?.(mode)
  }

  /** Geoman's handles are focusable markers without a name: give each one. */
  #nameHandle(event: L.LeafletEvent): void {
    const layer = (event as L.LayerEvent).layer
    if (!(layer instanceof L.Marker)) return
    const element = layer.getElement()
    if (!element || element.hasAttribute('aria-label') || !element.classList.contains('marker-icon')) return
    const label = element.classList.contains('marker-icon-middle')
      ? 'Handle between two vertices: drag it to add a vertex'
      : element.classList.contains('cursor-marker')
        ? 'Drawing cursor'
        : this.#mode === 'rotate'
          ? 'Rotation handle: drag it to rotate the shape'
          : 'Vertex: drag it to move it, right-click to remove it'
    element.setAttribute('aria-label', label)
  }

  #requireMap(): L.Map {
    const map = mapOfLayer(this)
    if (!map) throw new Error('GeometryEditor: add the editor to the map first')
    return map
  }
}

/** The GeoJSON geometry of a Leaflet layer (a group's members merged), or null. */
function geometryOfLayer(layer: L.Layer): Geometry | null {
  const geojson = (layer as unknown as { toGeoJSON?: (precision?: number) => Feature | FeatureCollection }).toGeoJSON?.(15)
  if (!geojson) return null
  if (geojson.type === 'Feature') return geojson.geometry
  return fromParts(
    geojson.features.reduce<GeometryParts>(
      (parts, feature) => {
        const more = toParts(feature.geometry)
        return { polygons: [...parts.polygons, ...more.polygons], lines: [...parts.lines, ...more.lines], points: [...parts.points, ...more.points] }
      },
      { polygons: [], lines: [], points: [] },
    ),
  )
}

function partsOfLayers(layers: readonly PartLayer[]): GeometryParts {
  const parts: GeometryParts = { polygons: [], lines: [], points: [] }
  for (const layer of layers) {
    const more = toParts(geometryOfLayer(layer))
    parts.polygons.push(...more.polygons)
    parts.lines.push(...more.lines)
    parts.points.push(...more.points)
  }
  return parts
}
