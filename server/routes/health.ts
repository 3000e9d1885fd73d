import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Problem } from '../http/problem.ts'

const HEALTH_CHECK_TIMEOUT_MS = 2000

/** GET /health: 200 when the database answers, 503 when it does not. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['service'],
        summary: 'Whether the service and its database answer',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Enum(['embedded', 'postgres']) }),
          503: Type.Ref('Problem'),
        },
      },
    },
    async (_request, reply) => {
      try {
        await withTimeout(app.db.knex.raw('select 1'), HEALTH_CHECK_TIMEOUT_MS)
      } catch {
        throw new Problem(503, 'The database does not answer. The service will recover by itself once it does.', [], {}, { 'retry-after': '5' })
      }
      void reply.header('cache-control', 'no-store')
      return { status: 'ok' as const, database: app.db.backend }
    },
  )
}

function withTimeout<T>(promise: PromiseLike<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    }),
  ])
}

export default healthRoutes
