import { buffer, circle, intersect, featureCollection, lineString, polygon } from '@turf/turf'
import type { Feature, Geometry, Polygon } from 'geojson'
import { rfc7946Winding } from './rewind.ts'

export interface OutlineProperties {
  /** A LineString or Polygon widened by this many kilometres on each side. */
  buffer_km?: number
  /** A Point drawn as a circle of this radius. */
  radius_km?: number
  /**
   * A Polygon whose ring runs along a line of contact from its first vertex to its last (the closing
   * edge back to the first vertex is not part of that line): drawn as the band inside the polygon
   * that lies within the stated width of that line. A width given as a range (15-20 km) is drawn at
   * its middle.
   */
  band_km_min?: number
  band_km_max?: number
}

const CIRCLE_STEPS = 64

/**
 * Turns a dataset outline into the geometry to store: a buffer around a line, a circle around a
 * point, a band inside a polygon along its line of contact, or the given shape, always with RFC 7946
 * winding. Used by the seeds.
 *
 * @example buildOutline({ type: 'Feature', properties: { radius_km: 55 }, geometry: { type: 'Point', coordinates: [38.618, 33.506] } })
 */
export function buildOutline(feature: Feature<Geometry, OutlineProperties | null>): Geometry {
  const { buffer_km: bufferKm, radius_km: radiusKm, band_km_min: bandMin, band_km_max: bandMax } = feature.properties ?? {}
  if (radiusKm !== undefined) {
    if (feature.geometry.type !== 'Point') throw new Error(`radius_km needs a Point, got ${feature.geometry.type}`)
    return rfc7946Winding(circle(feature.geometry.coordinates, radiusKm, { units: 'kilometers', steps: CIRCLE_STEPS }).geometry)
  }
  if (bufferKm !== undefined) {
    const widened = buffer(feature.geometry, bufferKm, { units: 'kilometers' })
    if (!widened || widened.type !== 'Feature') throw new Error(`buffer_km gave no single shape for feature ${feature.id}`)
    return rfc7946Winding(widened.geometry)
  }
  if (bandMin !== undefined || bandMax !== undefined) {
    if (feature.geometry.type !== 'Polygon') throw new Error(`band_km_min/band_km_max need a Polygon, got ${feature.geometry.type}`)
    return rfc7946Winding(bandAlongContactLine(feature.geometry, ((bandMin ?? bandMax)! + (bandMax ?? bandMin)!) / 2, feature.id))
  }
  return rfc7946Winding(feature.geometry)
}

/** The part of the polygon within `widthKm` of its ring's path from the first vertex to the last. */
function bandAlongContactLine(area: Polygon, widthKm: number, id: Feature['id']): Geometry {
  const ring = area.coordinates[0]!
  const contactLine = lineString(ring.slice(0, -1))
  const reach = buffer(contactLine, widthKm, { units: 'kilometers' })
  const band = reach && intersect(featureCollection([polygon(area.coordinates), reach]))
  if (!band) throw new Error(`band_km gave no shape for feature ${id}`)
  return band.geometry
}
