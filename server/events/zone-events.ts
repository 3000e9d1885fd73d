import type { Listen, Unlisten } from '../storage/database/postgres-listener.ts'
import { ZONE_CHANGES_CHANNEL, type ZoneChangeEvent } from '../storage/sql/zone-change-notice.ts'

/** The zone changes the writes announce (see zone-change-notice.ts), as events to subscribe to. */
export type { ZoneChangeEvent }

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
