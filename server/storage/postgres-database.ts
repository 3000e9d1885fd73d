import knexFactory, { type Knex } from 'knex'
import pg from 'pg'
import { DatabaseSetupError } from './database-error.ts'
import { PG_TYPES, parseDate, parseInt8 } from './type-parsers.ts'
import { postgresListener, type Listen } from './postgres-listener.ts'

pg.types.setTypeParser(PG_TYPES.DATE, parseDate)
pg.types.setTypeParser(PG_TYPES.INT8, parseInt8)

export interface PostgresDatabase {
  knex: Knex
  backend: 'postgres'
  /** LISTEN on a channel through the database's own notifications. */
  listen: Listen
  close(): Promise<void>
}

export interface PostgresOptions {
  poolMax?: number
}

/** Opens a pool on a real PostgreSQL/PostGIS server and checks that it answers. */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 5000, application_name: 'truce-atlas' },
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: 10000,
  })
  try {
    await knex.raw('select 1')
  } catch (error) {
    await knex.destroy()
    throw new DatabaseSetupError(
      `Cannot reach PostgreSQL at ${describeUrl(url)} (${(error as Error).message}): ` +
        'start the server, or correct DATABASE_URL.',
    )
  }
  const listener = postgresListener(url)
  return {
    knex,
    backend: 'postgres',
    listen: listener.listen,
    async close() {
      await listener.close()
      await knex.destroy()
    },
  }
}

/** The URL without its password, fit for a log line. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
    return `${parsed.host}${parsed.pathname}`
  } catch {
    return 'DATABASE_URL'
  }
}
