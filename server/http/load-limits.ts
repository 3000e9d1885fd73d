import os from 'node:os'
import v8 from 'node:v8'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import underPressure from '@fastify/under-pressure'
import { PROBLEM_CONTENT_TYPE, Problem } from './problem.ts'

export interface LoadLimitsOptions {
  /** Requests per minute per client address; 0 for no limit (RATE_LIMIT_PER_MINUTE). */
  perMinute: number
  /** Shed load while the event loop lags more than this many ms, for SUSTAINED_SAMPLES seconds; 0: automatic. */
  maxEventLoopDelayMs: number
  /** Whether the database runs its queries on this event loop (the embedded one does). */
  databaseOnEventLoop: boolean
  /** Shed load while the JavaScript heap holds more than this many MiB; 0: 90% of V8's heap limit. */
  maxHeapMb: number
  /** Shed load while the process's resident memory exceeds this many MiB; 0: 90% of the memory it may use. */
  maxRssMb: number
}

const OVERLOAD_RETRY_AFTER_SECONDS = 10
const MIB = 1024 * 1024
/** Without a configured limit, shed load at this share of what the process can have before it fails. */
const AUTOMATIC_SHARE = 0.9
/**
 * Without a configured limit: with PostgreSQL the event loop only waits on I/O, so a lag of a second
 * means overload. The embedded database runs each query on the event loop, so there a long lag is
 * the database at work (a large query, an import), and shedding the requests after it helps nothing.
 */
const automaticEventLoopDelayMs = (databaseOnEventLoop: boolean) => (databaseOnEventLoop ? 0 : 1000)
/**
 * Samples (one a second) the lag must stay over its limit before load is shed: one long pause (a
 * large response, a garbage collection) is not overload, and shedding the requests after it helps
 * nothing.
 */
const SUSTAINED_SAMPLES = 3
const SAMPLE_MS = 1000

/** The memory this process may use: its cgroup (container) limit, or the machine's memory. */
function availableMemory(): number {
  const constrained = process.constrainedMemory?.() ?? 0
  return constrained > 0 ? Math.min(constrained, os.totalmem()) : os.totalmem()
}

/** /health reports on the database; a monitor polling it must neither be throttled nor shed. */
const isHealthCheck = (request: FastifyRequest): boolean => request.url === '/health' || request.url.startsWith('/health?')

/**
 * The brakes in front of every route: a rate limit per client address (429 with Retry-After), and
 * load shedding (503 with Retry-After) while the process is overloaded, so that it answers some
 * requests quickly rather than all of them slowly, or runs out of memory. Both answer as
 * application/problem+json; /health is exempt from both.
 */
export const loadLimits = fp(
  async function loadLimits(app: FastifyInstance, options: LoadLimitsOptions) {
    const maxLagMs = options.maxEventLoopDelayMs > 0 ? options.maxEventLoopDelayMs : automaticEventLoopDelayMs(options.databaseOnEventLoop)
    let lagging = 0
    await app.register(underPressure, {
      sampleInterval: SAMPLE_MS,
      // The event-loop lag is judged here, over several samples, rather than by under-pressure on one.
      ...(maxLagMs > 0
        ? {
            healthCheckInterval: SAMPLE_MS,
            healthCheck: async (instance: FastifyInstance) => {
              const lag = instance.memoryUsage().eventLoopDelay
              // No sample in an interval reads as an infinite lag: only a measured lag counts.
              lagging = Number.isFinite(lag) && lag > maxLagMs ? lagging + 1 : 0
              return lagging < SUSTAINED_SAMPLES
            },
          }
        : {}),
      maxHeapUsedBytes: options.maxHeapMb > 0 ? options.maxHeapMb * MIB : Math.floor(v8.getHeapStatistics().heap_size_limit * AUTOMATIC_SHARE),
      maxRssBytes: options.maxRssMb > 0 ? options.maxRssMb * MIB : Math.floor(availableMemory() * AUTOMATIC_SHARE),
      pressureHandler: (request, reply, type, value) => {
        if (isHealthCheck(request)) return
        const cause = type === 'healthCheck' ? { type: 'eventLoopDelay', value: app.memoryUsage().eventLoopDelay, seconds: lagging } : { type, value }
        request.log.warn(cause, 'overloaded: request shed')
        const problem = new Problem(503, 'The service is overloaded just now. Try again in a few seconds.')
        void reply
          .code(503)
          .header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS))
          .type(PROBLEM_CONTENT_TYPE)
          .send(JSON.stringify(problem.toBody()))
      },
    })
    if (options.perMinute > 0) {
      await app.register(rateLimit, {
        global: true,
        max: options.perMinute,
        timeWindow: 60_000,
        allowList: (request) => isHealthCheck(request),
        errorResponseBuilder: (_request, context) => {
          const seconds = Math.max(1, Math.ceil(context.ttl / 1000))
          return new Problem(429, `Too many requests from your address: at most ${context.max} a minute. Try again in ${seconds} seconds.`, [], {}, { 'retry-after': String(seconds) })
        },
      })
    }
  },
  { name: 'load-limits' },
)
