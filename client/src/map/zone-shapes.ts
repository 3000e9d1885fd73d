import L from 'leaflet'
import type { Geometry, Position } from 'geojson'
import type { ZoneFeature } from '../api-types.ts'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { STATUS_LABELS, shortName } from '../labels.ts'
import { symbolIcon, symbolShapeFor } from './zone-symbols.ts'
import { pathStyle } from './zone-style.ts'
import { collectParts } from '../collect-parts.ts'
import type { Emphasis } from './canvas-zone-style.ts'
import { ZONE_LINES_PANE } from './panes.ts'

/**
 * The Leaflet layers of one zone, by its kind and geometry: areas are filled polygons (sieges a
 * heavy ring with a crossed-ring symbol at the centre), lines are cased strokes (corridors, axes),
 * points are symbols. Approximate geometries get a soft halo. Areas carry a permanent label inside;
 * lines and points a label on hover. All text is set through textContent.
 */
export interface ZoneShape {
  slug: string
  feature: ZoneFeature
  /** Everything drawn for the zone: a group, or on the canvas a zone's one polygon or line itself. */
  group: L.FeatureGroup | L.Polyline
  /** The layers that react to the pointer and carry the zone's data attributes. */
  interactive: (L.Path | L.Marker)[]
  /** Every layer whose element should be tagged, halos and casings included. */
  tagged: (L.Path | L.Marker)[]
  /** The area that holds the permanent label, if the zone has one. */
  labelled: L.Polygon | null
  /** Restyles the zone as hovered or selected where no element carries CSS classes (the canvas). */
  emphasize?: (emphasis: Emphasis) => void
}

interface Parts {
  polygons: Position[][][]
  lines: Position[][]
  points: Position[]
}

/** Null for a zone without a geometry (its location was never published): it is listed but not drawn. */
export function buildZoneShape(feature: ZoneFeature): ZoneShape | null {
  if (!feature.geometry) return null
  const parts: Parts = { polygons: [], lines: [], points: [] }
  collectParts(feature.geometry, parts)
  const { slug, kind, status, approximate } = feature.properties
  const base = `ta-zone-shape ta-status-${status} ta-kind-${kind}`
  const group = L.featureGroup()
  const interactive: (L.Path | L.Marker)[] = []
  const tagged: (L.Path | L.Marker)[] = []
  let labelled: L.Polygon | null = null

  if (parts.polygons.length > 0) {
    const latLngs = parts.polygons.map((polygon) => L.GeoJSON.coordsToLatLngs(polygon, 1) as L.LatLng[][])
    if (approximate) tagged.push(L.polygon(latLngs, { ...pathStyle('halo', status), className: 'ta-zone-halo' }).addTo(group))
    // snapIgnore: false lets a shape being edited snap to this zone (Leaflet-Geoman runs opt-in).
    const area = L.polygon(latLngs, { ...pathStyle(kind === 'siege' ? 'siege-ring' : 'area', status), className: `${base} ta-area`, bubblingMouseEvents: false, snapIgnore: false })
    area.addTo(group)
    interactive.push(area)
    labelled = area
    if (kind === 'siege') {
      const centre = L.marker(area.getBounds().getCenter(), { icon: symbolIcon('siege', status, kind), keyboard: false, bubblingMouseEvents: false })
      interactive.push(centre.addTo(group))
    }
  }
  for (const line of parts.lines) {
    const latLngs = L.GeoJSON.coordsToLatLngs(line, 0) as L.LatLng[]
    const pane = ZONE_LINES_PANE
    if (approximate) tagged.push(L.polyline(latLngs, { ...pathStyle('halo', status), className: 'ta-zone-halo', pane }).addTo(group))
    tagged.push(L.polyline(latLngs, { ...pathStyle('casing', status), className: 'ta-zone-casing', pane }).addTo(group))
    interactive.push(L.polyline(latLngs, { ...pathStyle('line', status), className: `${base} ta-line`, pane, bubblingMouseEvents: false, snapIgnore: false }).addTo(group))
  }
  for (const point of parts.points) {
    const marker = L.marker(L.GeoJSON.coordsToLatLng(point as [number, number]), {
      icon: symbolIcon(symbolShapeFor(kind), status, kind),
      keyboard: true,
      bubblingMouseEvents: false,
      riseOnHover: true,
      snapIgnore: false,
    })
    interactive.push(marker.addTo(group))
  }
  tagged.push(...interactive)

  if (labelled) {
    labelled.bindTooltip(zoneLabel(feature), { permanent: true, direction: 'center', className: 'ta-zone-label', interactive: false, opacity: 1 })
  } else {
    for (const layer of interactive) layer.bindTooltip(zoneLabel(feature), { direction: 'top', className: 'ta-zone-label ta-zone-label-hover', opacity: 1 })
  }
  return { slug, feature, group, interactive, tagged, labelled }
}

/** The label of a zone: its short name, its status, and whether the shape is approximate. */
export function zoneLabel(feature: ZoneFeature): HTMLElement {
  const p = feature.properties
  return el(
    'span',
    { class: 'ta-label', 'data-zone': p.slug },
    el('span', { class: 'ta-label-name' }, shortName(p.name)),
    el('span', { class: 'ta-label-meta' }, p.approximate ? t('map.labelApproximate', { status: STATUS_LABELS[p.status] }) : STATUS_LABELS[p.status]),
  )
}

