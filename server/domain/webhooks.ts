/**
 * Webhooks: which changes a receiver may ask for, and when a failed delivery is tried again.
 * The changes are those the triggers of migration 015 write to change_events.
 */
export const CHANGE_EVENT_TYPES = [
  'zone.created',
  'zone.updated',
  'zone.archived',
  'zone.restored',
  'zone.status-changed',
  'zone.status-change-undone',
  'zone.boundary-changed',
  'agreement.created',
  'agreement.updated',
  'agreement.archived',
] as const
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number]

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

/** The CloudEvents `type` of a change: reverse-DNS, as the specification recommends. */
export const CLOUD_EVENT_TYPE_PREFIX = 'org.truceatlas.'

/** The longest webhook URL accepted: longer ones are not addresses people register. */
export const WEBHOOK_URL_MAX_LENGTH = 2000

/**
 * The wait before the next attempt after `failedAttempts` failures: doubling from `baseMs` up to
 * `maxMs`, of which a random half is kept ("equal jitter"), so receivers that failed together are
 * not retried together, and no retry comes sooner than half the schedule.
 *
 *   retryDelayMs(1, 30_000, 21_600_000, Math.random) // 15 000 to 30 000
 *   retryDelayMs(3, 30_000, 21_600_000, Math.random) // 60 000 to 120 000
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, maxMs: number, random: () => number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40)
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent)
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}
