import fp from 'fastify-plugin'
import type { Database } from './database.ts'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
  }
}

/**
 * Decorates the app with the open database (`db`), which the repositories' plugins declare as their
 * dependency. The caller opens and closes it: closing the app leaves it open.
 */
export default fp(async (app, { db }: { db: Database }) => {
  app.decorate('db', db)
}, { name: 'database' })
