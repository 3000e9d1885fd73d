import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_DELAY_SECONDS, failureDelaySeconds, loginLimits } from '../../server/auth/login-limits.ts'
import { Problem } from '../../server/http/problem.ts'

async function retryAfter(attempt: Promise<void>): Promise<number> {
  const refusal = await attempt.then(() => null, (error: unknown) => error)
  if (refusal === null) return 0
  expect(refusal).toBeInstanceOf(Problem)
  expect((refusal as Problem).status).toBe(429)
  return Number((refusal as Problem).headers['retry-after'])
}

describe('sign-in brakes', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('grow the wait for one (account, address) pair with each failure, up to a ceiling', () => {
    expect([1, 4, 5, 6, 7, 8].map(failureDelaySeconds)).toEqual([0, 0, 1, 2, 4, 8])
    expect(failureDelaySeconds(1000)).toBe(MAX_DELAY_SECONDS)
  })

  it('delay an attacker progressively, never the owner at another address, and forgive after a success', async () => {
    const limits = loginLimits({ perAddress: 1000, windowSeconds: 900 })
    const waits: number[] = []
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const wait = await retryAfter(limits.beforeAttempt('203.0.113.9', 'root'))
      waits.push(wait)
      if (wait > 0) vi.advanceTimersByTime(wait * 1000 + 10)
      else await limits.failed('203.0.113.9', 'root')
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 0, 2])
    expect(await retryAfter(limits.beforeAttempt('198.51.100.20', 'root'))).toBe(0)
    expect(await retryAfter(limits.beforeAttempt('203.0.113.9', 'someone-else'))).toBe(0)

    vi.advanceTimersByTime(3000)
    await limits.succeeded('203.0.113.9', 'root')
    await limits.failed('203.0.113.9', 'root')
    expect(await retryAfter(limits.beforeAttempt('203.0.113.9', 'root'))).toBe(0)
  })
})
