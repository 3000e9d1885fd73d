import type L from 'leaflet'
import type { AtlasMap } from '../map/create-map.ts'
import { DIRECTION } from '../i18n/index.ts'
import type { MapView } from '../state.ts'

const FIT_PADDING = 24

/** Where the map opens when a link gives no view and there is nothing to fit: Syria. */
const FALLBACK_VIEW: MapView = { lat: 35, lng: 38.5, zoom: 6 }

/** The first view: the link's, or fitted to every zone drawn. */
export function setFirstView(atlas: AtlasMap, view: MapView | null): void {
  const { map } = atlas
  if (view) {
    map.setView([view.lat, view.lng], view.zoom, { animate: false })
    return
  }
  const bounds = map.hasLayer(atlas.compare) ? atlas.compare.boundsOf() : atlas.zones.boundsOf()
  if (bounds) map.fitBounds(bounds, { ...clearOfControls(atlas), animate: false })
  else map.setView([FALLBACK_VIEW.lat, FALLBACK_VIEW.lng], FALLBACK_VIEW.zoom)
}

/** The view as drawn. */
export function shownView(map: L.Map): MapView {
  const center = map.getCenter()
  return { zoom: map.getZoom(), lat: center.lat, lng: center.lng }
}

/** Brings a zone into view: always when asked, otherwise only if it is not wholly in the free part of the map. */
export function revealOnMap(atlas: AtlasMap, slug: string, always = false): void {
  const bounds = atlas.map.hasLayer(atlas.compare) ? atlas.compare.boundsOf(slug) : atlas.zones.boundsOf([slug])
  if (!bounds) return
  const padding = clearOfControls(atlas)
  if (always || !inFreePart(atlas.map, bounds, padding)) atlas.map.fitBounds(bounds, { ...padding, maxZoom: always ? 10 : atlas.map.getZoom() })
}

/** Pans the map, if need be, so that a place is in the part of the map nothing covers. */
export function keepInFreePart(atlas: AtlasMap, latlng: L.LatLng): void {
  const { paddingBottomRight } = clearOfControls(atlas)
  const [, hidden] = paddingBottomRight as [number, number]
  const freeBottom = atlas.map.getSize().y - hidden
  const point = atlas.map.latLngToContainerPoint(latlng)
  if (point.y > freeBottom) atlas.map.panBy([0, point.y - freeBottom / 2])
}

/**
 * Fit padding that keeps the data clear of the legend (when open), the other controls, and what is
 * drawn over the map (the panel on a phone), measured as they are on the screen.
 */
function clearOfControls(atlas: AtlasMap): L.FitBoundsOptions {
  const legend = atlas.legend.getContainer()
  const legendWidth = legend && legend.hasAttribute('open') ? legend.offsetWidth + 10 : 0
  // Leaflet measures its container once, and the time bar below it grows once loaded: the map may
  // end above where Leaflet thinks, so the free part is measured against Leaflet's own size.
  const map = atlas.map.getContainer().getBoundingClientRect()
  let freeBottom = map.bottom
  for (const cover of atlas.coveredBy.map((coverage) => coverage())) {
    // A sheet across the map's width from its lower edge (the phone's panel).
    if (cover && cover.top < map.bottom && cover.bottom > map.top && cover.left <= map.left && cover.right >= map.right) freeBottom = Math.min(freeBottom, cover.top)
  }
  const hiddenBelow = Math.max(0, map.top + atlas.map.getSize().y - freeBottom)
  // The zoom buttons on one side, the legend on the other: mirrored in a right-to-left page.
  const [left, right] = DIRECTION === 'rtl' ? [FIT_PADDING + legendWidth, FIT_PADDING + 40] : [FIT_PADDING + 40, FIT_PADDING + legendWidth]
  return { paddingTopLeft: [left, FIT_PADDING], paddingBottomRight: [right, FIT_PADDING + hiddenBelow] }
}

function inFreePart(map: L.Map, bounds: L.LatLngBounds, padding: L.FitBoundsOptions): boolean {
  const [left, top] = padding.paddingTopLeft as [number, number]
  const [right, bottom] = padding.paddingBottomRight as [number, number]
  const size = map.getSize()
  const northWest = map.latLngToContainerPoint(bounds.getNorthWest())
  const southEast = map.latLngToContainerPoint(bounds.getSouthEast())
  return northWest.x >= left && northWest.y >= top && southEast.x <= size.x - right && southEast.y <= size.y - bottom
}
