import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { bindMarkedValues } from '../sql/marked-values.ts'
import { REVISION_COLUMNS_SQL, ZONE_INCIDENT_COUNTS_SQL, zoneTimelineSql } from '../sql/zone-incidents-sql.ts'
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
  revision: Revision
}

/** What the summary was read at: the data version and the imports made ('count.last id'). */
export interface Revision {
  dataVersion: number
  imports: string
}

const revisionOf = (row: { data_version: number | string; imports_revision: string }): Revision => ({ dataVersion: Number(row.data_version), imports: row.imports_revision })

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
    /** The revision now: one row, for a revalidation. */
    async revision(): Promise<Revision> {
      const { rows } = await knex.raw(`select ${REVISION_COLUMNS_SQL}`)
      return revisionOf(rows[0])
    },

    /** The zone by id or slug (not archived), or null. */
    async timeline(idOrSlug: number | string): Promise<ZoneTimeline | null> {
      const by = typeof idOrSlug === 'number' ? 'id' : 'slug'
      const { sql, bindings } = bindMarkedValues(zoneTimelineSql(by), { key: { value: idOrSlug, type: by === 'id' ? 'integer' : 'text' } })
      const { rows } = await knex.raw(sql, bindings)
      const row = rows[0]
      if (!row) return null
      return {
        id: row.id, slug: row.slug, name: row.name, hasOutline: row.has_outline,
        history: JSON.parse(row.history), imports: JSON.parse(row.imports), revision: revisionOf(row),
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
