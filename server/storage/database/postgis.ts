import type { Knex } from 'knex'
import { DatabaseSetupError } from './database-error.ts'

const UNIQUE_VIOLATION = '23505'

/** Creates the PostGIS extension where it is missing and we may; otherwise says what to run. */
export async function ensurePostgis(knex: Knex): Promise<void> {
  const installed = await knex.raw(`select 1 from pg_extension where extname = 'postgis'`)
  if (installed.rows.length > 0) return
  try {
    await knex.raw('create extension if not exists postgis')
  } catch (error) {
    // Another instance starting at the same moment created it first ("if not exists" does not cover the race).
    if ((error as { code?: string }).code === UNIQUE_VIOLATION && (await knex.raw(`select 1 from pg_extension where extname = 'postgis'`)).rows.length > 0) return
    const database = (await knex.raw('select current_database() as name')).rows[0]?.name ?? 'the database'
    throw new DatabaseSetupError(
      `PostGIS is not available in database "${database}" (${(error as Error).message}). ` +
        `As a superuser run: psql -d ${database} -c 'CREATE EXTENSION postgis;' ` +
        '(on Debian or Ubuntu first: apt-get install postgresql-15-postgis-3).',
    )
  }
}
