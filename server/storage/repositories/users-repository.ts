import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import type { UserRole } from '../../domain/users.ts'
import { auditLogRepository, type Actor } from './audit-log-repository.ts'

export interface User {
  id: number
  username: string
  role: UserRole
  disabled: boolean
  password_hash: string
  password_changed_at: Date
  created_at: Date
}

export type PublicUser = Omit<User, 'password_hash' | 'password_changed_at'>

const PUBLIC_COLUMNS = ['id', 'username', 'role', 'disabled', 'created_at']
const TOKEN_COLUMNS = ['id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at']
/** last_used_at is written at most this often per token, so using a token is not a write per request. */
const LAST_USED_PRECISION_MS = 60_000

export interface TokenUser extends User {
  token_id: number
  token_name: string
}

export type TokenRevocation = 'revoked' | 'already revoked' | 'missing'

/** Ends every session and revokes every API token of a user, in the caller's transaction. */
async function endAllAccess(trx: Knex.Transaction, userId: number): Promise<void> {
  await trx(TABLES.sessions).where({ user_id: userId }).delete()
  await trx(TABLES.apiTokens).where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() })
}

export function usersRepository(knex: Knex) {
  return {
    count: async (): Promise<number> => Number((await knex(TABLES.users).count<{ count: number }[]>({ count: '*' }))[0]!.count),

    findByUsername: (username: string, db: Knex = knex): Promise<User | undefined> => db(TABLES.users).where({ username }).first(),

    list: (): Promise<PublicUser[]> => knex(TABLES.users).select(PUBLIC_COLUMNS).orderBy('username'),

    async create(user: { username: string; role: UserRole; password_hash: string }, db: Knex = knex): Promise<PublicUser> {
      const [created] = await db(TABLES.users).insert(user).returning(PUBLIC_COLUMNS)
      return created
    },

    /**
     * Changes an account. A new password or disabling it ends all its sessions and revokes all its
     * API tokens in the same transaction, so enabling it again revives none of them.
     */
    async update(username: string, changes: Partial<{ role: UserRole; disabled: boolean; password_hash: string }>): Promise<PublicUser | undefined> {
      return knex.transaction(async (trx) => {
        const values: Record<string, unknown> = { ...changes, updated_at: trx.fn.now() }
        if (changes.password_hash) values['password_changed_at'] = trx.fn.now()
        const [updated] = await trx(TABLES.users).where({ username }).update(values).returning(PUBLIC_COLUMNS)
        if (updated && (changes.password_hash || changes.disabled)) await endAllAccess(trx, updated.id)
        return updated as PublicUser | undefined
      })
    },

    async createToken(token: { user_id: number; name: string; token_hash: string; expires_at: Date | null }) {
      const [created] = await knex(TABLES.apiTokens).insert(token).returning(TOKEN_COLUMNS)
      return created as { id: number; name: string; created_at: Date; expires_at: Date | null; last_used_at: null; revoked_at: null }
    },

    listTokens: (userId: number) => knex(TABLES.apiTokens).where({ user_id: userId }).select(TOKEN_COLUMNS).orderBy('id'),

    /** Revokes a token of this user, with its audit row; revoking it again changes nothing. */
    async revokeToken(userId: number, tokenId: number, actor: Actor): Promise<TokenRevocation> {
      return knex.transaction(async (trx) => {
        const [revoked] = await trx(TABLES.apiTokens)
          .where({ id: tokenId, user_id: userId })
          .whereNull('revoked_at')
          .update({ revoked_at: trx.fn.now() })
          .returning(['id', 'name', 'revoked_at'])
        if (!revoked) return (await trx(TABLES.apiTokens).where({ id: tokenId, user_id: userId }).first('id')) ? 'already revoked' : 'missing'
        await auditLogRepository(knex).recordEntity(trx, actor, {
          action: 'api_token.revoke',
          entity: 'api_token',
          entityId: String(tokenId),
          before: { name: revoked.name, user_id: userId, revoked_at: null },
          after: { name: revoked.name, user_id: userId, revoked_at: revoked.revoked_at },
        })
        return 'revoked'
      })
    },

    /** The enabled user behind a live token, with the token's id and name; notes when it was used. */
    async findByTokenHash(tokenHash: string): Promise<TokenUser | undefined> {
      const row = await knex(`${TABLES.apiTokens} as t`)
        .join(`${TABLES.users} as u`, 'u.id', 't.user_id')
        .where('t.token_hash', tokenHash)
        .whereNull('t.revoked_at')
        .where((query) => query.whereNull('t.expires_at').orWhere('t.expires_at', '>', knex.fn.now()))
        .where('u.disabled', false)
        .first('u.*', 't.id as token_id', 't.name as token_name', 't.last_used_at as token_last_used_at')
      if (!row) return undefined
      const { token_last_used_at: lastUsed, ...user } = row
      if (!lastUsed || Date.now() - new Date(lastUsed).getTime() > LAST_USED_PRECISION_MS) {
        await knex(TABLES.apiTokens).where({ id: row.token_id }).update({ last_used_at: knex.fn.now() })
      }
      return user as TokenUser
    },
  }
}

export type UsersRepository = ReturnType<typeof usersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    users: UsersRepository
  }
}

export default repositoryPlugin('users', usersRepository)
