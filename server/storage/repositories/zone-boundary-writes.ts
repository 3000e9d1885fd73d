import type { Knex } from 'knex'
import type { Geometry } from 'geojson'
import { TABLES } from '../sql/tables.ts'
import type { BoundaryBasis, DatePrecision } from '../../domain/boundary-changes.ts'
import type { LocationPrecision } from '../../domain/location-precision.ts'

/**
 * The rows of a zone's boundary versions, written inside the caller's transaction (zone-writes.ts
 * holds the zone's row lock). Nothing writes zones.geom: migration 014's trigger copies the latest
 * version that is not superseded onto the zone (with its location precision and note).
 */
export interface BoundaryVersion {
  id: number
  effective_on: string
  effective_precision: DatePrecision
  reason: string
  basis: BoundaryBasis
  location_precision: LocationPrecision
  geometry_note: string | null
}

export interface NewBoundaryVersion extends Omit<BoundaryVersion, 'id'> {
  zone_id: number
  geometry: Geometry
  recorded_by: string
}

/** The reason written on a zone's first outline when the request gives none (as migration 014 wrote it). */
export const FIRST_OUTLINE_REASON = 'The outline recorded with the zone'

/** The version in force today (the latest not superseded), or null when the zone has no outline. */
export async function currentBoundary(trx: Knex.Transaction, zoneId: number): Promise<BoundaryVersion | null> {
  const row = await trx(TABLES.zoneBoundaries)
    .where({ zone_id: zoneId })
    .whereNull('superseded_at')
    .orderBy([{ column: 'effective_on', order: 'desc' }, { column: 'id', order: 'desc' }])
    .first('id', trx.raw('effective_on::text as effective_on'), 'effective_precision', 'reason', 'basis', 'location_precision', 'geometry_note')
  return (row as BoundaryVersion | undefined) ?? null
}

/** Whether `geometry` is, coordinate for coordinate, the outline of the version `id`. */
export async function sameOutline(trx: Knex.Transaction, id: number, geometry: Geometry): Promise<boolean> {
  const { rows } = await trx.raw(`select ST_OrderingEquals(geom, ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) as same from ${TABLES.zoneBoundaries} where id = ?`, [JSON.stringify(geometry), id])
  return rows[0]?.same === true
}

/** Adds a version and links its sources; returns its id. */
export async function insertBoundary(trx: Knex.Transaction, version: NewBoundaryVersion, sourceIds: readonly number[]): Promise<number> {
  const { geometry, ...columns } = version
  const [row] = await trx(TABLES.zoneBoundaries)
    .insert({ ...columns, geom: trx.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(geometry)]) })
    .returning('id')
  const id = row.id as number
  const unique = [...new Set(sourceIds)]
  if (unique.length > 0) await trx(TABLES.zoneBoundarySources).insert(unique.map((sourceId) => ({ boundary_id: id, source_id: sourceId })))
  return id
}

/** The sources of a version, to carry over to the version that corrects it. */
export async function boundarySourceIds(trx: Knex.Transaction, id: number): Promise<number[]> {
  return trx(TABLES.zoneBoundarySources).where({ boundary_id: id }).pluck('source_id')
}

/** Marks the version `id` as corrected by `by`, now. */
export async function supersedeBoundary(trx: Knex.Transaction, id: number, by: number): Promise<void> {
  await trx(TABLES.zoneBoundaries).where({ id }).update({ superseded_at: trx.fn.now(), superseded_by: by })
}

/** Withdraws every version still current: the zone's outline is no longer known, and no version replaces them. */
export async function withdrawBoundaries(trx: Knex.Transaction, zoneId: number): Promise<number> {
  return trx(TABLES.zoneBoundaries).where({ zone_id: zoneId }).whereNull('superseded_at').update({ superseded_at: trx.fn.now() })
}

/** Changes how the version in force is described (its precision, its note); the trigger copies them onto the zone. */
export async function describeBoundary(trx: Knex.Transaction, id: number, description: { location_precision?: LocationPrecision | undefined; geometry_note?: string | null | undefined }): Promise<void> {
  const values = Object.fromEntries(Object.entries(description).filter(([, value]) => value !== undefined))
  if (Object.keys(values).length > 0) await trx(TABLES.zoneBoundaries).where({ id }).update(values)
}
