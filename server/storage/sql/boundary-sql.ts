import { TABLES } from './tables.ts'

/**
 * Which boundary version a read shows, as SQL. A version is current while it is not superseded;
 * read as the Atlas recorded it at `recorded` (an SQL timestamptz), it is current if it was recorded
 * by then and not superseded by then. Of the current versions, the one in force on `day` (an SQL
 * date) is the latest dated on or before it; before the first, the first.
 */

/** A version aliased `b` is current, now or as recorded at `recorded`. */
export function currentVersionSql(recorded: string | null): string {
  return recorded === null ? 'b.superseded_at is null' : `b.recorded_at <= ${recorded} and (b.superseded_at is null or b.superseded_at > ${recorded})`
}

/** The columns of a version that take the place of the zone's own when it is read by date. */
export const VERSION_OUTLINE_COLUMNS = ['geom', 'geom_z4', 'geom_z8', 'geom_z12', 'area_km2'] as const
export const VERSION_DESCRIPTION_COLUMNS = ['location_precision', 'geometry_note'] as const

/**
 * The order that puts first, among a zone's current versions aliased `b`, the one in force on `day`:
 * the latest dated on or before it; when all are later, the first.
 */
export function inForceOrderSql(day: string): string {
  return `order by b.effective_on <= ${day} desc, abs(b.effective_on - ${day}), b.id desc`
}

/** The version of the zone aliased `zone` in force on `day`, as a lateral join aliased `bv` (columns null without one). */
export function versionOnDayJoin(zone: string, day: string, recorded: string | null): string {
  const columns = ['id', ...VERSION_OUTLINE_COLUMNS, ...VERSION_DESCRIPTION_COLUMNS].map((column) => `b.${column}`).join(', ')
  return `left join lateral (select ${columns} from ${TABLES.zoneBoundaries} b
           where b.zone_id = ${zone}.id and ${currentVersionSql(recorded)}
           ${inForceOrderSql(day)} limit 1) bv on true`
}
