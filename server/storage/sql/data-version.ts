import type { Knex } from 'knex'
import { prepared } from '../database/prepared.ts'
import { TABLES } from './tables.ts'

/**
 * The data version (migration 009): a number that every committed change to the zones, their
 * parties or their history increases. ETags built on it need no hashing of the response, and a
 * revalidation (If-None-Match) is this one single-row read.
 *
 *   const etag = `"zones-${await readDataVersion(knex)}"`
 */

/** Room for the day in the version: about 270 years of days after 2000 before two versions could meet. */
const DAYS_PER_VERSION = 100_000

/**
 * The version as an SQL expression, to read it in the same statement (so the same snapshot) as the
 * data. It moves on each day as well: a status change scheduled for a day takes effect on it
 * without any write (see zonesOnDay in zone-sql.ts), and what was read the day before must not be
 * served again. The day is the database's, as in the reads.
 */
export const DATA_VERSION_SQL = `(select version * ${DAYS_PER_VERSION} + (current_date - date '2000-01-01') from ${TABLES.dataVersion})`

export async function readDataVersion(knex: Knex): Promise<number> {
  const result = await prepared(knex, knex.raw(`select ${DATA_VERSION_SQL} as version`))
  return Number(result.rows[0].version)
}
