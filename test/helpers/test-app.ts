import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import type { Database } from '../../server/storage/database.ts'

/** The whole service on a test database, for `app.inject`. */
export async function buildTestApp(db: Database, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', ...env }), db })
  await app.ready()
  return app
}
