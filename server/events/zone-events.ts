import type { Knex } from 'knex'
import type { Listen, Unlisten } from '../storage/database/postgres-listener.ts'

/**
 * Zone changes as events. Every write sends a NOTIFY inside its own transaction, so the event leaves
 * only if the write commits, and every API instance listening on the same database hears it (PGlite
 * delivers it inside its process the same way).
 */
export const ZONE_CHANGES_CHANNEL = 'zone_changes'

export interface ZoneChangeEvent {
  zone_id: number
  version: number
  action: string
  at: string
}

export async function notifyZoneChange(trx: Knex.Transaction, event: Omit<ZoneChangeEvent, 'at'>): Promise<void> {
  await trx.raw('select pg_notify(?, ?)', [ZONE_CHANGES_CHANNEL, JSON.stringify({ ...event, at: new Date().toISOString() })])
}

export interface ZoneEventHub {
  subscribe(onEvent: (event: ZoneChangeEvent) => void): () => void
  close(): Promise<void>
}

/** One LISTEN per process, fanned out to every subscriber (the open /events streams). */
export async function zoneEventHub(listen: Listen, onError: (error: Error) => void): Promise<ZoneEventHub> {
  const subscribers = new Set<(event: ZoneChangeEvent) => void>()
  const unlisten: Unlisten = await listen(ZONE_CHANGES_CHANNEL, (payload) => {
    let event: ZoneChangeEvent
    try {
      event = JSON.parse(payload) as ZoneChangeEvent
    } catch (error) {
      onError(error as Error)
      return
    }
    for (const subscriber of subscribers) subscriber(event)
  })
  return {
    subscribe(onEvent) {
      subscribers.add(onEvent)
      return () => subscribers.delete(onEvent)
    },
    async close() {
      subscribers.clear()
      await unlisten()
    },
  }
}
