import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import type { Database } from '../../../server/storage/database/database.ts'
import { buildTestApp } from '../../helpers/test-app.ts'
import { createTestDatabase } from '../../helpers/test-database.ts'

export interface BrowserApp {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string
  app: FastifyInstance
  db: Database
  close(): Promise<void>
}

/**
 * The whole service on a fresh seeded database, listening on a free loopback port for the browser.
 * `prepare` may change the data first (e.g. hostile names).
 */
export async function startBrowserApp(prepare?: (db: Database) => Promise<void>, env: Record<string, string> = {}): Promise<BrowserApp> {
  const db = await createTestDatabase('seeded')
  try {
    if (prepare) await prepare(db)
    const app = await buildTestApp(db, env)
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    return {
      url: `http://127.0.0.1:${port}`,
      app,
      db,
      async close() {
        await app.close()
        await db.close()
      },
    }
  } catch (error) {
    await db.close()
    throw error
  }
}
