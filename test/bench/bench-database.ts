import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { TABLES } from '../../server/storage/sql/tables.ts'
import { bulkInsertZones } from '../../server/storage/sql/bulk-insert.ts'
import type { Backend, Database } from '../../server/storage/database/database.ts'
import { openEmbeddedDatabase } from '../../server/storage/database/embedded-database.ts'
import { migrateToLatest } from '../../server/storage/database/migrate.ts'
import { ensurePostgis } from '../../server/storage/database/postgis.ts'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import { syntheticParties, syntheticZones, type Extent } from './synthetic-zones.ts'

/**
 * The benchmark's throwaway databases: a PostgreSQL database created on the server of DATABASE_URL
 * and dropped at the end, or an embedded (PGlite) data directory in a temporary folder, removed at
 * the end. Either is migrated and filled with synthetic zones through server/storage/sql/bulk-insert.ts.
 */
export interface BenchDatabase {
  backend: Backend
  /** What the server process is started with: DATABASE_URL, or DATA_DIR. */
  env: Record<string, string>
  /** The URL of the PostgreSQL database (none for the embedded one). */
  url?: string
  /** Opens the database (the embedded one only while no server holds it). */
  open(): Promise<Database>
  drop(): Promise<void>
}

export async function createBenchDatabase(backend: Backend, serverUrl: string): Promise<BenchDatabase> {
  if (backend === 'embedded') {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-bench-'))
    return {
      backend,
      env: { DATA_DIR: directory },
      open: () => openEmbeddedDatabase(directory),
      drop: () => rm(directory, { recursive: true, force: true }),
    }
  }
  const name = `truce_atlas_bench_${randomBytes(4).toString('hex')}`
  const admin = await openPostgresDatabase(serverUrl, { poolMax: 1, statementTimeoutMs: 0 })
  try {
    await admin.knex.raw('create database ??', [name])
  } finally {
    await admin.close()
  }
  const url = databaseUrl(serverUrl, name)
  return {
    backend,
    env: { DATABASE_URL: url },
    url,
    open: () => openPostgresDatabase(url, { poolMax: 4, statementTimeoutMs: 600_000 }),
    async drop() {
      // No statement timeout: on a busy machine dropping a database of 100,000 zones takes its time.
      const again = await openPostgresDatabase(serverUrl, { poolMax: 1, statementTimeoutMs: 0 })
      try {
        await again.knex.raw('drop database if exists ?? with (force)', [name])
      } finally {
        await again.close()
      }
    },
  }
}

/**
 * Migrates the database and adds synthetic zones until it holds `total` of them (a database filled
 * for 1,000 zones grows to 10,000 by adding 9,000). Returns the seconds it took.
 */
export async function fillBenchDatabase(db: Database, total: number, seed: number, extent: Extent, log: (line: string) => void): Promise<number> {
  const started = performance.now()
  await ensurePostgis(db.knex)
  await migrateToLatest(db.knex)
  await db.knex(TABLES.parties).insert(syntheticParties()).onConflict('slug').ignore()
  const existing = Number((await db.knex(TABLES.zones).count('* as count').first())?.count ?? 0)
  if (existing < total) {
    await bulkInsertZones(db.knex, withProgress(skip(syntheticZones(total, seed, extent), existing), existing, log), {
      recordedBy: 'bench:synthetic',
      reason: 'synthetic benchmark data',
      concurrency: db.backend === 'postgres' ? 2 : 1,
    })
  }
  if (db.backend === 'postgres') await db.knex.raw('vacuum analyze')
  else await db.knex.raw('analyze')
  return (performance.now() - started) / 1000
}

function* skip<T>(items: Iterator<T>, count: number): Generator<T> {
  for (let index = 0; index < count; index++) items.next()
  for (let next = items.next(); !next.done; next = items.next()) yield next.value
}

function* withProgress<T>(items: Iterable<T>, start: number, log: (line: string) => void): Generator<T> {
  let done = start
  for (const item of items) {
    yield item
    if (++done % 10_000 === 0) log(`  ${done} zones loaded`)
  }
}
