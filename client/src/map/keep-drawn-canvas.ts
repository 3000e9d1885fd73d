import L from 'leaflet'
import { drawnArea, mapOfLayer, updateRenderer } from './leaflet-internals.ts'

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

/** Leaflet's renderer updates on `moveend`; this one only when the view left the area drawn. */
function updateUnlessDrawn(this: L.Canvas): void {
  const map = mapOfLayer(this)
  if (!map) return
  const view = L.bounds(map.containerPointToLayerPoint([0, 0]), map.containerPointToLayerPoint(map.getSize()))
  const drawn = drawnArea(this)
  if (drawn && drawn.zoom === map.getZoom() && drawn.bounds.contains(view)) return
  updateRenderer(this)
}

const KeepDrawnCanvas = L.Canvas.extend({
  getEvents(this: L.Canvas) {
    const events = (L.Canvas.prototype as unknown as { getEvents(): Record<string, unknown> }).getEvents.call(this)
    return { ...events, moveend: updateUnlessDrawn }
  },
}) as unknown as new (options: L.RendererOptions) => L.Canvas
