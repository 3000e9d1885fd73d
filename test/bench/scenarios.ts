import type { Database } from '../../server/storage/database/database.ts'
import { readDataVersion } from '../../server/storage/sql/data-version.ts'
import type { Extent } from './synthetic-zones.ts'

/**
 * What the benchmark asks the API, on the synthetic data. A scenario with several paths sends them
 * in turn on each connection (different ids, points, tiles), so no single row stays hot.
 */
export interface Scenario {
  name: string
  paths: string[]
  /** The target for this row, for the report. */
  target?: string
}

/** [west, south, east, north] of a box a tenth of the extent's area, around its centre. */
export function tenthOfExtent(extent: Extent): [number, number, number, number] {
  const [west, south, east, north] = extent
  const [cx, cy] = [(west + east) / 2, (south + north) / 2]
  const [halfWidth, halfHeight] = [(east - west) / 2 / Math.sqrt(10), (north - south) / 2 / Math.sqrt(10)]
  const round = (value: number) => Math.round(value * 1e4) / 1e4
  return [round(cx - halfWidth), round(cy - halfHeight), round(cx + halfWidth), round(cy + halfHeight)]
}

/** The XYZ tiles at `zoom` over the middle of the extent, at most 4 by 4 of them. */
export function tilesOverExtent(extent: Extent, zoom: number): Array<{ x: number; y: number }> {
  const [west, south, east, north] = extent
  const column = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** zoom)
  const row = (lat: number) => Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** zoom)
  const middle = (low: number, high: number) => Math.max(low, Math.floor((low + high) / 2) - 1)
  const [x0, y0] = [middle(column(west), column(east)), middle(row(north), row(south))]
  const tiles: Array<{ x: number; y: number }> = []
  for (let x = x0; x <= Math.min(x0 + 3, column(east)); x++) for (let y = y0; y <= Math.min(y0 + 3, row(south)); y++) tiles.push({ x, y })
  return tiles
}

const SAMPLES = 16

export async function benchScenarios(db: Database, extent: Extent): Promise<Scenario[]> {
  const { rows } = await db.knex.raw(
    `select id, round(ST_X(p)::numeric, 5)::float8 as lon, round(ST_Y(p)::numeric, 5)::float8 as lat
       from (select id, ST_PointOnSurface(geom) as p, ntile(?) over (order by id) as bucket from zones where not archived) z
      where (id, bucket) in (select min(id), bucket from (select id, ntile(?) over (order by id) as bucket from zones where not archived) b group by bucket)
      order by id`,
    [SAMPLES, SAMPLES],
  )
  const samples = rows as Array<{ id: number; lon: number; lat: number }>
  const bbox = tenthOfExtent(extent).join(',')
  const tiles = tilesOverExtent(extent, 7)
  const version = await readDataVersion(db.knex)
  return [
    { name: 'GET /zones?status=proposed&limit=100', paths: ['/zones?status=proposed&limit=100'], target: '≥ 85% of the floor' },
    { name: 'GET /zones?status=proposed&limit=1000', paths: ['/zones?status=proposed&limit=1000'] },
    { name: 'GET /zones?status=proposed&limit=1000&zoom=6', paths: ['/zones?status=proposed&limit=1000&zoom=6'] },
    { name: 'GET /zones?bbox=(a tenth of the extent)&limit=100', paths: [`/zones?bbox=${bbox}&limit=100`] },
    { name: 'GET /zones?contains=lon,lat&limit=100', paths: samples.map((sample) => `/zones?contains=${sample.lon},${sample.lat}&limit=100`) },
    { name: 'GET /zones/:id', paths: samples.map((sample) => `/zones/${sample.id}`) },
    { name: 'GET /ogc/collections/zones/items?limit=100', paths: ['/ogc/collections/zones/items?limit=100'], target: '≥ 85% of the floor' },
    { name: 'GET /tiles/7/x/y.mvt (over the data)', paths: tiles.map(({ x, y }) => `/tiles/7/${x}/${y}.mvt`), target: 'p99 < 50 ms on PostgreSQL' },
    // As map clients ask for them: with the data version the TileJSON (GET /tiles) puts in the URL.
    { name: 'GET /tiles/7/x/y.mvt?v=(data version)', paths: tiles.map(({ x, y }) => `/tiles/7/${x}/${y}.mvt?v=${version}`), target: 'p99 < 50 ms on PostgreSQL' },
  ]
}
