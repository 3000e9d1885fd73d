import type L from 'leaflet'

export interface ScaleBar {
  /** The bar's length in the map's pixels. */
  width: number
  /** The distance it stands for, in metres: 1, 2, 3 or 5 times a power of ten, as Leaflet's scale control rounds. */
  metres: number
}

/**
 * A metric scale bar at most `maxWidth` pixels long, measured across the middle of the view (a
 * Mercator map's scale changes with the latitude), like the map's own scale control.
 *
 *   scaleBar(map, 100)   // { width: 83.2, metres: 50000 }
 */
export function scaleBar(map: L.Map, maxWidth = 100): ScaleBar {
  const y = map.getSize().y / 2
  const across = map.distance(map.containerPointToLatLng([0, y]), map.containerPointToLatLng([maxWidth, y]))
  const metres = roundDown(across)
  return { width: across > 0 ? (maxWidth * metres) / across : 0, metres }
}

function roundDown(value: number): number {
  if (!(value > 0)) return 0
  const power = 10 ** Math.floor(Math.log10(value))
  const leading = value / power
  const step = leading >= 10 ? 10 : leading >= 5 ? 5 : leading >= 3 ? 3 : leading >= 2 ? 2 : 1
  return power * step
}
