import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireStrongPassword } from '../auth/password-policy.ts'
import { hashPassword } from '../auth/passwords.ts'
import { Problem, notFound } from '../http/problem.ts'
import { problemResponses } from '../schemas/common.ts'
import { PublicUser, TokenInfo, TokenParams, UserCreate, UserUpdate, Username } from '../schemas/auth.ts'
import { actorOf } from '../auth/actor.ts'

const adminResponses = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 409: Type.Ref('Problem') }
const passwordResponses = { 422: { ...Type.Ref('Problem'), description: 'The password is too easy to guess; the detail says why' } }
const UserParams = Type.Object({ username: Username })

/**
 * Accounts, for admins: list, create, change role, disable, reset a password, and see or revoke
 * anyone's API tokens. A reset or disabling ends all the account's sessions and revokes its tokens.
 */
const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('admin'))
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('cache-control', 'no-store')
    return payload
  })

  app.get('/users', { schema: { tags: ['users'], summary: 'Every account', response: { 200: Type.Array(PublicUser), ...adminResponses } } }, async () => app.users.list())

  app.post(
    '/users',
    { schema: { tags: ['users'], summary: 'Create an account', body: UserCreate, response: { 201: PublicUser, ...adminResponses, ...passwordResponses } } },
    async (request, reply) => {
      const { username, role, password } = request.body
      if (await app.users.findByUsername(username)) throw new Problem(409, `There is already an account named ${username}.`)
      requireStrongPassword(password, username, 'body.password')
      const user = await app.users.create({ username, role, password_hash: await hashPassword(password) })
      request.log.info({ by: request.principal!.username, username, role }, 'account created')
      return reply.code(201).header('location', `/users/${username}`).send(user)
    },
  )

  app.patch(
    '/users/:username',
    {
      schema: {
        tags: ['users'],
        summary: 'Change the role, disable or enable, or reset the password of an account (a reset or disabling ends its sessions and revokes its API tokens)',
        params: UserParams,
        body: UserUpdate,
        response: { 200: PublicUser, ...adminResponses, ...passwordResponses },
      },
    },
    async (request) => {
      const { password, ...changes } = request.body
      const { username } = request.params
      if (username === request.principal!.username && (changes.disabled || changes.role === 'editor')) {
        throw new Problem(409, 'You cannot disable or demote your own account: ask another admin.')
      }
      if (password) requireStrongPassword(password, username, 'body.password')
      const updated = await app.users.update(username, { ...changes, ...(password ? { password_hash: await hashPassword(password) } : {}) })
      if (!updated) throw notFound(`Account ${username}`)
      request.log.info({ by: request.principal!.username, username, changes: Object.keys(request.body) }, 'account changed')
      return updated
    },
  )

  app.get(
    '/users/:username/tokens',
    { schema: { tags: ['users'], summary: "An account's API tokens, without their secrets", params: UserParams, response: { 200: Type.Array(TokenInfo), ...adminResponses } } },
    async (request) => {
      const user = await app.users.findByUsername(request.params.username)
      if (!user) throw notFound(`Account ${request.params.username}`)
      return app.users.listTokens(user.id)
    },
  )

  app.delete(
    '/users/:username/tokens/:id',
    {
      schema: {
        tags: ['users'],
        summary: "Revoke an account's API token (revoking it again changes nothing)",
        params: Type.Intersect([UserParams, TokenParams]),
        response: { 204: Type.Null(), ...adminResponses },
      },
    },
    async (request, reply) => {
      const { username, id } = request.params
      const user = await app.users.findByUsername(username)
      if (!user || (await app.users.revokeToken(user.id, id, actorOf(request))) === 'missing') throw notFound(`Token ${id} of account ${username}`)
      request.log.info({ by: request.principal!.username, username, tokenId: id }, 'API token revoked')
      return reply.code(204).send(null)
    },
  )
}

export default usersRoutes
