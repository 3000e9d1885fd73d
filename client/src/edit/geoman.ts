import L from 'leaflet'
import './leaflet-global.ts'
import '@geoman-io/leaflet-geoman-free'
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css'

/**
 * Leaflet-Geoman, opt-in: only the layers made for editing (`pmIgnore: false`) get its handles, and
 * snapping reaches the zones on the map (they carry `snapIgnore: false`) but never the basemap.
 * Geoman is loaded with the editing code after sign-in, when the map exists already, so the map is
 * given its `pm` here.
 */
L.PM.setOptIn(true)

/** Snapping distance in pixels, while drawing and while moving vertices. */
export const SNAP_DISTANCE = 15

export function enableGeoman(map: L.Map): L.PM.PMMap {
  if (!(map as { pm?: L.PM.PMMap }).pm) {
    map.options.pmIgnore = false
    L.PM.reInitLayer(map as unknown as L.Layer) // geoman's own code accepts the map here
  }
  map.pm.setGlobalOptions({ snappable: true, snapDistance: SNAP_DISTANCE, allowSelfIntersection: true, exitModeOnEscape: true, finishOnEnter: true })
  return map.pm
}
