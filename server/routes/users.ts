import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { hashPassword } from '../auth/passwords.ts'
import { Problem, notFound } from '../http/problem.ts'
import { problemResponses } from './schemas/common.ts'
import { PublicUser, UserCreate, UserUpdate, Username } from './schemas/auth.ts'

const adminResponses = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 409: Type.Ref('Problem') }

/** Accounts, for admins: list, create, change role, disable, reset a password. */
const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('admin'))
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('cache-control', 'no-store')
    return payload
  })

  app.get('/users', { schema: { tags: ['users'], summary: 'Every account', response: { 200: Type.Array(PublicUser), ...adminResponses } } }, async () => app.users.list())

  app.post(
    '/users',
    { schema: { tags: ['users'], summary: 'Create an account', body: UserCreate, response: { 201: PublicUser, ...adminResponses } } },
    async (request, reply) => {
      const { username, role, password } = request.body
      if (await app.users.findByUsername(username)) throw new Problem(409, `There is already an account named ${username}.`)
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
        summary: 'Change the role, disable or enable, or reset the password of an account',
        params: Type.Object({ username: Username }),
        body: UserUpdate,
        response: { 200: PublicUser, ...adminResponses },
      },
    },
    async (request) => {
      const { password, ...changes } = request.body
      const { username } = request.params
      if (username === request.principal!.username && (changes.disabled || changes.role === 'editor')) {
        throw new Problem(409, 'You cannot disable or demote your own account: ask another admin.')
      }
      const updated = await app.users.update(username, { ...changes, ...(password ? { password_hash: await hashPassword(password) } : {}) })
      if (!updated) throw notFound(`Account ${username}`)
      request.log.info({ by: request.principal!.username, username, changes: Object.keys(request.body) }, 'account changed')
      return updated
    },
  )
}

export default usersRoutes
