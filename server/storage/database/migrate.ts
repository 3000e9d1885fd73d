import type { Knex } from 'knex'
import { migrationSource } from '../../../migrations/index.ts'

const config = { migrationSource, tableName: 'knex_migrations' }

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, names] = await knex.migrate.latest(config)
  return names as string[]
}

/** Undoes every migration (tests use it to prove each `down` is exact). */
export async function rollbackAll(knex: Knex): Promise<string[]> {
  const [, names] = await knex.migrate.rollback(config, true)
  return names as string[]
}
