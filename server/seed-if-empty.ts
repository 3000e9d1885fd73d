import type { Knex } from 'knex'
import { TABLES } from './storage/sql/tables.ts'
import { runSeeds } from '../seeds/index.ts'

/** Seeds a database that has no zones yet; returns whether it did. */
export async function seedIfEmpty(knex: Knex): Promise<boolean> {
  const zone = await knex(TABLES.zones).first('id')
  if (zone) return false
  await runSeeds(knex)
  return true
}
