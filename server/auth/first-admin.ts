import type { FastifyBaseLogger } from 'fastify'
import { ConfigError } from '../config.ts'
import type { UsersRepository } from '../storage/repositories/users-repository.ts'
import { passwordWeakness } from './password-policy.ts'
import { hashPassword, randomPassword } from './passwords.ts'

/**
 * On the very first start (no accounts at all) creates the first admin, named ADMIN_USERNAME
 * (default admin), with ADMIN_PASSWORD or a random password printed once in the log. Never a fixed
 * default, and never a password the policy refuses.
 */
export async function ensureFirstAdmin(
  users: UsersRepository,
  first: { username: string; password: string | undefined },
  logger: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): Promise<void> {
  if ((await users.count()) > 0) return
  const { username } = first
  const weakness = first.password === undefined ? null : passwordWeakness(first.password, username)
  if (weakness) throw new ConfigError(`ADMIN_PASSWORD cannot be used: ${weakness} Or leave ADMIN_PASSWORD unset to get a random password in the log.`)
  const password = first.password ?? randomPassword()
  try {
    await users.create({ username, role: 'admin', password_hash: await hashPassword(password) })
  } catch (error) {
    // Another instance starting on the same database made it first.
    if ((error as { code?: string }).code === '23505') return
    throw error
  }
  if (first.password) logger.info({ username }, `created the first account, ${username}, with the password in ADMIN_PASSWORD`)
  else logger.warn({ username, password }, `created the first account, ${username}, with this random password; it is shown only now: sign in and change it`)
}
