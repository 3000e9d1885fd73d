import type { FastifyBaseLogger } from 'fastify'
import { retryDelayMs } from '../domain/webhooks.ts'
import type { Listen, Unlisten } from '../storage/database/postgres-listener.ts'
import type { ClaimedDelivery, WebhookQueue } from '../storage/repositories/webhook-queue.ts'
import { signedCloudEvent } from './cloud-event.ts'
import { postDelivery, type PostOutcome } from './post-delivery.ts'

/** The channel the outbox's trigger notifies with each new change (migration 015). */
export const WEBHOOKS_CHANNEL = 'truce_atlas_webhooks'
/** Deliveries posted at once by one worker. */
const MAX_IN_FLIGHT = 10

export interface DeliveryWorkerSettings {
  pollIntervalMs: number
  leaseMs: number
  timeoutMs: number
  maxAttempts: number
  retryBaseMs: number
  retryMaxMs: number
  allowPrivate: boolean
  /** The CloudEvents `source`: the service's address. */
  source: string
}

export interface DeliveryWorker {
  /** Stops claiming, aborts the posts in flight (their claims are given back), and waits for them. */
  close(): Promise<void>
}

/**
 * Posts the queued webhook deliveries. It wakes on each NOTIFY of a new change and every
 * pollIntervalMs (for retries that have come due, and changes notified while it was away), claims
 * due deliveries for a lease, posts them, and records each attempt. Several workers (processes) may
 * run on one database: claims keep them apart, and a claim of a dead one expires.
 */
export async function startDeliveryWorker(queue: WebhookQueue, listen: Listen, settings: DeliveryWorkerSettings, log: FastifyBaseLogger): Promise<DeliveryWorker> {
  const stopping = new AbortController()
  const inFlight = new Set<Promise<void>>()
  let running: Promise<void> | null = null
  let wokenWhileRunning = false

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    let outcome: PostOutcome
    try {
      const message = signedCloudEvent(delivery.event, settings.source, delivery.secret, new Date())
      outcome = await postDelivery(delivery.url, message.headers, message.body, { timeoutMs: settings.timeoutMs, allowPrivate: settings.allowPrivate, signal: stopping.signal })
    } catch (error) {
      outcome = { ok: false, status: null, error: `could not be sent: ${(error as Error).message}` }
    }
    if (!outcome.ok && stopping.signal.aborted) {
      await queue.release(delivery)
      return
    }
    const retryInMs = outcome.ok ? 0 : retryDelayMs(delivery.attempts + 1, settings.retryBaseMs, settings.retryMaxMs, Math.random)
    const recorded = await queue.record(delivery, outcome, settings.maxAttempts, retryInMs)
    if (!outcome.ok) log.info({ delivery: delivery.id, event: delivery.event.id, attempt: delivery.attempts + 1, error: outcome.error }, 'webhook delivery failed')
    // The webhook was deleted meanwhile, or this worker's lease ran out and another worker recorded first.
    if (!recorded) log.warn({ delivery: delivery.id }, 'webhook attempt not recorded: the delivery was deleted or taken over since it was claimed')
  }

  /**
   * Claims due deliveries while fewer than MAX_IN_FLIGHT are being posted, and starts posting each at
   * once; a slow receiver holds one slot, not the others' deliveries.
   */
  async function fill(): Promise<void> {
    do {
      wokenWhileRunning = false
      while (!stopping.signal.aborted && inFlight.size < MAX_IN_FLIGHT) {
        const batch = await queue.claim(MAX_IN_FLIGHT - inFlight.size, settings.leaseMs)
        if (batch.length === 0) break
        for (const delivery of batch) {
          const posting: Promise<void> = deliver(delivery)
            .catch((error: unknown) => log.warn({ err: error, delivery: delivery.id }, 'webhook attempt not recorded'))
            .finally(() => {
              inFlight.delete(posting)
              wake()
            })
          inFlight.add(posting)
        }
      }
    } while (wokenWhileRunning && !stopping.signal.aborted)
  }

  function wake(): void {
    if (stopping.signal.aborted) return
    if (running) {
      wokenWhileRunning = true
      return
    }
    running = fill()
      .catch((error: unknown) => log.warn({ err: error }, 'webhook deliveries could not be claimed; trying again at the next poll'))
      .finally(() => {
        running = null
        if (wokenWhileRunning) wake()
      })
  }

  let unlisten: Unlisten | null = null
  try {
    unlisten = await listen(WEBHOOKS_CHANNEL, wake)
  } catch (error) {
    log.warn({ err: error }, 'cannot LISTEN for webhook deliveries; polling only')
  }
  const poll = setInterval(wake, settings.pollIntervalMs)
  poll.unref()
  wake()

  return {
    async close() {
      stopping.abort()
      clearInterval(poll)
      await unlisten?.().catch(() => undefined)
      await running
      await Promise.all(inFlight)
    },
  }
}
