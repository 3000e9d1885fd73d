import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { TABLES } from '../sql/tables.ts'
import { publicTextSql } from '../sql/cited-text.ts'
import { currentVersionSql } from '../sql/boundary-sql.ts'
import { bindMarkedValues, markValue } from '../sql/marked-values.ts'

export interface BoundaryReadOptions {
  /** Each version with its outline as GeoJSON. */
  geometry?: boolean | undefined
  /** The corrected versions too. */
  includeSuperseded?: boolean | undefined
  /** As the Atlas had recorded them at this instant (RFC 3339): versions recorded by then, corrections made later not yet made. */
  recordedAsOf?: string | undefined
}

/** Decimals of the outlines in the list of versions, as GET /zones/{id} writes them by default. */
const OUTLINE_DECIMALS = 6

/** A zone's boundary versions, for GET /zones/{id}/boundaries. */
export function zoneBoundariesRepository(knex: Knex) {
  return {
    /** The zone's id, slug and name. */
    async zoneOf(id: number): Promise<{ id: number; slug: string; name: string }> {
      return knex(TABLES.zones).where({ id }).first('id', 'slug', 'name')
    },

    /**
     * The versions, oldest first, as a JSON array (text): each with the day the next current version
     * took effect (`until`), its sources, and whether and by what a correction superseded it (none
     * for a version withdrawn with the outline).
     */
    async boundariesJson(zoneId: number, options: BoundaryReadOptions = {}): Promise<string> {
      const recorded = options.recordedAsOf ? markValue('recorded') : null
      // Superseded after the instant read at: not yet superseded then.
      const supersededThen = recorded ? `b.superseded_at <= ${recorded}` : 'b.superseded_at is not null'
      const { sql, bindings } = bindMarkedValues(
        `with shown as (
           select * from ${TABLES.zoneBoundaries} b where b.zone_id = ${markValue('zone')}${recorded ? ` and b.recorded_at <= ${recorded}` : ''}
         ), current_versions as (
           select b.effective_on from shown b where ${currentVersionSql(recorded)}
         )
         select coalesce(json_agg(json_build_object(
                  'id', b.id, 'effective_on', b.effective_on, 'effective_precision', b.effective_precision,
                  'until', (select min(c.effective_on) from current_versions c where c.effective_on > b.effective_on),
                  'reason', ${publicTextSql('b.reason')}, 'basis', b.basis,
                  'location_precision', b.location_precision, 'geometry_note', ${publicTextSql('b.geometry_note')},
                  'area_km2', round(b.area_km2::numeric, 1), 'recorded_at', b.recorded_at, 'recorded_by', b.recorded_by,
                  'superseded_at', case when ${supersededThen} then b.superseded_at end,
                  'superseded_by', case when ${supersededThen} then b.superseded_by end,
                  'sources', (select coalesce(json_agg(json_build_object('title', s.title, 'url', s.url) order by s.id), '[]'::json)
                                from ${TABLES.zoneBoundarySources} bs join ${TABLES.sources} s on s.id = bs.source_id
                               where bs.boundary_id = b.id)${options.geometry ? `,
                  'geometry', ST_AsGeoJSON(b.geom, ${OUTLINE_DECIMALS})::json` : ''}
                ) order by b.effective_on, b.id)::text, '[]') as boundaries
           from shown b${options.includeSuperseded ? '' : ` where ${currentVersionSql(recorded)}`}`,
        { zone: { value: zoneId, type: 'integer' }, ...(options.recordedAsOf ? { recorded: { value: options.recordedAsOf, type: 'timestamptz' } } : {}) },
      )
      const { rows } = await knex.raw(sql, bindings)
      return rows[0].boundaries as string
    },
  }
}

export type ZoneBoundariesRepository = ReturnType<typeof zoneBoundariesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    zoneBoundaries: ZoneBoundariesRepository
  }
}

export default repositoryPlugin('zoneBoundaries', zoneBoundariesRepository)
