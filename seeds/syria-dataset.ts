import path from 'node:path'
import type { Knex } from 'knex'
import { TABLES } from '../server/storage/sql/tables.ts'
import { datesFromHistory } from '../server/domain/history.ts'
import { PROJECT_ROOT } from '../server/project-root.ts'
import { readDataset, type DatasetAgreement, type DatasetZone } from './read-dataset.ts'
import { ATLAS_DATASET, type DatasetIncident } from './read-incidents.ts'
import { inForceOrderSql } from '../server/storage/sql/boundary-sql.ts'

export const DATASET_DIR = path.join(PROJECT_ROOT, 'seeds', 'data')
export const SEED_AUTHOR = 'seed:syria-dataset'

type Ids = Map<string, number>

/**
 * Loads the Syria dataset (seeds/data/). Idempotent: parties and sources are matched by slug and
 * citation key, and a zone or agreement that already exists, with whatever it has gained since, is
 * left as it is. Everything is written in one transaction.
 *
 * A new zone's outline versions are written straight into zone_boundaries, oldest first (the first
 * is the zone's own outline); the trigger of migration 014 then copies the latest onto the zone.
 * The Atlas's incidents (reported violations and located attacks) follow, matched by event id.
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
    const newAgreements: DatasetAgreement[] = []
    for (const agreement of dataset.agreements) if (await insertAgreement(trx, agreement)) newAgreements.push(agreement)
    const agreementIds = await idsBy(trx, TABLES.agreements, 'slug')
    for (const zone of dataset.zones) await insertZone(trx, zone, { partyIds, sourceIds, agreementIds })
    const zoneIds = await idsBy(trx, TABLES.zones, 'slug')
    for (const agreement of newAgreements) await linkAgreement(trx, agreement, { partyIds, sourceIds, zoneIds, agreementId: agreementIds.get(agreement.slug)! })
    for (const incident of dataset.incidents) await insertIncident(trx, incident, sourceIds)
  })
}

async function insertAgreement(trx: Knex.Transaction, agreement: DatasetAgreement): Promise<boolean> {
  const { parties: _parties, zones: _zones, sources: _sources, ...row } = agreement
  const [inserted] = await trx(TABLES.agreements).insert(row).onConflict('slug').ignore().returning('id')
  return Boolean(inserted)
}

async function linkAgreement(trx: Knex.Transaction, agreement: DatasetAgreement, ids: { partyIds: Ids; sourceIds: Ids; zoneIds: Ids; agreementId: number }) {
  const agreement_id = ids.agreementId
  if (agreement.parties.length > 0) {
    await trx(TABLES.agreementParties).insert(agreement.parties.map((party) => ({ agreement_id, party_id: ids.partyIds.get(party.party)!, role: party.role, note: party.note })))
  }
  const zones = agreement.zones.filter((zone) => ids.zoneIds.has(zone.zone))
  if (zones.length > 0) {
    await trx(TABLES.agreementZones).insert(zones.map((zone) => ({ agreement_id, zone_id: ids.zoneIds.get(zone.zone)!, effect: zone.effect, note: zone.note })))
  }
  await trx(TABLES.agreementSources).insert(agreement.sources.map((key) => ({ agreement_id, source_id: ids.sourceIds.get(key)! })))
}

async function insertZone(trx: Knex.Transaction, zone: DatasetZone, ids: { partyIds: Ids; sourceIds: Ids; agreementIds: Ids }) {
  const { partyIds, sourceIds, agreementIds } = ids
  const [inserted] = await trx(TABLES.zones)
    .insert({
      slug: zone.slug,
      name: zone.name,
      name_ar: zone.name_ar,
      search_names: zone.search_names,
      kind: zone.kind,
      description: zone.description,
      geom: zone.geometry ? geometrySql(trx, zone.geometry) : null,
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
  for (const { sources, agreement, ...change } of zone.history) {
    const [row] = await trx(TABLES.statusChanges)
      .insert({ ...change, zone_id: zoneId, agreement_id: agreement ? agreementIds.get(agreement)! : null, recorded_by: SEED_AUTHOR })
      .returning('id')
    await trx(TABLES.statusChangeSources).insert(sources.map((key) => ({ status_change_id: row.id, source_id: sourceIds.get(key)! })))
  }
  for (const { stage: _stage, geometry, sources, ...version } of zone.boundaries) {
    const [row] = await trx(TABLES.zoneBoundaries)
      .insert({ ...version, zone_id: zoneId, geom: geometrySql(trx, geometry), recorded_by: SEED_AUTHOR })
      .returning('id')
    if (sources.length > 0) await trx(TABLES.zoneBoundarySources).insert(sources.map((key) => ({ boundary_id: row.id, source_id: sourceIds.get(key)! })))
  }
  if (zone.siege_assessments.length > 0) {
    await trx(TABLES.siegeAssessments).insert(
      zone.siege_assessments.map(({ source, ...assessment }) => ({ ...assessment, zone_id: zoneId, source_id: sourceIds.get(source)!, recorded_by: SEED_AUTHOR })),
    )
  }
}

/**
 * An Atlas incident, unless one with its event id is there already. One placed in a zone takes the
 * zone's outline in force on the incident's first day, copied when seeding.
 */
async function insertIncident(trx: Knex.Transaction, incident: DatasetIncident, sourceIds: Ids) {
  const { geometry, zone, source, ...row } = incident
  let geom: Knex.Raw
  if (zone === null) geom = geometrySql(trx, geometry!)
  else {
    const [version] = (await trx.raw(`with d as (select ?::date as day)
      select b.id from ${TABLES.zoneBoundaries} b join ${TABLES.zones} z on z.id = b.zone_id cross join d
       where z.slug = ? and b.superseded_at is null and b.effective_on <= d.day ${inForceOrderSql('d.day')} limit 1`, [incident.occurred_on, zone])).rows
    if (!version) throw new Error(`incident ${incident.event_id}: zone ${zone} has no outline in force on ${incident.occurred_on}`)
    geom = trx.raw(`(select geom from ${TABLES.zoneBoundaries} where id = ?)`, [version.id])
  }
  await trx(TABLES.incidents)
    .insert({ ...row, dataset: ATLAS_DATASET, geom, source_id: sourceIds.get(source)! })
    .onConflict(['dataset', 'event_id'])
    .ignore()
}

function geometrySql(trx: Knex.Transaction, geometry: object): Knex.Raw {
  return trx.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(geometry)])
}

async function idsBy(trx: Knex.Transaction, table: string, column: string): Promise<Map<string, number>> {
  const rows: Array<{ id: number; key: string }> = await trx(table).select('id', `${column} as key`)
  return new Map(rows.map((row) => [row.key, row.id]))
}
