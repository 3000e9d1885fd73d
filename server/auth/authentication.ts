import { createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import secureSession from '@fastify/secure-session'
import { hasRole, type UserRole } from '../domain/users.ts'
import { Problem } from '../http/problem.ts'
import { hashApiToken, looksLikeApiToken } from './api-tokens.ts'
import { basicCredentials } from './basic-credentials.ts'
import { unauthorized } from './challenges.ts'
import { loginLimits } from './login-limits.ts'
import type { User } from '../storage/repositories/users-repository.ts'

/** How a request signed in: a browser session, or a personal API token sent as Bearer or as Basic's password. */
export type AuthMethod = 'session' | 'bearer' | 'basic'

export interface Principal {
  userId: number
  username: string
  role: UserRole
  via: AuthMethod
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
    /** The brakes on guessing passwords and tokens, shared by sign-ins and token checks. */
    signInLimits: SignInLimits
  }
}
declare module '@fastify/secure-session' {
  interface SessionData {
    auth: { sid: string; csrf: string }
  }
}

export const SESSION_COOKIE = 'truce_atlas_session'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

type SignInLimits = ReturnType<typeof loginLimits>

export interface AuthenticationOptions {
  /** SESSION_SECRET; without it a random key is made, so sessions end when the process does. */
  secret: string | undefined
  sessionHours: number
  /** LOGIN_ATTEMPTS_PER_ADDRESS: sign-ins, and wrong tokens, per address per 15 minutes. */
  attemptsPerAddress: number
}

const hashSessionId = (sid: string): string => createHash('sha256').update(sid).digest('hex')

/**
 * Who is making the request: a browser session (an encrypted cookie holding a random session id
 * that must still have its row in the sessions table, so signing out ends it on every instance;
 * state-changing requests need the x-csrf-token it was issued with) or a personal API token
 * (`Authorization: Bearer ta_...`, or for clients that can only send Basic, the token as the
 * password of the account's username; no CSRF token needed). Only routes that need a signed-in user
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
  app.decorate('signInLimits', loginLimits({ perAddress: options.attemptsPerAddress, windowSeconds: 15 * 60 }))

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
        throw unauthorized(request, `Sign in (POST /auth/login) or send a personal API token: ${HOW_TO_SEND_A_TOKEN}`)
      }
      request.principal = principal
      if (!hasRole(principal.role, role)) throw new Problem(403, `This needs the ${role} role; ${principal.username} is ${principal.role === 'editor' ? 'an' : 'a'} ${principal.role}.`)
    }
  })
})

const HOW_TO_SEND_A_TOKEN =
  '"Authorization: Bearer <token>", or Basic authentication with your username and the token as the password (never your account\'s password).'

async function identify(app: FastifyInstance, request: FastifyRequest): Promise<Principal | null> {
  const authorization = request.headers.authorization
  if (authorization) return identifyByToken(app, request, authorization)
  const session = request.session.get('auth') as SessionData | undefined
  if (!session) return null
  const user = typeof session.sid === 'string' ? await app.sessions.findUser(hashSessionId(session.sid)) : undefined
  if (!user) {
    request.session.delete()
    return null
  }
  if (!SAFE_METHODS.has(request.method) && !sameSecret(request.headers['x-csrf-token'], session.csrf)) {
    throw new Problem(403, 'Missing or wrong x-csrf-token header: send the csrfToken from POST /auth/login (or GET /auth/me) with every change.')
  }
  return { userId: user.id, username: user.username, role: user.role, via: 'session' }
}

/** A personal API token, sent as Bearer or as the password of Basic; anything else is a 401 saying how. */
async function identifyByToken(app: FastifyInstance, request: FastifyRequest, authorization: string): Promise<Principal> {
  const [scheme = '', credentials = '', ...extra] = authorization.trim().split(/ +/)
  const method = scheme.toLowerCase()
  if ((method !== 'bearer' && method !== 'basic') || !credentials || extra.length > 0) {
    throw unauthorized(request, `The Authorization header must carry a personal API token: ${HOW_TO_SEND_A_TOKEN}`)
  }
  if (method === 'bearer') {
    if (!looksLikeApiToken(credentials)) throw unauthorized(request, `This is not a personal API token: ${HOW_TO_SEND_A_TOKEN}`, { invalidToken: true })
    // Failures are counted per token, so a client repeating a revoked one slows down alone.
    const name = `token ${hashApiToken(credentials).slice(0, 16)}`
    await app.signInLimits.beforeTokenUse(request.ip, name)
    const user = await app.users.findByTokenHash(hashApiToken(credentials))
    if (!user) {
      await app.signInLimits.tokenFailed(request.ip, name)
      throw unauthorized(request, 'This API token is unknown, revoked or expired: create a new one.', { invalidToken: true })
    }
    return { userId: user.id, username: user.username, role: user.role, via: 'bearer', tokenId: user.token_id }
  }
  const basic = basicCredentials(credentials)
  if ('refused' in basic) throw unauthorized(request, `${basic.refused} Send your username and a personal API token, as "username:token" in base64.`)
  const username = basic.username.toLowerCase()
  await app.signInLimits.beforeTokenUse(request.ip, username)
  if (!looksLikeApiToken(basic.password)) {
    await app.signInLimits.tokenFailed(request.ip, username)
    throw unauthorized(request, "Basic authentication takes a personal API token (POST /auth/tokens) as the password, never the account's password.")
  }
  const user = await app.users.findByTokenHash(hashApiToken(basic.password))
  if (!user || !sameSecret(username, user.username)) {
    await app.signInLimits.tokenFailed(request.ip, username)
    throw unauthorized(request, "This username and API token do not belong together, or the token is revoked or expired: send your username and one of your tokens.")
  }
  return { userId: user.id, username: user.username, role: user.role, via: 'basic', tokenId: user.token_id }
}

/** Compares a secret in constant time: digests are compared, so not even the length leaks. */
function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const digest = (value: string) => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/** The CSRF token of the current session, for GET /auth/me. */
export function sessionCsrf(request: FastifyRequest): string | null {
  return (request.session.get('auth') as SessionData | undefined)?.csrf ?? null
}
