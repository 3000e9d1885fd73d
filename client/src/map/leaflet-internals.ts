import type L from 'leaflet'

/**
 * Every member of Leaflet that is not its public API and that the client relies on, named once.
 * Nothing else in client/src reaches into Leaflet's private members (test/unit/leaflet-seam.test.ts
 * checks that), and test/browser/leaflet-internals.test.ts checks each name against the installed
 * Leaflet, so an upgrade that renames one fails there rather than on the map.
 */
export const LEAFLET_INTERNALS = {
  /** Layer: the map it is on, set by Map#addLayer and cleared on removal (Leaflet has no getter). */
  layerMap: '_map',
  /** Renderer: the area drawn as of its last update, in layer pixels (src/layer/vector/Renderer.js). */
  rendererBounds: '_bounds',
  /** Renderer: the zoom of its last update. */
  rendererZoom: '_zoom',
  /** Renderer: redraws every path in the view plus its padding; its `moveend` handler. */
  rendererUpdate: '_update',
  /** Icon.Default: guesses the image path from the CSS, which a bundler's renamed images defeat. */
  defaultIconUrl: '_getIconUrl',
} as const

type Internal<K extends keyof typeof LEAFLET_INTERNALS, T> = { [P in (typeof LEAFLET_INTERNALS)[K]]?: T }

/** The map a layer (or a control-like layer such as the geometry editor) is on, if any. */
export function mapOfLayer(layer: L.Layer): L.Map | undefined {
  return (layer as unknown as Internal<'layerMap', L.Map>)[LEAFLET_INTERNALS.layerMap]
}

/** The area a renderer last drew, in layer pixels, and at which zoom; undefined before its first update. */
export function drawnArea(renderer: L.Renderer): { bounds: L.Bounds; zoom: number } | undefined {
  const bounds = (renderer as unknown as Internal<'rendererBounds', L.Bounds>)[LEAFLET_INTERNALS.rendererBounds]
  const zoom = (renderer as unknown as Internal<'rendererZoom', number>)[LEAFLET_INTERNALS.rendererZoom]
  return bounds && zoom !== undefined ? { bounds, zoom } : undefined
}

/** Redraws a renderer as Leaflet does at the end of a pan. */
export function updateRenderer(renderer: L.Renderer): void {
  const update = (renderer as unknown as Internal<'rendererUpdate', () => void>)[LEAFLET_INTERNALS.rendererUpdate]
  if (!update) throw new Error(`Leaflet's renderer has no ${LEAFLET_INTERNALS.rendererUpdate}(): see client/src/map/leaflet-internals.ts`)
  update.call(renderer)
}

/** Makes Icon.Default take its image addresses from its options instead of guessing them from the CSS. */
export function stopGuessingIconPath(iconDefault: typeof L.Icon.Default): void {
  delete (iconDefault.prototype as unknown as Internal<'defaultIconUrl', unknown>)[LEAFLET_INTERNALS.defaultIconUrl]
}
