import type { Knex } from 'knex'
import { TABLES } from '../sql/tables.ts'

/** A delivery a worker has claimed, with what it needs to post it. */
export interface ClaimedDelivery {
  id: number
  /** Attempts recorded before this one: the record of this attempt names it, so a stale worker's record is dropped. */
  attempts: number
  url: string
  secret: string
  event: { id: number; type: string; subject: string; recorded_at: Date; data: unknown }
}

export type AttemptOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string }

const LAST_ERROR_MAX_CHARS = 500

/**
 * The webhook deliveries as a work queue. Each statement is short and stands alone: no transaction
 * is held while a delivery is posted (the embedded database has a single connection).
 */
export function webhookQueue(knex: Knex) {
  return {
    /**
     * Claims up to `limit` due deliveries of active webhooks for `leaseMs`: pending, due, and not
     * claimed, or claimed by a worker whose lease ran out (it died). SKIP LOCKED lets workers in other
     * processes claim other rows at the same moment instead of waiting.
     */
    async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      const { rows } = await knex.raw(
        `with due as (
           select d.id from ${TABLES.webhookDeliveries} d join ${TABLES.webhooks} w on w.id = d.webhook_id
            where d.state = 'pending' and w.active and d.next_attempt_at <= now()
              and (d.claimed_until is null or d.claimed_until <= now())
            order by d.next_attempt_at, d.id
            limit ?
            for update of d skip locked
         ), claimed as (
           update ${TABLES.webhookDeliveries} d set claimed_until = now() + (? * interval '1 millisecond')
             from due where d.id = due.id
           returning d.id, d.webhook_id, d.event_id, d.attempts
         )
         select c.id, c.attempts, w.url, w.secret, e.id as event_id, e.type, e.subject, e.recorded_at, e.data
           from claimed c
           join ${TABLES.webhooks} w on w.id = c.webhook_id
           join ${TABLES.changeEvents} e on e.id = c.event_id
          order by c.id`,
        [limit, leaseMs],
      )
      return (rows as Array<Record<string, any>>).map((row) => ({
        id: Number(row.id),
        attempts: row.attempts,
        url: row.url,
        secret: row.secret,
        event: { id: Number(row.event_id), type: row.type, subject: row.subject, recorded_at: new Date(row.recorded_at), data: row.data },
      }))
    },

    /**
     * Records an attempt of a claimed delivery: delivered, or a failure retried after `retryInMs`
     * (failed for good once it has had `maxAttempts`). Nothing is written if the row has moved on
     * since the claim (another worker took over an expired claim and recorded first).
     */
    async record(claimed: Pick<ClaimedDelivery, 'id' | 'attempts'>, outcome: AttemptOutcome, maxAttempts: number, retryInMs: number): Promise<boolean> {
      const guard = { id: claimed.id, state: 'pending', attempts: claimed.attempts }
      const common = { attempts: knex.raw('attempts + 1'), last_attempt_at: knex.fn.now(), last_status_code: outcome.status, claimed_until: null }
      const updated = outcome.ok
        ? await knex(TABLES.webhookDeliveries).where(guard).update({ ...common, state: 'delivered', delivered_at: knex.fn.now(), last_error: null })
        : await knex(TABLES.webhookDeliveries)
            .where(guard)
            .update({
              ...common,
              state: knex.raw(`case when attempts + 1 >= ? then 'failed' else 'pending' end`, [maxAttempts]),
              next_attempt_at: knex.raw(`now() + (? * interval '1 millisecond')`, [retryInMs]),
              last_error: outcome.error.slice(0, LAST_ERROR_MAX_CHARS),
            })
      return updated > 0
    },

    /** Gives a claim back without counting an attempt (the worker is stopping mid-post). */
    async release(claimed: Pick<ClaimedDelivery, 'id' | 'attempts'>): Promise<void> {
      await knex(TABLES.webhookDeliveries).where({ id: claimed.id, state: 'pending', attempts: claimed.attempts }).update({ claimed_until: null })
    },
  }
}

export type WebhookQueue = ReturnType<typeof webhookQueue>
