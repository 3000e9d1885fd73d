import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import type { User } from './users-repository.ts'

/**
 * Browser sessions the server can end. A row is found by the SHA-256 of the id in the cookie: one
 * primary-key lookup joined to its user per request that needs a signed-in user.
 */
export function sessionsRepository(knex: Knex) {
  return {
    /** Stores a new session, and clears out expired ones while at it. */
    async create(session: { idHash: string; userId: number; expiresAt: Date }): Promise<void> {
      await knex(TABLES.sessions).where('expires_at', '<=', knex.fn.now()).delete()
      await knex(TABLES.sessions).insert({ id_hash: session.idHash, user_id: session.userId, expires_at: session.expiresAt })
    },

    /** The enabled user of a live session, or undefined when it ended, expired or never was. */
    findUser: (idHash: string): Promise<User | undefined> =>
      knex(`${TABLES.sessions} as s`)
        .join(`${TABLES.users} as u`, 'u.id', 's.user_id')
        .where('s.id_hash', idHash)
        .where('s.expires_at', '>', knex.fn.now())
        .where('u.disabled', false)
        .first('u.*'),

    /** Ends one session; ending one that already ended is no error. */
    async end(idHash: string): Promise<void> {
      await knex(TABLES.sessions).where({ id_hash: idHash }).delete()
    },
  }
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    sessions: SessionsRepository
  }
}

export default repositoryPlugin('sessions', sessionsRepository)
