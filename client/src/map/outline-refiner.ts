import type L from 'leaflet'
import { GENERALIZED_ZOOMS, MAX_ZOOM } from '../../../server/domain/zoom-levels.ts'
import type { ZoneOutline } from '../api-types.ts'

export type Bbox = [west: number, south: number, east: number, north: number]

export interface OutlineRefinerOptions {
  /** The zoom the outlines drawn first were loaded for (GET /zones?zoom=). */
  loadedZoom: number
  /** The outlines of the zones that meet a box, generalized for a zoom (MAX_ZOOM: full detail). */
  fetchOutlines: (bbox: Bbox, zoom: number, signal: AbortSignal) => Promise<ZoneOutline[]>
  /** Finer outlines have arrived: draw them. */
  onOutlines: (outlines: ZoneOutline[]) => void
  /** How many pixels an outline may be off before finer ones are loaded. Default: 4. */
  maxErrorPx?: number
  /** How much of the view's size beyond each edge is loaded with it, for the next small pan. Default: 0.25. */
  margin?: number
}

/**
 * Keeps a large collection's outlines detailed enough for the zoom. They are loaded first for the
 * overview (a pixel of a zoom-4 map), which is a blur at zoom 10; after each move the zones in
 * view get outlines of the API's next finer level (zoom 8, 12, then full detail) once the ones
 * drawn would be more than `maxErrorPx` off. Only the view and a margin are loaded, never the
 * whole collection again; a view inside a box already loaded at that level loads nothing.
 *
 *   new OutlineRefiner(map, { loadedZoom: 4, fetchOutlines, onOutlines }).start()
 */
export class OutlineRefiner {
  readonly #map: L.Map
  readonly #options: OutlineRefinerOptions
  #loaded: { level: number; bounds: L.LatLngBounds }[] = []
  #request: AbortController | null = null

  constructor(map: L.Map, options: OutlineRefinerOptions) {
    this.#map = map
    this.#options = options
  }

  start(): this {
    this.#map.on('moveend', this.#refine)
    this.#refine()
    return this
  }

  stop(): void {
    this.#map.off('moveend', this.#refine)
    this.#request?.abort()
  }

  /**
   * The zones drawn are coarse again (another date's): drops what is still on its way, forgets what
   * was loaded, and loads for the view.
   */
  reset(): void {
    this.#request?.abort()
    this.#loaded = []
    this.#refine()
  }

  readonly #refine = (): void => {
    const level = this.#levelNeeded(this.#map.getZoom())
    if (level <= levelOf(this.#options.loadedZoom)) return
    const view = this.#map.getBounds()
    if (this.#loaded.some((box) => box.level >= level && box.bounds.contains(view))) return
    this.#request?.abort()
    const request = new AbortController()
    this.#request = request
    const box = view.pad(this.#options.margin ?? 0.25)
    const bbox: Bbox = [clamp(box.getWest(), -180, 180), clamp(box.getSouth(), -90, 90), clamp(box.getEast(), -180, 180), clamp(box.getNorth(), -90, 90)]
    this.#options.fetchOutlines(bbox, level, request.signal).then(
      (outlines) => {
        if (request.signal.aborted) return
        this.#loaded.push({ level, bounds: box })
        this.#options.onOutlines(outlines)
      },
      (error: unknown) => {
        if (!request.signal.aborted) console.warn('finer outlines could not be loaded', error)
      },
    )
  }

  /** The coarsest level whose outlines are at most maxErrorPx off at this zoom (a level's error doubles with each zoom above it). */
  #levelNeeded(zoom: number): number {
    return levelOf(zoom - Math.log2(this.#options.maxErrorPx ?? 4))
  }
}

/** The level of detail the API sends for a zoom: its generalized level at or above it, else full detail. */
function levelOf(zoom: number): number {
  return GENERALIZED_ZOOMS.find((level) => level >= zoom) ?? MAX_ZOOM
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))
