import { setTimeout as sleep } from 'node:timers/promises'
import type { Database } from './database.ts'

/** Any number, the same in every instance: the advisory lock that one instance at a time holds while it sets the database up. */
const SETUP_LOCK_KEY = 7_290_113
const POLL_MS = 500
const MAX_WAIT_MS = 15 * 60_000

interface LockConnection {
  query(sql: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>
}

/**
 * Runs the start-up work on the database (migrations, seeds, the first account) while holding a
 * PostgreSQL advisory lock, so instances started together on a new database take turns: the first
 * migrates and seeds, the next find it done. Short polls rather than a blocking pg_advisory_lock,
 * so no single statement outlives statement_timeout while another instance migrates a large table.
 * The embedded database belongs to one process (DATA_DIR is locked), so it needs none.
 */
export async function withSetupLock<T>(db: Database, logger: { info(message: string): void }, work: () => Promise<T>): Promise<T> {
  if (db.backend !== 'postgres') return work()
  const client = db.knex.client as { acquireConnection(): Promise<LockConnection>; releaseConnection(connection: LockConnection): Promise<void> }
  const connection = await client.acquireConnection()
  try {
    const deadline = Date.now() + MAX_WAIT_MS
    let told = false
    while (!(await connection.query('select pg_try_advisory_lock($1) as locked', [SETUP_LOCK_KEY])).rows[0]!.locked) {
      if (!told) logger.info('another instance is setting up the database (migrations, seeds): waiting for it')
      told = true
      if (Date.now() > deadline) throw new Error(`another instance has been setting up the database for ${MAX_WAIT_MS / 60_000} minutes: check it, then start this one again`)
      await sleep(POLL_MS)
    }
    try {
      return await work()
    } finally {
      await connection.query('select pg_advisory_unlock($1)', [SETUP_LOCK_KEY])
    }
  } finally {
    await client.releaseConnection(connection)
  }
}
