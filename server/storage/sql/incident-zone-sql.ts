import { TABLES } from './tables.ts'
import { inForceOrderSql } from './boundary-sql.ts'

/**
 * Whether an incident lies inside a zone, as SQL: its footprint (where it may have happened, see
 * migration 016) is covered by the zone's outline in force on the incident's first day. Only the
 * current (not superseded) boundary versions count. `incident` and `zoneId` are SQL from the server:
 * an alias and an expression.
 *
 *   `select count(*) from incidents i where ${incidentInsideZoneSql('i', '?')}`, [zoneId]
 */
export function incidentInsideZoneSql(incident: string, zoneId: string): string {
  return `exists (select 1 from (select b.geom from ${TABLES.zoneBoundaries} b
                    where b.zone_id = ${zoneId} and b.superseded_at is null
                    ${inForceOrderSql(`${incident}.occurred_on`)} limit 1) inside
            where ${incident}.footprint && inside.geom and ST_CoveredBy(${incident}.footprint, inside.geom))`
}

/**
 * A cheap first test for incidentInsideZoneSql that an index on footprint answers: the footprint
 * meets the box of one of the zone's current outlines.
 */
export function incidentNearZoneSql(incident: string, zoneId: string): string {
  return `${incident}.footprint && (select ST_SetSRID(ST_Extent(b.geom)::geometry, 4326) from ${TABLES.zoneBoundaries} b where b.zone_id = ${zoneId} and b.superseded_at is null)`
}
