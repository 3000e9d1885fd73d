import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * Whether a signed-in editor asks a read (who also gets the curation notes); anyone else, signed in
 * or not, is a reader, and is not refused.
 */
export async function asksAsEditor(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (!request.headers.authorization && !request.headers.cookie) return false
  try {
    await app.requireRole('editor').call(app, request, reply)
    return true
  } catch {
    return false
  }
}
