import type { Geometry } from 'geojson'
import type { Knex } from 'knex'

/**
 * PostGIS's verdict on shapes the turf checks (server/geometry) found sound: the last word before
 * they are stored, for all of them in one statement. Gives the reason of each invalid one by its
 * position in `geometries`; null entries (zones without a shape) are skipped.
 *
 *   await invalidGeometryReasons(trx, [square, nestedShells, null]) // Map { 1 => 'Nested shells[36.2 33.2]' }
 */
export async function invalidGeometryReasons(knex: Knex | Knex.Transaction, geometries: ReadonlyArray<Geometry | null>): Promise<Map<number, string>> {
  if (geometries.every((geometry) => geometry === null)) return new Map()
  const { rows } = await knex.raw(
    `select index, reason
       from (select (shape.position - 1)::int as index,
                    ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON(shape.geometry::text), 4326)) as reason
               from jsonb_array_elements(?::jsonb) with ordinality as shape(geometry, position)
              where shape.geometry <> 'null'::jsonb) checked
      where reason <> 'Valid Geometry'
      order by index`,
    [JSON.stringify(geometries)],
  )
  return new Map((rows as Array<{ index: number; reason: string }>).map((row) => [row.index, row.reason]))
}
