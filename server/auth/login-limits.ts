import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { Problem } from '../http/problem.ts'

/** Wrong passwords for one account from one address before each further one costs a wait. */
export const FREE_FAILURES = 5
/** The longest wait between two attempts for one account from one address. */
export const MAX_DELAY_SECONDS = 15 * 60
/** Failures are forgotten this long after the first one (or at once after a successful sign-in). */
const FAILURE_MEMORY_SECONDS = 24 * 3600

/**
 * The wait after the given number of consecutive failures for one (account, address) pair: none for
 * the first FREE_FAILURES - 1, then 1 s, 2 s, 4 s … doubling up to MAX_DELAY_SECONDS.
 */
export function failureDelaySeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0
  return Math.min(MAX_DELAY_SECONDS, 2 ** Math.min(failures - FREE_FAILURES, 30))
}

/**
 * Brute-force brakes for POST /auth/login and for API tokens. Every sign-in counts against the
 * address (a ceiling on guessing from one place), and wrong passwords slow down only the (account,
 * address) pair that made them, progressively. A token is sent with every request, so only a wrong
 * one counts against the address, and slows down its (name, address) pair alike. There is
 * deliberately no lock per account: anyone could use one to keep the owner out, and the owner
 * signing in from any other address is never slowed down.
 */
export function loginLimits(options: { perAddress: number; windowSeconds: number }) {
  const byAddress = new RateLimiterMemory({ keyPrefix: 'login-ip', points: options.perAddress, duration: options.windowSeconds })
  const failuresByPair = new RateLimiterMemory({ keyPrefix: 'login-failures', points: Number.MAX_SAFE_INTEGER, duration: FAILURE_MEMORY_SECONDS })
  const delayByPair = new RateLimiterMemory({ keyPrefix: 'login-delay', points: 1, duration: 1 })
  const pair = (address: string, username: string): string => `${username}\n${address}`

  const refuse = (result: unknown): never => {
    if (!(result instanceof RateLimiterRes)) throw result
    const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000))
    throw new Problem(429, `Too many sign-in attempts. Wait ${seconds} seconds and try again.`, [], {}, { 'retry-after': String(seconds) })
  }

  const waitForPair = async (key: string): Promise<void> => {
    const delay = await delayByPair.get(key)
    if (delay && delay.consumedPoints > 1 && delay.msBeforeNext > 0) refuse(delay)
  }
  const failed = async (address: string, username: string): Promise<void> => {
    const key = pair(address, username)
    const failures = await failuresByPair.penalty(key, 1)
    const seconds = failureDelaySeconds(failures.consumedPoints)
    if (seconds > 0) await delayByPair.block(key, seconds)
  }

  return {
    async beforeAttempt(address: string, username: string): Promise<void> {
      await waitForPair(pair(address, username))
      await byAddress.consume(address).catch(refuse)
    },
    failed,
    /** Before an API token is looked up: refused while the address has no attempts left or the pair must wait. */
    async beforeTokenUse(address: string, name: string): Promise<void> {
      await waitForPair(pair(address, name))
      const used = await byAddress.get(address)
      if (used && used.consumedPoints >= options.perAddress && used.msBeforeNext > 0) refuse(used)
    },
    /** A wrong or unknown token: one of the address's attempts, and a failure of the pair's. */
    async tokenFailed(address: string, name: string): Promise<void> {
      await byAddress.penalty(address, 1)
      await failed(address, name)
    },
    async succeeded(address: string, username: string): Promise<void> {
      const key = pair(address, username)
      await Promise.all([failuresByPair.delete(key), delayByPair.delete(key)])
    },
  }
}
