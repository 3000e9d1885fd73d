import type { Knex } from 'knex'

/**
 * Every write to a zone sends a NOTIFY on this channel inside its own transaction, so the notice
 * leaves only if the write commits, and every API instance listening on the same database hears it
 * (PGlite delivers it inside its process the same way). server/events turns notices into events.
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
