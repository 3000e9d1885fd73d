import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { readDataVersion } from '../sql/data-version.ts'
import { bindMarkedValues } from '../sql/marked-values.ts'
import { ZONE_INCIDENT_COUNTS_SQL, zoneTimelineSql } from '../sql/zone-incidents-sql.ts'
import type { RecordedEntry } from '../../domain/history.ts'
import type { ImportDays } from '../../domain/import-coverage.ts'

/** What a zone's incident summary starts from: the zone, its history, the imports' days, read in one snapshot. */
export interface ZoneTimeline {
  id: number
  slug: string
  name: string
  hasOutline: boolean
  /** Every entry, reversals too, oldest first. */
  history: RecordedEntry[]
  imports: ImportDays[]
  dataVersion: number
}

/** A window of days to count in, numbered by the caller. */
export interface CountWindow {
  n: number
  from: string
  to: string
}

export interface WindowTypeCount {
  n: number
  event_type: string
  records: number
  events: number
  fatalities: number
}

export interface MonthTypeCount {
  month: string
  event_type: string
  events: number
  fatalities: number
}

/** The incidents of a zone, counted (GET /zones/{id}/incidents). */
export function zoneIncidentsRepository(knex: Knex) {
  return {
    dataVersion: () => readDataVersion(knex),

    /** The zone by id or slug (not archived), or null. */
    async timeline(idOrSlug: number | string): Promise<ZoneTimeline | null> {
      const by = typeof idOrSlug === 'number' ? 'id' : 'slug'
      const { sql, bindings } = bindMarkedValues(zoneTimelineSql(by), { key: { value: idOrSlug, type: by === 'id' ? 'integer' : 'text' } })
      const { rows } = await knex.raw(sql, bindings)
      const row = rows[0]
      if (!row) return null
      return {
        id: row.id, slug: row.slug, name: row.name, hasOutline: row.has_outline,
        history: JSON.parse(row.history), imports: JSON.parse(row.imports), dataVersion: Number(row.data_version),
      }
    },

    /**
     * The incidents inside the zone from `first` to `last`, counted per window and event type, and
     * per month (from `monthsFrom`) and event type: one statement.
     */
    async counts(zoneId: number, windows: readonly CountWindow[], range: { first: string; last: string; monthsFrom: string }): Promise<{ windows: WindowTypeCount[]; months: MonthTypeCount[] }> {
      const { sql, bindings } = bindMarkedValues(ZONE_INCIDENT_COUNTS_SQL, {
        zone: { value: zoneId, type: 'integer' },
        windows: { value: JSON.stringify(windows), type: 'jsonb' },
        first: { value: range.first, type: 'date' },
        last: { value: range.last, type: 'date' },
        months_from: { value: range.monthsFrom, type: 'date' },
      })
      const { rows } = await knex.raw(sql, bindings)
      return { windows: JSON.parse(rows[0].windows), months: JSON.parse(rows[0].months) }
    },
  }
}

export type ZoneIncidentsRepository = ReturnType<typeof zoneIncidentsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    zoneIncidents: ZoneIncidentsRepository
  }
}

export default repositoryPlugin('zoneIncidents', zoneIncidentsRepository)
