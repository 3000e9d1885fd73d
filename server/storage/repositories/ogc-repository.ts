import type { Knex } from 'knex'
import { TABLES } from '../sql/tables.ts'
import type { Kind } from '../../domain/kinds.ts'
import type { Status } from '../../domain/statuses.ts'
import { readDataVersion } from '../sql/data-version.ts'
import { LAST_UPDATE_SQL, cappedMatchCount, readFeaturePage } from '../sql/feature-page.ts'
import { STREAM_CHUNK, filteredZones, type FeatureChunk } from './zones-repository.ts'
import { CURRENT_ZONES_SQL, PARTIES_LATERAL, ZONE_PROPERTIES, featureObject } from '../sql/zone-sql.ts'

/**
 * The SQL behind OGC API - Features (/ogc): collection summaries, and pages of features with the
 * same properties as /zones, built as JSON text by PostgreSQL. Queries start from `filteredZones`
 * and add small named conditions; every value is a bound parameter.
 */

export interface OgcItemsFilter {
  /** The collection's kind; none for the collection of every zone. */
  kind?: Kind
  status?: readonly Status[]
  sponsor?: readonly string[]
  bbox?: readonly number[]
  /** UTC dates, both included; null is an open end. */
  during?: { from: string | null; to: string | null }
  /** A compiled CQL2 filter on `z`. */
  condition?: { sql: string; bindings: ReadonlyArray<string | number | boolean> }
}

export interface OgcPage {
  limit: number
  offset: number
  baseUrl: string
  /** false for features without shapes (the HTML pages). */
  geometry?: boolean
}

export interface OgcFeaturePage {
  /** The features as a JSON array, as PostgreSQL wrote it. */
  featuresJson: string
  /** How many features match; null when more than MATCH_COUNT_CAP do (not counted further). */
  numberMatched: number | null
  numberReturned: number
  /** Whether features remain after this page. */
  more: boolean
  /** When the data last changed, as RFC 3339 UTC. */
  timeStamp: string
  /** The data version the page was read at, for its ETag. */
  dataVersion: number
}

/** A chunk of a streamed page, with the timeStamp it was read at. */
export interface OgcFeatureChunk extends FeatureChunk {
  timeStamp: string
}

export interface CollectionSummary {
  count: number
  /** [west, south, east, north], or null when no zone in it has a geometry. */
  bbox: [number, number, number, number] | null
  /** The first validity date, or null when no zone in it is dated. */
  start: string | null
  /** The last end date, or null when a zone in it has not ended. */
  end: string | null
}

const GEOMETRY_PRECISION = 6

/** The first day a zone is valid: its first history entry, else its proposal date. */
export const VALIDITY_START_SQL = `coalesce((select min(sc.effective_on) from ${TABLES.statusChanges} sc where sc.zone_id = z.id), z.proposed_on)`

/** The zone's validity [start, ended_on or open] intersects the dates [from, to]. */
function whereValidDuring(query: Knex.QueryBuilder, { from, to }: { from: string | null; to: string | null }): void {
  if (to !== null) query.whereRaw(`${VALIDITY_START_SQL} <= ?::date`, [to])
  if (from !== null) query.whereRaw('(z.ended_on is null or z.ended_on >= ?::date)', [from])
  if (from !== null && to === null) query.whereRaw(`${VALIDITY_START_SQL} is not null`)
}

/** The unarchived zones of the filter, as a query on `z`. */
function itemsQuery(knex: Knex, filter: OgcItemsFilter): Knex.QueryBuilder {
  const query = filteredZones(knex, {
    ...(filter.kind ? { kind: [filter.kind] } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.sponsor ? { sponsor: filter.sponsor } : {}),
    ...(filter.bbox ? { bbox: filter.bbox } : {}),
  })
  if (filter.during) whereValidDuring(query, filter.during)
  if (filter.condition) query.whereRaw(filter.condition.sql, [...filter.condition.bindings])
  return query
}

/** The timeStamp of an empty database. */
const NO_UPDATE = '1970-01-01T00:00:00.000Z'

