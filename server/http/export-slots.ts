import type { FastifyReply } from 'fastify'
import { Problem } from './problem.ts'

/** Seconds a client refused an export is told to wait. */
export const EXPORT_RETRY_AFTER_SECONDS = 10
/** How long an export may wait in the queue for a slot before it is refused. */
export const EXPORT_QUEUE_WAIT_MS = 60_000

/**
 * A limit on whole-dataset exports (CSV, KML, GeoJSON with limit=all) running at once in this
 * process: each holds a chunk of large shapes in memory for as long as its client reads, so without
 * a limit enough of them at once run the process out of heap. Up to `concurrency` run; up to `queue`
 * more wait (at most EXPORT_QUEUE_WAIT_MS) for one to end; further ones are refused with 503 and
 * Retry-After.
 *
 *   await slots.enter(reply) // the slot is given back when the response closes, however it ends
 */
export class ExportSlots {
  #running = 0
  readonly #waiting: Array<() => void> = []

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  get running(): number {
    return this.#running
  }

  /** Takes a slot for this response (waiting in the queue if need be) or throws a 503 Problem. */
  async enter(reply: FastifyReply): Promise<void> {
    if (this.#running >= this.concurrency) await this.#wait()
    this.#running += 1
    let released = false
    const release = () => {
      if (released) return
      released = true
      this.#running -= 1
      this.#waiting.shift()?.()
    }
    if (reply.raw.destroyed) release()
    else reply.raw.once('close', release)
  }

  #wait(): Promise<void> {
    if (this.#waiting.length >= this.queue) throw busy()
    return new Promise((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(turn), 1)
        reject(busy())
      }, EXPORT_QUEUE_WAIT_MS)
      this.#waiting.push(turn)
    })
  }
}

const busy = () =>
  new Problem(503, 'Too many exports are being written just now. Try again in a few seconds, or narrow the export with filters.', [], {}, {
    'retry-after': String(EXPORT_RETRY_AFTER_SECONDS),
  })
