import { readFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import { inject } from 'vitest'
import { embeddedDatabase, pgliteOptions } from '../../server/storage/database/embedded-database.ts'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { ensurePostgis } from '../../server/storage/database/postgis.ts'
import type { Backend, Database } from '../../server/storage/database/database.ts'
import type { Template } from '../setup/templates.ts'
import { databaseUrl } from './postgres-url.ts'
import '../setup/templates.ts'

/** The backend this test project runs on. */
export const backend = (process.env.TEST_BACKEND ?? 'embedded') as Backend

/**
 * A fresh database for one test file, on this project's backend: blank (PostGIS only), migrated, or
 * migrated and seeded with the Syria dataset. Close it in afterAll.
 */
export async function createTestDatabase(template: Template = 'seeded'): Promise<Database> {
  return backend === 'postgres' ? createPostgres(template) : createEmbedded(template)
}

async function createEmbedded(template: Template): Promise<Database> {
  const loadDataDir = template === 'blank' ? undefined : new Blob([await readFile(inject('templates')[template])])
  const pglite = await PGlite.create({ ...pgliteOptions, ...(loadDataDir ? { loadDataDir } : {}) })
  const db = embeddedDatabase(pglite)
  if (template === 'blank') await ensurePostgis(db.knex)
  return db
}

async function createPostgres(template: Template): Promise<Database> {
  const server = inject('postgres')
  if (!server) throw new Error('The postgres test project needs its global setup')
  const name = `${server.prefix}_${randomBytes(4).toString('hex')}`
  const admin = await openPostgresDatabase(server.url, { poolMax: 1 })
  try {
    if (template === 'blank') await admin.knex.raw('create database ??', [name])
    else await admin.knex.raw('create database ?? template ??', [name, inject('templates')[template]])
  } finally {
    await admin.close()
  }
  const db = await openPostgresDatabase(databaseUrl(server.url, name))
  if (template === 'blank') await ensurePostgis(db.knex)
  return db
}
