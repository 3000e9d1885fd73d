import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { area, featureCollection, intersect, truncate } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson'
import { PROJECT_ROOT } from '../server/project-root.ts'
import { rfc7946Winding } from '../server/geometry/rewind.ts'
import { NATURAL_EARTH, naturalEarthCountry } from './natural-earth-country.ts'

/**
 * Clips the drawn outlines in seeds/data/geometries.geojson to the country each concerns (the
 * feature's `country`, Syria unless it says otherwise), as Natural Earth draws it, and writes every
 * polygon with its outer rings counter-clockwise (RFC 7946 section 3.1.6). An outline whose sources
 * say it crosses a border carries `crosses_border` (the reason) and is left whole; outlines the
 * seed builds from a width (buffer_km, radius_km, band_km_*) are built inside the country already.
 * A clipped outline gains `clipped_to` and a sentence in its public note saying so.
 *
 * Run after changing an outline: `npx tsx seeds/clip-outlines.ts` (deterministic, 5 decimals;
 * running it twice changes nothing).
 */

const GEOMETRIES = path.join(PROJECT_ROOT, 'seeds', 'data', 'geometries.geojson')
/** Less than this share outside the country (rounding at 5 decimals) is left as it is. */
const TOLERANCE = 1e-4

type OutlineFeature = Feature<Geometry, Record<string, unknown>>

export function clipNote(country: string): string {
  return `Clipped to ${country}'s border as Natural Earth draws it.`
}

export function clipOutlines(collection: FeatureCollection<Geometry, Record<string, unknown>>): FeatureCollection<Geometry, Record<string, unknown>> {
  return { ...collection, features: collection.features.map(clipFeature) }
}

function clipFeature(outline: OutlineFeature): OutlineFeature {
  const properties = outline.properties
  const built = ['buffer_km', 'radius_km', 'band_km_min', 'band_km_max'].some((key) => key in properties)
  if (properties['crosses_border'] || built) return { ...outline, geometry: rfc7946Winding(outline.geometry) }
  const country = String(properties['country'] ?? 'Syria')
  let clipped = false
  const clip = (shape: Polygon | MultiPolygon): Polygon | MultiPolygon => {
    const inside = intersect(featureCollection([{ type: 'Feature', properties: {}, geometry: shape }, naturalEarthCountry(country)]))
    if (!inside) throw new Error(`feature ${outline.id} lies wholly outside ${country}`)
    if (1 - area(inside) / area(shape) < TOLERANCE) return shape
    clipped = true
    return truncate(inside, { precision: 5 }).geometry
  }
  const geometry = clipGeometry(outline.geometry, clip)
  if (!clipped) return { ...outline, geometry: rfc7946Winding(outline.geometry) }
  const note = String(properties['public_note'] ?? '')
  return {
    ...outline,
    properties: {
      ...properties,
      public_note: note.includes(clipNote(country)) ? note : `${note} ${clipNote(country)}`,
      clipped_to: `${country}, ${NATURAL_EARTH}`,
      ...('area_km2_approx' in properties ? { area_km2_approx: Math.round(area(geometry) / 1e6) } : {}),
    },
    geometry: rfc7946Winding(geometry),
  }
}

function clipGeometry(geometry: Geometry, clip: (shape: Polygon | MultiPolygon) => Polygon | MultiPolygon): Geometry {
  switch (geometry.type) {
    case 'Polygon':
    case 'MultiPolygon':
      return clip(geometry)
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((member) => clipGeometry(member, clip)) }
    default:
      return geometry
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const collection = JSON.parse(readFileSync(GEOMETRIES, 'utf8')) as FeatureCollection<Geometry, Record<string, unknown>>
  writeFileSync(GEOMETRIES, `${JSON.stringify(clipOutlines(collection), null, 1)}\n`)
  console.log(`wrote ${path.relative(PROJECT_ROOT, GEOMETRIES)}`)
}
