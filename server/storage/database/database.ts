import type { Knex } from 'knex'
import { openEmbeddedDatabase } from './embedded-database.ts'
import { openPostgresDatabase } from './postgres-database.ts'
import { ensurePostgis } from './postgis.ts'
import type { Listen } from './postgres-listener.ts'

export type Backend = 'embedded' | 'postgres'

export interface Database {
  knex: Knex
  backend: Backend
  /** LISTEN for NOTIFY on a channel (PostgreSQL's own, on both backends). */
  listen: Listen
  close(): Promise<void>
}

export interface DatabaseSettings {
  DATABASE_URL?: string | undefined
  DATA_DIR: string
  STATEMENT_TIMEOUT_MS?: number | undefined
}

/** Opens the database the configuration names: PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  const opened: Database = settings.DATABASE_URL ? await openPostgresDatabase(settings.DATABASE_URL, settings.STATEMENT_TIMEOUT_MS === undefined ? {} : { statementTimeoutMs: settings.STATEMENT_TIMEOUT_MS }) : await openEmbeddedDatabase(settings.DATA_DIR)
  try {
    await ensurePostgis(opened.knex)
  } catch (error) {
    await opened.close()
    throw error
  }
  return opened
}
