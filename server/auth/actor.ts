import type { FastifyRequest } from 'fastify'
import type { Actor } from '../storage/repositories/audit-log-repository.ts'

/** The longest client name the audit log keeps (migration 019 holds it to this). */
export const MAX_CLIENT_NAME = 200

// Control characters, and the invisible ones that reorder or hide text when a name is shown.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu

/** Who makes a signed-in request, and with what, as the audit log records them. */
export function actorOf(request: FastifyRequest): Actor {
  const { userId, username, tokenId, via } = request.principal!
  return { userId, username, requestId: request.id, apiTokenId: tokenId, authMethod: via, client: clientName(request.headers['user-agent']) }
}

/**
 * A User-Agent as a name fit to show: unprintable characters become spaces, runs of spaces one,
 * cut to MAX_CLIENT_NAME characters (whole code points); null when nothing is left.
 *
 *   clientName('QGIS/33400/Ubuntu 24.04') // 'QGIS/33400/Ubuntu 24.04'
 */
export function clientName(userAgent: string | undefined): string | null {
  if (!userAgent) return null
  const printable = userAgent.replace(UNPRINTABLE, ' ').replace(/\s+/g, ' ').trim()
  const name = [...printable].slice(0, MAX_CLIENT_NAME).join('').trim()
  return name === '' ? null : name
}
