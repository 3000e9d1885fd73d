import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { Problem } from '../http/problem.ts'

/**
 * Brute-force brakes for POST /auth/login: every attempt counts against the address, and failed
 * attempts count against the username too, so one account cannot be guessed at from many addresses.
 */
export function loginLimits(options: { perAddress: number; failuresPerUser: number; windowSeconds: number }) {
  const byAddress = new RateLimiterMemory({ keyPrefix: 'login-ip', points: options.perAddress, duration: options.windowSeconds })
  const failuresByUser = new RateLimiterMemory({ keyPrefix: 'login-user', points: options.failuresPerUser, duration: options.windowSeconds })

  const refuse = (result: unknown): never => {
    if (!(result instanceof RateLimiterRes)) throw result
    const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000))
    throw new Problem(429, `Too many sign-in attempts. Wait ${seconds} seconds and try again.`, [], {}, { 'retry-after': String(seconds) })
  }

  return {
    async beforeAttempt(address: string, username: string): Promise<void> {
      await byAddress.consume(address).catch(refuse)
      const failures = await failuresByUser.get(username)
      if (failures && failures.remainingPoints <= 0) refuse(failures)
    },
    async failed(username: string): Promise<void> {
      await failuresByUser.consume(username).catch(() => undefined)
    },
    async succeeded(username: string): Promise<void> {
      await failuresByUser.delete(username)
    },
  }
}
