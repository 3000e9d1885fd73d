import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/storage/database/database.ts'
import { mapTiles } from '../../server/tiles/map-tiles.ts'
import { backend, createTestDatabase } from '../helpers/test-database.ts'

let db: Database
beforeAll(async () => {
  db = await createTestDatabase('migrated')
})
afterAll(async () => {
  await db.close()
})

/** Twice the signed area by the surveyor's formula, as the MVT specification computes it in tile coordinates. */
function surveyorArea(ring: ReadonlyArray<{ x: number; y: number }>): number {
  let sum = 0
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) sum += ring[previous]!.x * ring[index]!.y - ring[index]!.x * ring[previous]!.y
  return sum
}

describe(`the embedded tiles' rings, on ${backend}`, () => {
  it('have exterior rings of positive area and holes of negative area in tile coordinates, however the zone was wound', async () => {
    // Around 10.5, 10.5 (tile 7/67/60), one zone wound as RFC 7946 says and one the other way round.
    const outer = [[10.2, 10.2], [10.8, 10.2], [10.8, 10.8], [10.2, 10.8], [10.2, 10.2]]
    const hole = [[10.4, 10.4], [10.4, 10.6], [10.6, 10.6], [10.6, 10.4], [10.4, 10.4]]
    const shapes = { 'wound-as-rfc': [outer, hole], 'wound-backwards': [[...outer].reverse(), [...hole].reverse()] }
    for (const [slug, rings] of Object.entries(shapes)) {
      await db.knex('zones').insert({
        slug,
        name: slug,
        kind: 'siege',
        status: 'active',
        status_since: '2020-01-01',
        geom: db.knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify({ type: 'Polygon', coordinates: rings })]),
      })
    }
    const layer = new VectorTile(new PbfReader(await mapTiles(db.knex).encodedTile({ z: 7, x: 67, y: 60 }))).layers['zones']!
    expect(layer.length).toBe(2)
    for (let index = 0; index < layer.length; index++) {
      const feature = layer.feature(index)
      const [exterior, interior, ...rest] = feature.loadGeometry()
      expect(rest, String(feature.properties['slug'])).toEqual([])
      expect(surveyorArea(exterior!), `${feature.properties['slug']}: exterior`).toBeGreaterThan(0)
      expect(surveyorArea(interior!), `${feature.properties['slug']}: hole`).toBeLessThan(0)
    }
  })
})
