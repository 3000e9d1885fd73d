import { randomBytes } from 'node:crypto'
import type { TestProject } from 'vitest/node'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { ensurePostgis } from '../../server/storage/database/postgis.ts'
import { migrateToLatest } from '../../server/storage/database/migrate.ts'
import { runSeeds } from '../../seeds/index.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import './templates.ts'

/**
 * Builds this run's template databases on the TEST_DATABASE_URL server (migrated, then seeded);
 * each test file clones one. Every database of the run is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL!
  const prefix = `truce_atlas_test_${randomBytes(4).toString('hex')}`
  const admin = await openPostgresDatabase(url, { poolMax: 1 })
  const migrated = `${prefix}_migrated`
  const seeded = `${prefix}_seeded`
  await admin.knex.raw('create database ??', [migrated])
  const template = await openPostgresDatabase(databaseUrl(url, migrated), { poolMax: 1 })
  await ensurePostgis(template.knex)
  await migrateToLatest(template.knex)
  await template.close()
  await admin.knex.raw('create database ?? template ??', [seeded, migrated])
  const seededDb = await openPostgresDatabase(databaseUrl(url, seeded), { poolMax: 1 })
  await runSeeds(seededDb.knex)
  await seededDb.close()
  project.provide('templates', { migrated, seeded })
  project.provide('postgres', { url, prefix })

  return async () => {
    const { rows } = await admin.knex.raw('select datname from pg_database where datname like ?', [`${prefix}%`])
    for (const { datname } of rows) await admin.knex.raw('drop database if exists ?? with (force)', [datname])
    await admin.close()
  }
}
