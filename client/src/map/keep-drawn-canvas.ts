import L from 'leaflet'

/**
 * Leaflet's canvas renderer, except that after a pan it keeps what it drew while the view is still
 * inside the area drawn (the view plus `padding` on each side) at the same zoom. Leaflet redraws
 * every path at the end of every pan; with thousands of zones that is a frame of 100 ms or more
 * each time the map is let go. Zooming and resets redraw as before.
 *
 *   L.polygon(latLngs, { renderer: keepDrawnCanvas({ padding: 0.5 }) })
 */
export function keepDrawnCanvas(options: L.RendererOptions = {}): L.Canvas {
  return new KeepDrawnCanvas(options)
}

/** The renderer's own state, which Leaflet 1.9 keeps on it (src/layer/vector/Renderer.js). */
interface RendererState {
  _map: L.Map
  /** The area drawn, in layer pixels, as of the last update. */
  _bounds?: L.Bounds
  _zoom?: number
  _update(): void
}

const KeepDrawnCanvas = L.Canvas.extend({
  getEvents(this: L.Canvas) {
    const events = (L.Canvas.prototype as unknown as { getEvents(): Record<string, unknown> }).getEvents.call(this)
    return { ...events, moveend: (this as unknown as { _updateUnlessDrawn: () => void })._updateUnlessDrawn }
  },

  _updateUnlessDrawn(this: RendererState) {
    const map = this._map
    const view = L.bounds(map.containerPointToLayerPoint([0, 0]), map.containerPointToLayerPoint(map.getSize()))
    if (this._bounds && this._zoom === map.getZoom() && this._bounds.contains(view)) return
    this._update()
  },
}) as unknown as new (options: L.RendererOptions) => L.Canvas
