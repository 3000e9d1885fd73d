import path from 'node:path'
import type { Knex } from 'knex'
import { TABLES } from '../server/storage/sql/tables.ts'
import { datesFromHistory } from '../server/domain/history.ts'
import { PROJECT_ROOT } from '../server/project-root.ts'
import { readDataset, type DatasetZone } from './read-dataset.ts'

export const DATASET_DIR = path.join(PROJECT_ROOT, 'seeds', 'data')
export const SEED_AUTHOR = 'seed:syria-dataset'

/**
 * Loads the Syria dataset (seeds/data/). Idempotent: parties and sources are matched by slug and
 * citation key, and a zone that already exists, with whatever history it has gained since, is left
 * as it is. Everything is written in one transaction.
 */
export async function seed(knex: Knex): Promise<void> {
  const dataset = readDataset(DATASET_DIR)
  await knex.transaction(async (trx) => {
    await trx(TABLES.parties).insert(dataset.parties).onConflict('slug').ignore()
    await trx(TABLES.sources)
      .insert(dataset.sources.map(({ key, ...source }) => ({ citation_key: key, ...source })))
      .onConflict('citation_key')
      .ignore()
    const partyIds = await idsBy(trx, TABLES.parties, 'slug')
    const sourceIds = await idsBy(trx, TABLES.sources, 'citation_key')
    for (const zone of dataset.zones) await insertZone(trx, zone, partyIds, sourceIds)
  })
}

async function insertZone(trx: Knex.Transaction, zone: DatasetZone, partyIds: Map<string, number>, sourceIds: Map<string, number>) {
  const [inserted] = await trx(TABLES.zones)
    .insert({
      slug: zone.slug,
      name: zone.name,
      kind: zone.kind,
      description: zone.description,
      location_precision: zone.location_precision,
      geometry_note: zone.geometry_note,
      curation_note: zone.curation_note,
      ...datesFromHistory(zone.history),
    })
    .onConflict('slug')
    .ignore()
    .returning('id')
  if (!inserted) return
  const zoneId = inserted.id as number
  await trx(TABLES.zoneSources).insert(zone.sources.map((key) => ({ zone_id: zoneId, source_id: sourceIds.get(key)! })))
  if (zone.parties.length > 0) {
    await trx(TABLES.zoneParties)
      .insert(zone.parties.map((party) => ({ zone_id: zoneId, party_id: partyIds.get(party.party)!, role: party.role, note: party.note, curation_note: party.curation_note })))
      .onConflict(['zone_id', 'party_id', 'role'])
      .ignore()
  }
  for (const { sources, ...change } of zone.history) {
    const [row] = await trx(TABLES.statusChanges)
      .insert({ ...change, zone_id: zoneId, recorded_by: SEED_AUTHOR })
      .returning('id')
    await trx(TABLES.statusChangeSources).insert(sources.map((key) => ({ status_change_id: row.id, source_id: sourceIds.get(key)! })))
  }
  // The outline is the zone's first boundary version, from the first day of its history, as migration
  // 014 made it of the zones it found; the migration's trigger copies it onto the zone.
  if (zone.geometry) {
    const [first] = zone.history
    await trx(TABLES.zoneBoundaries).insert({
      zone_id: zoneId,
      geom: trx.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(zone.geometry)]),
      effective_on: first!.effective_on,
      effective_precision: first!.effective_precision,
      reason: 'The outline recorded with the zone',
      basis: 'inferred',
      location_precision: zone.location_precision,
      geometry_note: zone.geometry_note,
      recorded_by: SEED_AUTHOR,
    })
  }
}

async function idsBy(trx: Knex.Transaction, table: string, column: string): Promise<Map<string, number>> {
  const rows: Array<{ id: number; key: string }> = await trx(table).select('id', `${column} as key`)
  return new Map(rows.map((row) => [row.key, row.id]))
}
