import type { FastifyRequest } from 'fastify'
import { Problem } from '../http/problem.ts'

const REALM = 'Truce Atlas'

/**
 * A 401 with the challenges RFC 9110 (section 11.6.1) asks of every one: Bearer (RFC 6750, with
 * error="invalid_token" when a token was sent and refused) and Basic (RFC 7617, a personal API
 * token as the password). Browsers are offered Bearer alone, since a Basic challenge makes them open
 * their own sign-in dialog, which asks for the password Basic never takes here.
 */
export function unauthorized(request: FastifyRequest, detail: string, options: { invalidToken?: boolean } = {}): Problem {
  const bearer = `Bearer realm="${REALM}"${options.invalidToken ? ', error="invalid_token"' : ''}`
  const challenges = fromBrowser(request) ? bearer : `${bearer}, Basic realm="${REALM}", charset="UTF-8"`
  return new Problem(401, detail, [], {}, { 'www-authenticate': challenges })
}

/** Browsers send Sec-Fetch-Mode with every request they make; desktop tools and scripts do not. */
function fromBrowser(request: FastifyRequest): boolean {
  return request.headers['sec-fetch-mode'] !== undefined
}
