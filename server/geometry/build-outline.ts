import { buffer, circle } from '@turf/turf'
import type { Feature, Geometry } from 'geojson'
import { rfc7946Winding } from './rewind.ts'

export interface OutlineProperties {
  /** A LineString or Polygon widened by this many kilometres on each side. */
  buffer_km?: number
  /** A Point drawn as a circle of this radius. */
  radius_km?: number
}

const CIRCLE_STEPS = 64

/**
 * Turns a dataset outline into the geometry to store: a buffer around a line, a circle around a
 * point, or the given shape, always with RFC 7946 winding. Used by the seeds.
 *
 * @example buildOutline({ type: 'Feature', properties: { radius_km: 55 }, geometry: { type: 'Point', coordinates: [38.618, 33.506] } })
 */
export function buildOutline(feature: Feature<Geometry, OutlineProperties | null>): Geometry {
  const { buffer_km: bufferKm, radius_km: radiusKm } = feature.properties ?? {}
  if (radiusKm !== undefined) {
    if (feature.geometry.type !== 'Point') throw new Error(`radius_km needs a Point, got ${feature.geometry.type}`)
    return rfc7946Winding(circle(feature.geometry.coordinates, radiusKm, { units: 'kilometers', steps: CIRCLE_STEPS }).geometry)
  }
  if (bufferKm !== undefined) {
    const widened = buffer(feature.geometry, bufferKm, { units: 'kilometers' })
    if (!widened || widened.type !== 'Feature') throw new Error(`buffer_km gave no single shape for feature ${feature.id}`)
    return rfc7946Winding(widened.geometry)
  }
  return rfc7946Winding(feature.geometry)
}
