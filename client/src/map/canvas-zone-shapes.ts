import L from 'leaflet'
import type { Position } from 'geojson'
import type { ZoneFeature } from '../api-types.ts'
import { collectParts } from '../collect-parts.ts'
import { canvasPathStyle, type CanvasRole, type Emphasis } from './canvas-zone-style.ts'
import type { ZoneShape } from './zone-shapes.ts'

/**
 * The layers of one zone of a large collection, all drawn by one shared canvas renderer: an area is
 * a filled polygon, a line a plain stroke, a point a small circle. No label, halo, casing or DOM
 * marker, and no listener of its own: with thousands of zones those cost more than they show. The
 * zones layer listens once for all of them and shows the name of the zone under the pointer.
 *
 *   const shape = buildCanvasZoneShape(feature, L.canvas())
 */
export function buildCanvasZoneShape(feature: ZoneFeature, renderer: L.Canvas): ZoneShape | null {
  if (!feature.geometry) return null
  const parts = { polygons: [] as Position[][][], lines: [] as Position[][], points: [] as Position[] }
  collectParts(feature.geometry, parts)
  const { slug, kind, status } = feature.properties
  const styled: { layer: L.Path; role: CanvasRole }[] = []
  const common = { renderer, bubblingMouseEvents: false }

  if (parts.polygons.length > 0) {
    const latLngs = parts.polygons.map((polygon) => L.GeoJSON.coordsToLatLngs(polygon, 1) as L.LatLng[][])
    const role = kind === 'siege' ? 'siege-ring' : 'area'
    styled.push({ layer: L.polygon(latLngs, { ...canvasPathStyle(role, status), ...common }), role })
  }
  for (const line of parts.lines) styled.push({ layer: L.polyline(L.GeoJSON.coordsToLatLngs(line, 0) as L.LatLng[], { ...canvasPathStyle('line', status), ...common }), role: 'line' })
  for (const point of parts.points) styled.push({ layer: L.circleMarker(L.GeoJSON.coordsToLatLng(point as [number, number]), { ...canvasPathStyle('point', status), ...common }), role: 'point' })
  if (styled.length === 0) return null

  const interactive = styled.map(({ layer }) => layer)
  // Most zones are one polygon: that is their layer, without a group of one around it.
  const only = interactive.length === 1 ? interactive[0] : undefined
  const group = only instanceof L.Polyline ? only : L.featureGroup(interactive)
  const emphasize = (emphasis: Emphasis) => {
    for (const { layer, role } of styled) layer.setStyle(canvasPathStyle(role, status, emphasis))
  }
  return { slug, feature, group, interactive, tagged: [], labelled: null, emphasize }
}
