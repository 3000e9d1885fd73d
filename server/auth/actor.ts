import type { FastifyRequest } from 'fastify'
import type { Actor } from '../storage/repositories/audit-log-repository.ts'

/** Who makes a signed-in request, as the audit log records them. */
export function actorOf(request: FastifyRequest): Actor {
  const { userId, username, tokenId } = request.principal!
  return { userId, username, requestId: request.id, apiTokenId: tokenId }
}
