import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { newApiToken } from '../auth/api-tokens.ts'
import { sessionCsrf } from '../auth/authentication.ts'
import { unauthorized } from '../auth/challenges.ts'
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/passwords.ts'
import { notFound } from '../http/problem.ts'
import { problemResponses } from '../schemas/common.ts'
import { LoginBody, Me, TokenCreate, TokenInfo, TokenParams } from '../schemas/auth.ts'
import { actorOf } from '../auth/actor.ts'

const authResponses = {
  ...problemResponses,
  401: { ...Type.Ref('Problem'), description: 'Not signed in' },
  403: { ...Type.Ref('Problem'), description: 'Not allowed, or a missing x-csrf-token' },
}

/** Sign-in, sign-out and personal API tokens. */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limits = app.signInLimits

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an HttpOnly session cookie and returns the CSRF token for changes',
        body: LoginBody,
        response: { 200: Me, ...authResponses, 429: Type.Ref('Problem') },
      },
    },
    async (request) => {
      const { username, password } = request.body
      await limits.beforeAttempt(request.ip, username)
      const user = await app.users.findByUsername(username)
      const matches = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH_PROMISE))
      if (!user || !matches || user.disabled) {
        await limits.failed(request.ip, username)
        request.log.warn({ username, address: request.ip, reason: !user ? 'unknown user' : user.disabled ? 'disabled' : 'wrong password' }, 'sign-in refused')
        throw unauthorized(request, 'Wrong username or password.')
      }
      await limits.succeeded(request.ip, username)
      const csrfToken = await app.startSession(request, user)
      request.log.info({ username }, 'signed in')
      return { username: user.username, role: user.role, csrfToken }
    },
  )

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: ends the session on the server, so a copy of the cookie stops working too', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await app.endSession(request)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/auth/me',
    { preHandler: app.requireRole('editor'), schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: Me, ...authResponses } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      const principal = request.principal!
      return { username: principal.username, role: principal.role, csrfToken: principal.via === 'session' ? sessionCsrf(request) : null }
    },
  )

  app.get(
    '/auth/tokens',
    { preHandler: app.requireRole('editor'), schema: { tags: ['auth'], summary: 'Your personal API tokens', response: { 200: Type.Array(TokenInfo), ...authResponses } } },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store')
      return app.users.listTokens(request.principal!.userId)
    },
  )

  app.post(
    '/auth/tokens',
    {
      preHandler: app.requireRole('editor'),
      schema: {
        tags: ['auth'],
        summary: 'Create a personal API token; it is shown only in this response',
        body: TokenCreate,
        response: { 201: Type.Intersect([TokenInfo, Type.Object({ token: Type.String() })]), ...authResponses },
      },
    },
    async (request, reply) => {
      const { token, hash } = newApiToken()
      const days = request.body.expires_in_days
      const created = await app.users.createToken({
        user_id: request.principal!.userId,
        name: request.body.name,
        token_hash: hash,
        expires_at: days ? new Date(Date.now() + days * 86_400_000) : null,
      })
      request.log.info({ username: request.principal!.username, tokenId: created.id }, 'API token created')
      return reply.code(201).header('cache-control', 'no-store').send({ ...created, token })
    },
  )

  app.delete(
    '/auth/tokens/:id',
    {
      preHandler: app.requireRole('editor'),
      schema: { tags: ['auth'], summary: 'Revoke one of your API tokens (revoking it again changes nothing)', params: TokenParams, response: { 204: Type.Null(), ...authResponses } },
    },
    async (request, reply) => {
      if ((await app.users.revokeToken(request.principal!.userId, request.params.id, actorOf(request))) === 'missing') throw notFound(`Your token ${request.params.id}`)
      return reply.code(204).send(null)
    },
  )
}

export default authRoutes
