import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import type { Database } from '../../server/storage/database/database.ts'

/**
 * The whole service on a test database, for `app.inject`. The general rate limit is off (tests send
 * hundreds of requests from one address), and so is shedding load on event-loop lag (PGlite runs on
 * the event loop, and test files share two cores); tests of those limits set them.
 */
export async function buildTestApp(db: Database, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0', OVERLOAD_EVENT_LOOP_DELAY_MS: '0', ...env }), db })
  await app.ready()
  return app
}
