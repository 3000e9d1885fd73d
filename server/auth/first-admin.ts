import type { FastifyBaseLogger } from 'fastify'
import type { UsersRepository } from '../storage/users-repository.ts'
import { hashPassword, randomPassword } from './passwords.ts'

/**
 * On the very first start (no accounts at all) creates `admin`, with ADMIN_PASSWORD or a random
 * password printed once in the log. Never a fixed default.
 */
export async function ensureFirstAdmin(users: UsersRepository, adminPassword: string | undefined, logger: FastifyBaseLogger): Promise<void> {
  if ((await users.count()) > 0) return
  const password = adminPassword ?? randomPassword()
  try {
    await users.create({ username: 'admin', role: 'admin', password_hash: await hashPassword(password) })
  } catch (error) {
    // Another instance starting on the same database made it first.
    if ((error as { code?: string }).code === '23505') return
    throw error
  }
  if (adminPassword) logger.info('created the first account, admin, with the password in ADMIN_PASSWORD')
  else logger.warn({ username: 'admin', password }, 'created the first account, admin, with this random password; it is shown only now: sign in and change it')
}
