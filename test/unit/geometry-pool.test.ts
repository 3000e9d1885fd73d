import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { BusyError } from '../../server/domain/errors.ts'
import { GEOMETRY_CHECK_LIMITS, checkGeometryOffThread } from '../../server/geometry/geometry-pool.ts'
import { errorHandler } from '../../server/http/error-handler.ts'

const square = { type: 'Polygon', coordinates: [[[36, 33], [36.1, 33], [36.1, 33.1], [36, 33.1], [36, 33]]] }
/** A valid polygon of 50,000 vertices: a check of it takes far longer than a millisecond. */
const ring = Array.from({ length: 50_000 }, (_, i) => [36 + Math.cos((2 * Math.PI * i) / 50_000), 33 + Math.sin((2 * Math.PI * i) / 50_000)])
const manySided = { type: 'Polygon', coordinates: [[...ring, ring[0]]] }

describe('the geometry worker pool', () => {
  it('checks up to its threads and its queue at once, and says it is busy for the rest', async () => {
    const overflow = 3
    const total = GEOMETRY_CHECK_LIMITS.threads + GEOMETRY_CHECK_LIMITS.waiting + overflow
    const outcomes = await Promise.allSettled(Array.from({ length: total }, () => checkGeometryOffThread(square, 'ceasefire-zone')))
    const busy = outcomes.filter((outcome) => outcome.status === 'rejected')
    expect(busy).toHaveLength(overflow)
    for (const outcome of busy) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(BusyError)
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value.valid)).toHaveLength(total - overflow)
    // Once the queue drained, a check runs again.
    expect((await checkGeometryOffThread(square, 'ceasefire-zone')).valid).toBe(true)
  })

  it('says it is busy, not that the shape is wrong, when a check runs out of time', async () => {
    // Work caps keep every check far under its budget, so running out of time means a loaded machine.
    const limits = GEOMETRY_CHECK_LIMITS as { ms: number }
    const budget = limits.ms
    limits.ms = 1
    try {
      const stalled = await checkGeometryOffThread(manySided, 'ceasefire-zone').then(
        (verdict) => verdict,
        (error: unknown) => error,
      )
      expect(stalled).toBeInstanceOf(BusyError)
      expect((stalled as BusyError).message).toMatch(/nothing was saved\. Try again/)
    } finally {
      limits.ms = budget
    }
    expect((await checkGeometryOffThread(manySided, 'ceasefire-zone')).valid).toBe(true)
  })

  it('answers "busy" as a 503 problem with Retry-After', async () => {
    const app = Fastify()
    await app.register(errorHandler, { isDatabaseUnavailable: () => false })
    app.get('/', async () => {
      throw new BusyError('The service is busy checking other geometries; try again in a few seconds.')
    })
    const response = await app.inject('/')
    expect(response.statusCode).toBe(503)
    expect(response.headers['retry-after']).toBe('5')
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(response.json()).toMatchObject({ status: 503, detail: expect.stringContaining('try again') })
    await app.close()
  })
})
