import { createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import secureSession from '@fastify/secure-session'
import { hasRole, type UserRole } from '../domain/users.ts'
import { Problem } from '../http/problem.ts'
import { hashApiToken, looksLikeApiToken } from './api-tokens.ts'
import type { User } from '../storage/repositories/users-repository.ts'

export interface Principal {
  userId: number
  username: string
  role: UserRole
  via: 'session' | 'token'
  /** The API token of this request, when it came with one. */
  tokenId?: number | undefined
}

interface SessionData {
  /** The random session id; the server keeps only its SHA-256 (the sessions table). */
  sid: string
  csrf: string
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    /** A preHandler that lets through only signed-in users with this role (or a higher one). */
    requireRole(role: UserRole): preHandlerAsyncHookHandler
    /** Signs the user in: a new session row and cookie; returns the CSRF token of the session. */
    startSession(request: FastifyRequest, user: User): Promise<string>
    /** Ends the session of this request's cookie on the server and clears the cookie. */
    endSession(request: FastifyRequest): Promise<void>
  }
}
declare module '@fastify/secure-session' {
  interface SessionData {
    auth: { sid: string; csrf: string }
  }
}

export const SESSION_COOKIE = 'truce_atlas_session'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface AuthenticationOptions {
  /** SESSION_SECRET; without it a random key is made, so sessions end when the process does. */
  secret: string | undefined
  sessionHours: number
}

const hashSessionId = (sid: string): string => createHash('sha256').update(sid).digest('hex')

/**
 * Who is making the request: a browser session (an encrypted cookie holding a random session id
 * that must still have its row in the sessions table, so signing out ends it on every instance;
 * state-changing requests need the x-csrf-token it was issued with) or a personal API token
 * (`Authorization: Bearer ta_...`, no CSRF token needed). Only routes that need a signed-in user
 * look either up: reading public data costs no database lookup.
 */
export const authentication = fp(async function authentication(app: FastifyInstance, options: AuthenticationOptions) {
  const key = options.secret ? Buffer.from(hkdfSync('sha256', options.secret, 'truce-atlas', 'session-cookie', 32)) : randomBytes(32)
  if (!options.secret) app.log.warn('SESSION_SECRET is not set: sign-ins end when this process stops and are not shared between instances')
  await app.register(secureSession, {
    key,
    cookieName: SESSION_COOKIE,
    expiry: options.sessionHours * 3600,
    cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto' },
  })
  app.decorateRequest('principal', null)

  app.decorate('startSession', async (request: FastifyRequest, user: User): Promise<string> => {
    const sid = randomBytes(32).toString('base64url')
    const csrf = randomBytes(24).toString('base64url')
    await app.sessions.create({ idHash: hashSessionId(sid), userId: user.id, expiresAt: new Date(Date.now() + options.sessionHours * 3_600_000) })
    request.session.regenerate()
    request.session.set('auth', { sid, csrf } satisfies SessionData)
    return csrf
  })

  app.decorate('endSession', async (request: FastifyRequest): Promise<void> => {
    const session = request.session.get('auth') as SessionData | undefined
    if (typeof session?.sid === 'string') await app.sessions.end(hashSessionId(session.sid))
    request.session.delete()
  })

  app.decorate('requireRole', (role: UserRole): preHandlerAsyncHookHandler => {
    return async function requireSignedInRole(request) {
      const principal = await identify(app, request)
      if (!principal) {
        throw new Problem(401, 'Sign in (POST /auth/login) or send a personal API token as "Authorization: Bearer <token>".', [], {}, {
          'www-authenticate': 'Bearer realm="truce-atlas"',
        })
      }
      request.principal = principal
      if (!hasRole(principal.role, role)) throw new Problem(403, `This needs the ${role} role; ${principal.username} is ${principal.role === 'editor' ? 'an' : 'a'} ${principal.role}.`)
    }
  })
})

async function identify(app: FastifyInstance, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization
  if (authorization) {
    const [scheme, token] = authorization.split(' ')
    if (scheme?.toLowerCase() !== 'bearer' || !token || !looksLikeApiToken(token)) {
      throw new Problem(401, 'The Authorization header must be "Bearer <personal API token>".')
    }
    const user = await app.users.findByTokenHash(hashApiToken(token))
    if (!user) throw new Problem(401, 'This API token is unknown, revoked or expired: create a new one.')
    return { userId: user.id, username: user.username, role: user.role, via: 'token', tokenId: user.token_id }
  }
  const session = request.session.get('auth') as SessionData | undefined
  if (!session) return null
  const user = typeof session.sid === 'string' ? await app.sessions.findUser(hashSessionId(session.sid)) : undefined
  if (!user) {
    request.session.delete()
    return null
  }
  if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers['x-csrf-token'], session.csrf)) {
    throw new Problem(403, 'Missing or wrong x-csrf-token header: send the csrfToken from POST /auth/login (or GET /auth/me) with every change.')
  }
  return { userId: user.id, username: user.username, role: user.role, via: 'session' }
}

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The CSRF token of the current session, for GET /auth/me. */
export function sessionCsrf(request: FastifyRequest): string | null {
  return (request.session.get('auth') as SessionData | undefined)?.csrf ?? null
}
