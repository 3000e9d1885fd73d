import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/storage/database/database.ts'
import { openEmbeddedDatabase } from '../../server/storage/database/embedded-database.ts'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { findInconsistencies } from '../helpers/consistency.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import { bearerFor } from '../helpers/remote-api.ts'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'
import { findLostWrites, startWorkload, type AcknowledgedWrite } from '../helpers/write-workload.ts'

/**
 * SIGKILL the server while writes are in flight, again and again: every write it acknowledged is
 * there afterwards, and every write it was doing is either all there (zone, history, audit row,
 * version) or not at all.
 */
const ADMIN_PASSWORD = 'killed mid-write, and back'
const ROUNDS = 3

async function killRounds(env: Record<string, string>, open: () => Promise<Database>): Promise<void> {
  const acknowledged: AcknowledgedWrite[] = []
  let bearer: Record<string, string> | null = null
  for (let round = 1; round <= ROUNDS; round += 1) {
    const server = startServer({ ...env, ADMIN_PASSWORD, RATE_LIMIT_PER_MINUTE: '0' }, await freePort())
    try {
      await waitForHealthy(server)
      const base = `http://127.0.0.1:${server.port}`
      bearer ??= await bearerFor(base, 'admin', ADMIN_PASSWORD)
      const workload = startWorkload(base, bearer, { writers: 4, readers: 1, run: `kill${round}`, pauseMs: 2 })
      // Let writes get going (however loaded the machine), then kill at a moment in the middle of some.
      const deadline = Date.now() + 60_000
      while (workload.acknowledged.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      await new Promise((resolve) => setTimeout(resolve, round * 137))
      const inFlight = workload.answers.length
      server.child.kill('SIGKILL')
      await server.exited
      await workload.stop()
      acknowledged.push(...workload.acknowledged)
      expect(workload.acknowledged.length, `round ${round}: no write was acknowledged before the kill: ${JSON.stringify(workload.answers.slice(0, 5))}`).toBeGreaterThan(0)
      // Requests were cut off by the kill: the test did kill mid-write.
      expect(workload.answers.slice(inFlight).some((answer) => answer.status === null), `round ${round}: nothing was in flight`).toBe(true)
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL')
      await server.exited
    }
    const db = await open()
    try {
      expect(await findInconsistencies(db.knex), `round ${round}`).toEqual([])
      expect(await findLostWrites(db.knex, acknowledged), `round ${round}`).toEqual([])
    } finally {
      await db.close()
    }
  }
}

/** Opens DATA_DIR once the killed server's lock has gone stale. */
async function openWhenFree(dataDir: string): Promise<Database> {
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      return { ...(await openEmbeddedDatabase(dataDir)), backend: 'embedded' } as Database
    } catch (error) {
      if (Date.now() > deadline || !/in use by another/.test((error as Error).message)) throw error
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

describe('a server killed mid-write (SIGKILL) on the embedded database', () => {
  let directory: string
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-kill-'))
  })
  afterAll(() => rm(directory, { recursive: true, force: true }))

  it(`leaves every acknowledged write and consistent data, ${ROUNDS} times over`, async () => {
    const dataDir = path.join(directory, 'data')
    await killRounds({ DATA_DIR: dataDir }, () => openWhenFree(dataDir))
  }, 300_000)
})

const postgresUrl = process.env.TEST_DATABASE_URL
describe.runIf(postgresUrl)('a server killed mid-write (SIGKILL) on PostgreSQL', () => {
  const name = `truce_atlas_kill_${process.pid}`
  afterAll(async () => {
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('drop database if exists ?? with (force)', [name])
    await admin.close()
  })

  it(`leaves every acknowledged write and consistent data, ${ROUNDS} times over`, async () => {
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('create database ??', [name])
    await admin.close()
    const url = databaseUrl(postgresUrl!, name)
    await killRounds({ DATABASE_URL: url }, () => openPostgresDatabase(url, { poolMax: 2 }))
  }, 300_000)
})
