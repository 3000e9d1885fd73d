import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresDatabase, type PostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { findInconsistencies } from '../helpers/consistency.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import { findPostgresBinaries, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts'
import { bearerFor, call } from '../helpers/remote-api.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'
import { findLostWrites, startWorkload, type Workload } from '../helpers/write-workload.ts'

/**
 * The service under a steady stream of reads and writes while PostgreSQL restarts, stops and
 * crashes: it never crashes, no request hangs (each answers within 10 s, with a 2xx or a 503
 * problem+json with Retry-After), /health says 503 while the database is away and 200 within
 * seconds of its return, and every acknowledged write is there at the end.
 *
 * Isolation: the restarts happen on a PostgreSQL server of this test's own (initdb into a temporary
 * folder, on a free port; see private-postgres.ts), never on the shared TEST_DATABASE_URL server
 * that the other test files use at the same time. TEST_DATABASE_URL only says that the PostgreSQL
 * tests are to run, as for the rest of the suite; under CI=true its absence fails this file.
 */
const postgresWanted = Boolean(process.env.TEST_DATABASE_URL)
const inCi = process.env.CI === 'true'
// Outside CI, a machine without the server binaries skips this file; in CI it fails, saying why.
const binaries = postgresWanted ? await findPostgresBinaries() : null
const ADMIN_PASSWORD = 'reliability under restarts'
const BACK_WITHIN_MS = 5000

if (inCi && !postgresWanted) {
  describe('reliability under PostgreSQL restarts', () => {
    it('needs TEST_DATABASE_URL under CI', () => {
      throw new Error('CI=true but TEST_DATABASE_URL is not set: the reliability test must run on PostgreSQL in CI.')
    })
  })
}

describe.runIf(postgresWanted && (binaries !== null || inCi))('reliability under PostgreSQL restarts, stops and crashes', () => {
  let postgres: PrivatePostgres
  let server: ServerProcess
  let base: string
  let url: string

  beforeAll(async () => {
    if (!binaries) throw new Error('The reliability test needs the PostgreSQL server binaries (initdb, pg_ctl) for a private server: install postgresql-15.')
    postgres = await startPrivatePostgres()
    const admin = await openPostgresDatabase(postgres.url, { poolMax: 1 })
    await admin.knex.raw('create database truce_atlas')
    await admin.close()
    url = databaseUrl(postgres.url, 'truce_atlas')
    server = startServer({ DATABASE_URL: url, ADMIN_PASSWORD, RATE_LIMIT_PER_MINUTE: '0', STATEMENT_TIMEOUT_MS: '5000' }, await freePort())
    await waitForHealthy(server)
    base = `http://127.0.0.1:${server.port}`
  }, 180_000)
  afterAll(async () => {
    await server?.stop('SIGKILL')
    await postgres?.destroy()
  })

  /** Waits for /health to answer 200; returns how long that took. */
  async function healthyAgain(): Promise<number> {
    const started = Date.now()
    for (;;) {
      const health = await call(base, '/health', { timeoutMs: 10_000 }).catch(() => null)
      if (health?.status === 200) return Date.now() - started
      if (Date.now() - started > 30_000) throw new Error(`/health not back after 30 s: ${server.output().slice(-2000)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  async function moreWrites(workload: Workload, count: number): Promise<void> {
    const target = workload.acknowledged.length + count
    const deadline = Date.now() + 60_000
    while (workload.acknowledged.length < target) {
      if (Date.now() > deadline) throw new Error(`no writes acknowledged after the database came back: ${JSON.stringify(workload.answers.slice(-5))}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  async function expectDownHealth(): Promise<void> {
    const health = await call(base, '/health', { timeoutMs: 10_000 })
    expect(health.status).toBe(503)
    expect(health.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(health.headers.get('retry-after')).toMatch(/^\d+$/)
  }

  it('keeps answering, loses no acknowledged write, and recovers by itself', async () => {
    const bearer = await bearerFor(base, 'admin', ADMIN_PASSWORD)
    const workload = startWorkload(base, bearer, { writers: 3, readers: 3, run: 'restarts', timeoutMs: 10_000 })
    const recoveries: Record<string, number> = {}
    try {
      await moreWrites(workload, 10)

      // 1. A restart (fast shutdown: every session is ended).
      await postgres.restart('fast')
      recoveries['restart'] = await healthyAgain()
      await moreWrites(workload, 10)

      // 2. A stop of a few seconds: /health says 503 meanwhile, requests fail fast with 503.
      const answered = workload.answers.length
      await postgres.stop('fast')
      await new Promise((resolve) => setTimeout(resolve, 500))
      await expectDownHealth()
      // The server's first tile, asked for while the database is down, must not stay refused after it.
      expect((await fetch(`${base}/tiles/7/77/50.mvt`)).status, 'a tile while the database is down').toBe(503)
      await new Promise((resolve) => setTimeout(resolve, 2500))
      await expectDownHealth()
      const whileDown = workload.answers.slice(answered)
      expect(whileDown.filter((answer) => answer.status === 503).length, 'requests while the database was down').toBeGreaterThan(5)
      await postgres.start()
      recoveries['stop'] = await healthyAgain()
      expect((await fetch(`${base}/tiles/7/77/50.mvt`)).status, 'the same tile once the database is back').toBe(200)
      await moreWrites(workload, 10)

      // 3. A crash (immediate shutdown): acknowledged writes survive through the WAL.
      await postgres.stop('immediate')
      await new Promise((resolve) => setTimeout(resolve, 1000))
      await expectDownHealth()
      await postgres.start()
      recoveries['crash'] = await healthyAgain()
      await moreWrites(workload, 10)
    } finally {
      await workload.stop()
    }

    expect(server.child.exitCode, `the server exited: ${server.output().slice(-3000)}`).toBeNull()
    for (const [what, ms] of Object.entries(recoveries)) expect(ms, `/health back after the ${what}`).toBeLessThan(BACK_WITHIN_MS)

    const unanswered = workload.answers.filter((answer) => answer.status === null)
    expect(unanswered, 'requests without an answer (hung, or the connection dropped)').toEqual([])
    expect(Math.max(...workload.answers.map((answer) => answer.ms)), 'the slowest answer (ms)').toBeLessThan(10_000)
    const unexpected = workload.answers.filter((answer) => ![200, 201, 503].includes(answer.status!))
    expect(unexpected, 'answers other than 2xx and 503').toEqual([])
    const badUnavailable = workload.answers.filter((answer) => answer.status === 503 && (!answer.problem || !/^\d+$/.test(answer.retryAfter ?? '')))
    expect(badUnavailable, '503s without problem+json and Retry-After').toEqual([])
    expect(server.output()).not.toMatch(/shutting down after an unexpected error|uncaught|unhandled/i)

    let db: PostgresDatabase | undefined
    try {
      db = await openPostgresDatabase(url, { poolMax: 2 })
      expect(await findLostWrites(db.knex, workload.acknowledged)).toEqual([])
      expect(await findInconsistencies(db.knex)).toEqual([])
    } finally {
      await db?.close()
    }
  }, 300_000)
})
