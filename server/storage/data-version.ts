import type { Knex } from 'knex'
import { prepared } from './prepared.ts'
import { DATA_VERSION_TABLE } from '../../migrations/009_add_generalized_geometry.ts'

/**
 * The data version (migration 009): a number that every committed change to the zones, their
 * parties or their history increases. ETags built on it need no hashing of the response, and a
 * revalidation (If-None-Match) is this one single-row read.
 *
 *   const etag = `"zones-${await readDataVersion(knex)}"`
 */

/** The version as an SQL expression, to read it in the same statement (so the same snapshot) as the data. */
export const DATA_VERSION_SQL = `(select version from ${DATA_VERSION_TABLE})`

export async function readDataVersion(knex: Knex): Promise<number> {
  const result = await prepared(knex, knex.raw(`select ${DATA_VERSION_SQL} as version`))
  return Number(result.rows[0].version)
}
