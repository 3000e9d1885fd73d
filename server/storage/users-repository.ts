import type { Knex } from 'knex'
import { TABLES } from '../../migrations/tables.ts'
import type { UserRole } from '../domain/users.ts'

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

export function usersRepository(knex: Knex) {
  return {
    count: async (): Promise<number> => Number((await knex(TABLES.users).count<{ count: number }[]>({ count: '*' }))[0]!.count),

    findByUsername: (username: string, db: Knex = knex): Promise<User | undefined> => db(TABLES.users).where({ username }).first(),

    findById: (id: number): Promise<User | undefined> => knex(TABLES.users).where({ id }).first(),

    list: (): Promise<PublicUser[]> => knex(TABLES.users).select(PUBLIC_COLUMNS).orderBy('username'),

    async create(user: { username: string; role: UserRole; password_hash: string }, db: Knex = knex): Promise<PublicUser> {
      const [created] = await db(TABLES.users).insert(user).returning(PUBLIC_COLUMNS)
      return created
    },

    async update(
      username: string,
      changes: Partial<{ role: UserRole; disabled: boolean; password_hash: string }>,
      db: Knex = knex,
    ): Promise<PublicUser | undefined> {
      const values: Record<string, unknown> = { ...changes, updated_at: db.fn.now() }
      if (changes.password_hash) values['password_changed_at'] = db.fn.now()
      const [updated] = await db(TABLES.users).where({ username }).update(values).returning(PUBLIC_COLUMNS)
      return updated
    },

    async createToken(token: { user_id: number; name: string; token_hash: string; expires_at: Date | null }) {
      const [created] = await knex(TABLES.apiTokens).insert(token).returning(['id', 'name', 'created_at', 'expires_at'])
      return created as { id: number; name: string; created_at: Date; expires_at: Date | null }
    },

    listTokens: (userId: number) =>
      knex(TABLES.apiTokens)
        .where({ user_id: userId })
        .select('id', 'name', 'created_at', 'expires_at', 'last_used_at', 'revoked_at')
        .orderBy('id'),

    /** Revokes a token of this user; false when it has no such token. */
    async revokeToken(userId: number, tokenId: number): Promise<boolean> {
      const count = await knex(TABLES.apiTokens).where({ id: tokenId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() })
      return count > 0
    },

    /** The enabled user behind a live token, recording its use. */
    async findByTokenHash(tokenHash: string): Promise<User | undefined> {
      const row = await knex(`${TABLES.apiTokens} as t`)
        .join(`${TABLES.users} as u`, 'u.id', 't.user_id')
        .where('t.token_hash', tokenHash)
        .whereNull('t.revoked_at')
        .where((query) => query.whereNull('t.expires_at').orWhere('t.expires_at', '>', knex.fn.now()))
        .where('u.disabled', false)
        .first('u.*', 't.id as token_id')
      if (!row) return undefined
      await knex(TABLES.apiTokens).where({ id: row.token_id }).update({ last_used_at: knex.fn.now() })
      const { token_id: _tokenId, ...user } = row
      return user as User
    },
  }
}

export type UsersRepository = ReturnType<typeof usersRepository>