export function ogcRepository(knex: Knex) {
  const features = (page: Pick<OgcPage, 'baseUrl' | 'geometry'>) =>
    featureObject({ properties: ZONE_PROPERTIES, geometry: page.geometry ?? true, precision: GEOMETRY_PRECISION, baseUrl: page.baseUrl })

  /** When any zone last changed (RFC 3339, UTC): the timeStamp of responses, stable between requests. */
  async function lastUpdated(): Promise<string> {
    const result = await knex.raw(`select ${LAST_UPDATE_SQL} as last`)
    return (result.rows[0].last as string | null) ?? NO_UPDATE
  }

  /** Features in id order from an offset or after an id, with the data version and timeStamp (see readFeaturePage). */
  async function readChunk(filter: OgcItemsFilter, page: Pick<OgcPage, 'baseUrl' | 'geometry'>, window: { limit: number; counting?: boolean } & ({ offset: number } | { after: number })) {
    const feature = features(page)
    const offset = 'offset' in window ? window.offset : 0
    const rows = itemsQuery(knex, filter)
      .select('z.id', knex.raw(`${feature.sql} as feature`, feature.bindings), knex.raw('row_number() over (order by z.id) as n'))
      .joinRaw(PARTIES_LATERAL)
      .where('z.id', '>', 'after' in window ? window.after : 0)
      .orderBy('z.id')
      .limit(window.limit + 1)
      .offset(offset)
    // row_number() counts from the first match, before the offset.
    const read = await readFeaturePage(knex, rows, { limit: window.limit, last: offset + window.limit, timeStamp: true, ...(window.counting ? { countMatches: itemsQuery(knex, filter) } : {}) })
    return { featuresJson: read.featuresJson, returned: read.returned, lastId: read.lastId, more: read.more, dataVersion: read.dataVersion, timeStamp: read.lastUpdate ?? NO_UPDATE, numberMatched: read.numberMatched }
  }

  /** How many features match; null when more than MATCH_COUNT_CAP do (not counted further). */
  const cappedCount = (filter: OgcItemsFilter) => cappedMatchCount(knex, itemsQuery(knex, filter))

  return {
    lastUpdated,

    /** A number that changes whenever a zone does (migration 009); one row, one read. */
    dataVersion: () => readDataVersion(knex),

    /** Count, extent and dates of the zones of each kind (keyed by kind) and of all zones (key ''). */
    async collectionSummaries(): Promise<Map<string, CollectionSummary>> {
      const result = await knex.raw(
        `select coalesce(z.kind, '') as key, count(*)::int as count,
                ST_XMin(ST_Extent(z.geom)) as west, ST_YMin(ST_Extent(z.geom)) as south,
                ST_XMax(ST_Extent(z.geom)) as east, ST_YMax(ST_Extent(z.geom)) as north,
                min(${VALIDITY_START_SQL})::text as start,
                case when bool_or(z.ended_on is null) then null else max(z.ended_on)::text end as end
           from ${CURRENT_ZONES_SQL}
          where not z.archived
          group by grouping sets ((z.kind), ())`,
      )
      const summaries = new Map<string, CollectionSummary>()
      for (const row of result.rows as Array<Record<string, unknown>>) {
        const edges = [row.west, row.south, row.east, row.north]
        summaries.set(row.key as string, {
          count: row.count as number,
          bbox: edges.some((edge) => edge === null) ? null : (edges.map(Number) as [number, number, number, number]),
          start: (row.start as string | null) ?? null,
          end: (row.end as string | null) ?? null,
        })
      }
      return summaries
    },

    /** One page of features in id order, and how many match (counted no further than MATCH_COUNT_CAP + 1), in one statement. */
    async listFeatures(filter: OgcItemsFilter, page: OgcPage): Promise<OgcFeaturePage> {
      const chunk = await readChunk(filter, page, { offset: page.offset, limit: page.limit, counting: true })
      return { featuresJson: chunk.featuresJson, numberReturned: chunk.returned, numberMatched: chunk.numberMatched ?? null, more: chunk.more, timeStamp: chunk.timeStamp, dataVersion: chunk.dataVersion }
    },

    cappedCount,

    /**
     * The page as the JSON text of its features joined by commas, STREAM_CHUNK at a time: the first
     * chunk from the page's offset, the next ones by keyset after the last id read. The last chunk
     * says (as nextAfter) whether features remain after the page.
     */
    async *streamFeatures(filter: OgcItemsFilter, page: OgcPage): AsyncGenerator<OgcFeatureChunk> {
      let remaining = page.limit
      let position: { offset: number } | { after: number } = { offset: page.offset }
      for (;;) {
        const chunk = await readChunk(filter, page, { ...position, limit: Math.min(STREAM_CHUNK, remaining) })
        remaining -= chunk.returned
        const last = !chunk.more || remaining <= 0
        yield { json: chunk.featuresJson.slice(1, -1), count: chunk.returned, dataVersion: chunk.dataVersion, timeStamp: chunk.timeStamp, nextAfter: last && chunk.more ? chunk.lastId : null }
        if (last) return
        position = { after: chunk.lastId! }
      }
    },

    /** One feature (JSON text) by zone id, within a kind when given; null when there is none. */
    async getFeature(id: number, kind: Kind | undefined, page: Pick<OgcPage, 'baseUrl' | 'geometry'>): Promise<{ featureJson: string; version: number } | null> {
      const feature = features(page)
      const row = await itemsQuery(knex, kind ? { kind } : {})
        .select('z.version', knex.raw(`${feature.sql}::text as feature`, feature.bindings))
        .joinRaw(PARTIES_LATERAL)
        .where('z.id', id)
        .first()
      return row ? { featureJson: row.feature as string, version: row.version as number } : null
    },
  }
}

export type OgcRepository = ReturnType<typeof ogcRepository>
