import type L from 'leaflet'

/**
 * The basemap draws between the tiles (200) and the zones (400): land and borders, then the
 * governorate lines above them whichever loads first, then the place names just under the zones.
 */
export const BASEMAP_PANE = 'basemap'
export const BASEMAP_LINES_PANE = 'basemap-lines'
export const BASEMAP_LABEL_PANE = 'basemap-labels'

/**
 * Lines of zones (corridors, axes) draw above the areas (overlayPane, 400) and below the symbols
 * (markerPane, 600): a line crossing an area stays visible and takes the pointer there.
 */
export const ZONE_LINES_PANE = 'zone-lines'

/** Creates the pane of the zones' lines once. */
export function ensureZoneLinesPane(map: L.Map): void {
  if (map.getPane(ZONE_LINES_PANE)) return
  map.createPane(ZONE_LINES_PANE).style.zIndex = '450'
}

/** Creates the basemap panes once; any basemap layer may be added first. */
export function ensureBasemapPanes(map: L.Map): void {
  for (const [name, zIndex] of [
    [BASEMAP_PANE, 250],
    [BASEMAP_LINES_PANE, 260],
    [BASEMAP_LABEL_PANE, 350],
  ] as const) {
    if (map.getPane(name)) continue
    const pane = map.createPane(name)
    pane.style.zIndex = String(zIndex)
    pane.style.pointerEvents = 'none'
  }
}

/**
 * Single incidents draw over the zones' areas and lines and under the zones' symbols. The clusters'
 * discs, and their counts above them, go over the zones' names (tooltips, 650), which would
 * otherwise hide a cluster under a name, and under popups (700). No pane takes the pointer: the
 * incidents layer finds what a click is on itself, so the zones under its canvases still get theirs.
 */
export const INCIDENTS_PANE = 'incidents'
export const INCIDENT_CLUSTERS_PANE = 'incident-clusters'
export const INCIDENT_LABELS_PANE = 'incident-labels'

/** Creates the incidents' panes once. */
export function ensureIncidentPanes(map: L.Map): void {
  for (const [name, zIndex] of [
    [INCIDENTS_PANE, 480],
    [INCIDENT_CLUSTERS_PANE, 655],
    [INCIDENT_LABELS_PANE, 660],
  ] as const) {
    if (map.getPane(name)) continue
    const pane = map.createPane(name)
    pane.style.zIndex = String(zIndex)
    pane.style.pointerEvents = 'none'
  }
}
