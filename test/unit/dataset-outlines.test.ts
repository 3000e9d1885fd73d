import { readFileSync } from 'node:fs'
import path from 'node:path'
import { along, area, booleanClockwise, booleanPointInPolygon, featureCollection, intersect, length, lineString } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson'
import { describe, expect, it } from 'vitest'
import { buildOutline } from '../../server/geometry/build-outline.ts'
import { validateGeometry, type GeometryVerdict } from '../../server/geometry/validate-geometry.ts'
import { WEAK_RELIABILITIES } from '../../server/domain/source-reliability.ts'
import { clipOutlines } from '../../seeds/clip-outlines.ts'
import { naturalEarthCountry } from '../../seeds/natural-earth-country.ts'
import { readDataset } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'

/**
 * The outlines as a reader of seeds/data sees them: where they lie, how their rings run, and the
 * widths the sources state. Geometry only; the records have their own suite.
 */
type Outline = Feature<Geometry, Record<string, unknown>>
const readCollection = (file: string) => JSON.parse(readFileSync(path.join(DATASET_DIR, file), 'utf8')) as FeatureCollection<Geometry, Record<string, unknown>>
const outlines = readCollection('geometries.geojson')
const dataset = readDataset(DATASET_DIR)

/** The share of a built outline that lies outside a country: by area, by length for a line, 0 or 1 for a point. */
function shareOutside(geometry: Geometry, country: Feature<Polygon | MultiPolygon>): number {
  switch (geometry.type) {
    case 'Polygon':
    case 'MultiPolygon': {
      const inside = intersect(featureCollection([{ type: 'Feature', properties: {}, geometry }, country]))
      return 1 - (inside ? area(inside) : 0) / area(geometry)
    }
    case 'LineString': {
      const samples = 200
      const total = length(lineString(geometry.coordinates))
      let outside = 0
      for (let step = 0; step < samples; step++) if (!booleanPointInPolygon(along(geometry, ((step + 0.5) * total) / samples), country)) outside++
      return outside / samples
    }
    case 'Point':
      return booleanPointInPolygon(geometry.coordinates, country) ? 0 : 1
    case 'GeometryCollection': {
      // A collection's outline is its areas (a town marker beside them sits on a coarse border).
      const areas = geometry.geometries.filter((member) => member.type === 'Polygon' || member.type === 'MultiPolygon')
      return Math.max(...(areas.length > 0 ? areas : geometry.geometries).map((member) => shareOutside(member, country)))
    }
    default:
      throw new Error(`no share outside for a ${geometry.type}`)
  }
}

function polygonsOf(geometry: Geometry): Position[][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates]
  if (geometry.type === 'MultiPolygon') return geometry.coordinates
  if (geometry.type === 'GeometryCollection') return geometry.geometries.flatMap(polygonsOf)
  return []
}

const issuesOf = (verdict: GeometryVerdict) => (verdict.valid ? [] : verdict.issues)
const byId = (id: string): Outline => outlines.features.find((feature) => feature.id === id)!

describe('the dataset outlines', () => {
  it.each(outlines.features.map((feature) => [String(feature.id), feature] as const))('%s lies in its country, or its note says why not', (_id, feature) => {
    const country = String(feature.properties['country'] ?? 'Syria')
    const outside = shareOutside(buildOutline(feature), naturalEarthCountry(country))
    if (feature.properties['crosses_border']) {
      expect(feature.properties['public_note'], 'the reader is told the outline crosses a border').toMatch(/border|crosses/)
    } else {
      expect(outside, `share outside ${country}`).toBeLessThanOrEqual(0.01)
    }
  })

  it('ship every polygon with counter-clockwise outer rings and clockwise holes (RFC 7946 3.1.6)', () => {
    for (const file of ['geometries.geojson', 'incident-areas.geojson']) {
      for (const feature of readCollection(file).features) {
        for (const [outer, ...holes] of polygonsOf(feature.geometry)) {
          expect(booleanClockwise(outer!), `${file} ${feature.id} outer ring`).toBe(false)
          for (const hole of holes) expect(booleanClockwise(hole), `${file} ${feature.id} hole`).toBe(true)
        }
      }
    }
  })

  it('are valid shapes for their kinds, in every version', () => {
    for (const zone of dataset.zones) {
      for (const version of zone.boundaries) expect(issuesOf(validateGeometry(version.geometry, { kind: zone.kind })), `${zone.slug} ${version.stage}`).toEqual([])
    }
    for (const feature of readCollection('incident-areas.geojson').features) expect(issuesOf(validateGeometry(feature.geometry, { kind: 'ceasefire-zone' })), String(feature.id)).toEqual([])
  })

  it('are the clipped outlines seeds/clip-outlines.ts writes', () => {
    expect(clipOutlines(outlines)).toEqual(outlines)
  })

  it('draw the 2018 Sochi demilitarised zone as a 15-20 km band along its front line, not the whole ring', () => {
    const sochi = byId('sochi-idlib-demilitarised-zone') as Feature<Polygon, Record<string, unknown>>
    const frontLine = length(lineString(sochi.geometry.coordinates[0]!.slice(0, -1)))
    const band = area(buildOutline(sochi)) / 1e6
    expect(band).toBeGreaterThanOrEqual(0.8 * 15 * frontLine)
    expect(band).toBeLessThanOrEqual(1.2 * 20 * frontLine)
    expect(band).toBeLessThan(0.8 * area(sochi.geometry) / 1e6)
  })

  it('draw the 2020 M4 corridor 6 km either side of the road', () => {
    const m4 = byId('m4-security-corridor') as Feature<LineString, Record<string, unknown>>
    const corridor = area(buildOutline(m4)) / 1e6
    const road = length(m4)
    expect(corridor).toBeGreaterThanOrEqual(0.8 * 12 * road)
    expect(corridor).toBeLessThanOrEqual(1.2 * 12 * road)
  })
})

describe('the dataset sources', () => {
  it('are each graded by their outlet, the weak outlets the review named as weak', () => {
    for (const source of dataset.sources) expect(source.reliability, source.key).toBeTruthy()
    for (const host of ['rusreality.com', 'syria360.wordpress.com', 'sott.net', 'voltairenet.org', 'southfront']) {
      const named = dataset.sources.filter((source) => source.url?.includes(host))
      expect(named.length, host).toBeGreaterThan(0)
      for (const source of named) expect(WEAK_RELIABILITIES, `${source.key} ${source.url}`).toContain(source.reliability)
    }
  })
})
