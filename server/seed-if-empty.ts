import type { Knex } from 'knex'
import { TABLES } from './storage/sql/tables.ts'

/** Seeds a database that has no zones yet; returns whether it did. */
export async function seedIfEmpty(knex: Knex): Promise<boolean> {
  const zone = await knex(TABLES.zones).first('id')
  if (zone) return false
  // The seed's code, and Turf which draws its outlines, load only for an empty database.
  const { runSeeds } = await import('../seeds/index.ts')
  await runSeeds(knex)
  return true
}
