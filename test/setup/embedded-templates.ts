import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { knexForPglite, pgliteOptions } from '../../server/storage/database/embedded-database.ts'
import { ensurePostgis } from '../../server/storage/database/postgis.ts'
import { migrateToLatest } from '../../server/storage/database/migrate.ts'
import { runSeeds } from '../../seeds/index.ts'
import './templates.ts'

/**
 * Builds the embedded templates once per run: a migrated and a seeded PGlite data directory, dumped
 * to files that each test file loads into its own in-memory PGlite.
 */
export default async function setup(project: TestProject) {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-templates-'))
  const pglite = await PGlite.create(pgliteOptions)
  const knex = knexForPglite(pglite)
  const dump = async (name: string) => {
    const file = path.join(directory, `${name}.tar`)
    await writeFile(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()))
    return file
  }
  await ensurePostgis(knex)
  await migrateToLatest(knex)
  const migrated = await dump('migrated')
  await runSeeds(knex)
  const seeded = await dump('seeded')
  await knex.destroy()
  project.provide('templates', { migrated, seeded })
  project.provide('postgres', null)
  return async () => rm(directory, { recursive: true, force: true })
}
