import knexFactory, { type Knex } from 'knex'
import pg from 'pg'
import { DatabaseSetupError } from './database-error.ts'
import { PostgresKnexClient, type PostgresKnexConfig } from './postgres-knex-client.ts'
import { asKnexClient } from './knex-internals.ts'
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
  /** PostgreSQL cancels a statement running longer than this (STATEMENT_TIMEOUT_MS); 0 for no limit. */
  statementTimeoutMs?: number
}

/** Every query is bounded, so no request waits on the database for ever. */
const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000

function connectionTimeouts(statementTimeoutMs: number) {
  if (statementTimeoutMs === 0) return { keepAlive: true }
  return {
    statement_timeout: statementTimeoutMs,
    // A transaction left open (a client stuck between statements) must not hold its row locks for ever.
    idle_in_transaction_session_timeout: statementTimeoutMs * 4,
    keepAlive: true,
  }
}

/**
 * This pool's sessions plan without JIT and without parallel workers. The
 * service runs many small queries side by side; on a 2-core server JIT compilation and worker start-up
 * cost more than they save (a 100,000-zone bbox count 450 ms with them, 207 ms without; a z7 tile
 * 1.15 s against 0.80 s). BENCHMARKS.md has the measurements.
 */
export const SESSION_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0'

/** Opens a pool on a real PostgreSQL/PostGIS server and checks that it answers. */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS
  const config: PostgresKnexConfig = {
    client: asKnexClient(PostgresKnexClient),
    connection: { connectionString: url, connectionTimeoutMillis: 5000, application_name: 'truce-atlas', options: SESSION_OPTIONS, ...connectionTimeouts(statementTimeoutMs) },
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: 10000,
    // The server cannot cancel a statement whose answer is lost on a cut network: give up on it here.
    readTimeoutMs: statementTimeoutMs === 0 ? 0 : statementTimeoutMs + 5000,
  }
  const knex = knexFactory(config)
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
