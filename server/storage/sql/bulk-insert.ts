import type { Knex } from 'knex'
import type { Geometry } from 'geojson'
import { TABLES } from './tables.ts'
import type { Kind } from '../../domain/kinds.ts'
import type { Role } from '../../domain/parties.ts'
import { isFinal, type Status } from '../../domain/statuses.ts'

/**
 * Loads many zones at once: a few multi-row statements per batch instead of a dozen statements per
 * zone. The rows are those zone-writes makes (the zone, its parties, its first status change, its first boundary version), into
 * the same tables, so every derived column (area_km2, the generalized outlines) and trigger (the
 * data version) applies. It does not check what zone-writes checks (slugs free, geometry valid, kind
 * fits): the database's constraints still refuse what they refuse, failing the whole batch. For
 * trusted, generated data (the benchmark's synthetic zones; a bulk load), not for user input.
 *
 *   await bulkInsertZones(knex, zones, { recordedBy: 'bench' })
 */
export interface BulkZone {
  slug: string
  name: string
  kind: Kind
  description?: string | null
  geometry: Geometry | null
  status: Status
  /** The day the zone took its status (YYYY-MM-DD). */
  effective_date: string
  parties: ReadonlyArray<{ party: string; role: Role }>
}

export interface BulkOptions {
  /** Who the status changes are recorded by. */
  recordedBy: string
  /** The reason written on each first status change. */
  reason?: string
  /** Zones per transaction; each batch commits on its own. */
  batchSize?: number
  /** Batches written at once (default 1). */
  concurrency?: number
}

const DEFAULT_BATCH = 500

/**
 * Inserts the zones in batches, each batch one transaction; returns how many it inserted. The zones
 * may come from a generator: only the batches being written are held in memory. With `concurrency`
 * above 1 (PostgreSQL: one connection each) batches are written side by side, in no set order.
 */
export async function bulkInsertZones(knex: Knex, zones: Iterable<BulkZone>, options: BulkOptions): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH
  const partyRows: Array<{ id: number; slug: string }> = await knex(TABLES.parties).select('id', 'slug')
  const partyIds = new Map(partyRows.map((row) => [row.slug, row.id]))
  const source = zones[Symbol.iterator]()
  const nextBatch = (): BulkZone[] => {
    const batch: BulkZone[] = []
    for (let next = source.next(); !next.done; next = source.next()) {
      batch.push(next.value)
      if (batch.length === batchSize) break
    }
    return batch
  }
  let inserted = 0
  const worker = async () => {
    for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) inserted += (await insertBatch(knex, batch, partyIds, options)).length
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker))
  return inserted
}

async function insertBatch(knex: Knex, zones: readonly BulkZone[], partyIds: ReadonlyMap<string, number>, options: BulkOptions): Promise<number[]> {
  return knex.transaction(async (trx) => {
    const created: Array<{ id: number }> = await trx(TABLES.zones)
      .insert(
        zones.map((zone) => ({
          slug: zone.slug,
          name: zone.name,
          kind: zone.kind,
          description: zone.description ?? null,
          status: zone.status,
          status_since: zone.effective_date,
          proposed_on: zone.status === 'proposed' ? zone.effective_date : null,
          in_force_from: zone.status === 'active' ? zone.effective_date : null,
          ended_on: isFinal(zone.status) ? zone.effective_date : null,
        })),
      )
      .returning('id')
    const ids = created.map((row) => row.id)
    const parties = zones.flatMap((zone, index) =>
      zone.parties.map((party) => {
        const partyId = partyIds.get(party.party)
        if (partyId === undefined) throw new Error(`bulkInsertZones: no party has the slug "${party.party}"`)
        return { zone_id: ids[index]!, party_id: partyId, role: party.role }
      }),
    )
    if (parties.length > 0) await trx(TABLES.zoneParties).insert(parties).onConflict(['zone_id', 'party_id', 'role']).ignore()
    await trx(TABLES.statusChanges).insert(
      zones.map((zone, index) => ({
        zone_id: ids[index]!,
        from_status: null,
        to_status: zone.status,
        effective_on: zone.effective_date,
        reason: options.reason ?? 'bulk load',
        recorded_by: options.recordedBy,
        basis: 'stated',
      })),
    )
    // Each outline is the zone's first boundary version; migration 014's trigger copies it onto the zone.
    const outlines = zones.flatMap((zone, index) =>
      zone.geometry
        ? [{
            zone_id: ids[index]!,
            geom: trx.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(zone.geometry)]),
            effective_on: zone.effective_date,
            reason: options.reason ?? 'bulk load',
            recorded_by: options.recordedBy,
          }]
        : [],
    )
    if (outlines.length > 0) await trx(TABLES.zoneBoundaries).insert(outlines)
    return ids
  })
}
