import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import type { Database } from '../../server/storage/database/database.ts'
import type { Template } from '../setup/templates.ts'
import { buildTestApp } from './test-app.ts'
import { createTestDatabase } from './test-database.ts'

export interface TestDatabase {
  /** This file's own database, made from the template in beforeAll and closed in afterAll. */
  readonly db: Database
}

export interface TestApp extends TestDatabase {
  /** The service on `db`, for `app.inject` (built in beforeAll, closed in afterAll before `db`). */
  readonly app: FastifyInstance
}

export interface TestAppOptions {
  /** What the database holds to begin with: the Syria dataset ('seeded', the default) or only the schema ('migrated'). */
  template?: Extract<Template, 'seeded' | 'migrated'>
  /** Settings over buildTestApp's, as environment variables (e.g. `{ LOGIN_ATTEMPTS_PER_ADDRESS: '1000' }`). */
  env?: Record<string, string>
  /** Changes the data before the service starts. */
  prepare?: (db: Database) => Promise<void>
}

/**
 * The hooks of a test file (or describe block) that needs a database of its own: every file gets a
 * fresh one, so the writes of one file never reach another. Read `db` inside tests and hooks only.
 *
 *   const service = useTestDatabase('blank')
 *   it('…', async () => { await migrateToLatest(service.db.knex) })
 */
export function useTestDatabase(template: Template = 'seeded'): TestDatabase {
  let db: Database | undefined
  beforeAll(async () => {
    db = await createTestDatabase(template)
  })
  afterAll(async () => {
    await db?.close()
  })
  return {
    get db() {
      return setUp(db, 'db')
    },
  }
}

/**
 * The hooks of a test file that calls the whole service: a fresh database and the app on it, made
 * once for the file and closed after it. A file's own beforeAll (accounts, tokens) runs after these,
 * and its own afterAll before the app is closed.
 *
 *   const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
 *   it('…', async () => { expect((await service.app.inject('/zones')).statusCode).toBe(200) })
 */
export function useTestApp({ template = 'seeded', env = {}, prepare }: TestAppOptions = {}): TestApp {
  let db: Database | undefined
  let app: FastifyInstance | undefined
  beforeAll(async () => {
    db = await createTestDatabase(template)
    await prepare?.(db)
    app = await buildTestApp(db, env)
  })
  afterAll(async () => {
    await app?.close()
    await db?.close()
  })
  return {
    get db() {
      return setUp(db, 'db')
    },
    get app() {
      return setUp(app, 'app')
    },
  }
}

function setUp<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`The test ${name} is made in beforeAll: read it inside a test or a hook, not while the file is collected`)
  return value
}
