import type { Knex } from 'knex'
import type { FeatureChunk, FeaturePage } from '../../domain/feature-pages.ts'
import { prepared } from '../database/prepared.ts'
import { readDataVersion } from '../sql/data-version.ts'
import { cappedMatchCount, readFeaturePage } from '../sql/feature-page.ts'
import {
  exportRows, featureRows, matchingFeatures, oneFeature,
  type FeatureCollectionDescription, type FeatureKey, type FeatureShape, type FeatureWindow, type ReadTime,
} from '../sql/feature-collection.ts'

export type { FeatureKey, FeatureShape, FeatureWindow } from '../sql/feature-collection.ts'
export type { FeatureChunk, FeaturePage } from '../../domain/feature-pages.ts'
export { MATCH_COUNT_CAP } from '../sql/feature-page.ts'

/** Features per query when streaming: a chunk is a short query of its own, so a slow reader holds no connection. */
export const STREAM_CHUNK = 100

/** The timeStamp of an empty collection. */
const NO_CHANGE = '1970-01-01T00:00:00.000Z'

export interface ReadOptions {
  /** Read when the collection last changed with the features (the OGC timeStamp). */
  timeStamp?: boolean
}

/**
 * The reads of one feature collection, all through the composition in sql/feature-collection.ts:
 * a page (with its count and data version in one statement), the same window streamed by chunks,
 * one feature, a capped count, and export rows.
 */
export function featureCollectionRepository<Filter>(knex: Knex, collection: FeatureCollectionDescription<Filter>) {
  type Matching = Filter & ReadTime

  async function readWindow(filter: Matching, shape: FeatureShape, window: FeatureWindow, options: ReadOptions & { count?: boolean }): Promise<FeaturePage> {
    const offset = 'offset' in window ? window.offset : 0
    // row_number() counts from the first match, before the offset.
    const read = await readFeaturePage(knex, featureRows(knex, collection, filter, shape, window), {
      limit: window.limit,
      last: offset + window.limit,
      lastChangeSql: options.timeStamp ? collection.lastChangeSql : undefined,
      countMatches: options.count ? matchingFeatures(knex, collection, filter) : undefined,
    })
    return {
      featuresJson: read.featuresJson,
      numberMatched: read.numberMatched ?? null,
      numberReturned: read.returned,
      nextAfter: read.more ? read.lastId : null,
      dataVersion: read.dataVersion,
      ...(options.timeStamp ? { timeStamp: read.lastUpdate ?? NO_CHANGE } : {}),
    }
  }

  return {
    /** The data version now: to answer If-None-Match before reading anything else. */
    dataVersion: () => readDataVersion(knex),

    /** When the collection last changed (RFC 3339, UTC): stable between requests. */
    async lastUpdated(): Promise<string> {
      const result = await knex.raw(`select ${collection.lastChangeSql} as last`)
      return (result.rows[0].last as string | null) ?? NO_CHANGE
    },

    /** One page of the matches, in id order, and how many match, in one statement. */
    readPage: (filter: Matching, shape: FeatureShape, window: FeatureWindow, options: ReadOptions = {}) => readWindow(filter, shape, window, { ...options, count: true }),

    /**
     * The window's features (every match, with limit Infinity) as chunks of STREAM_CHUNK read one
     * after another: the first from the window's start, the next ones by keyset after the last id
     * read. Memory does not grow with the result; the last chunk says where a next page starts.
     */
    async *streamChunks(filter: Matching, shape: FeatureShape, window: FeatureWindow, options: ReadOptions = {}): AsyncGenerator<FeatureChunk> {
      let remaining = window.limit
      let position: FeatureWindow = window
      for (let first = true; ; first = false) {
        const page = await readWindow(filter, shape, { ...position, limit: Math.min(STREAM_CHUNK, remaining) }, { timeStamp: first && options.timeStamp })
        remaining -= page.numberReturned
        const last = page.nextAfter === null || remaining <= 0
        yield {
          json: page.featuresJson.slice(1, -1),
          count: page.numberReturned,
          dataVersion: page.dataVersion,
          nextAfter: last ? page.nextAfter : null,
          ...(page.timeStamp === undefined ? {} : { timeStamp: page.timeStamp }),
        }
        if (last) return
        position = { limit: remaining, after: page.nextAfter! }
      }
    },

    /** How many features match; null when more than MATCH_COUNT_CAP do (not counted further). */
    cappedCount: (filter: Matching) => cappedMatchCount(knex, matchingFeatures(knex, collection, filter)),

    /** One matching feature (JSON text) with its id and version, by id or slug; null when there is none. */
    async readOne(key: FeatureKey, filter: Matching, shape: FeatureShape): Promise<{ json: string; id: number; version: number } | null> {
      const row = await prepared(knex, oneFeature(knex, collection, key, filter, shape)) // planning was half of this query's time
      return row ? { json: row.json as string, id: row.id as number, version: row.version as number } : null
    },

    /** The window's matches as export rows with `shape` (the geometry as the format writes it), STREAM_CHUNK at a time by keyset. */
    async *streamExportRows<Row extends { id: number }>(filter: Matching, window: { limit?: number | undefined; after?: number | undefined }, shape: Knex.Raw): AsyncGenerator<Row[]> {
      let after = window.after ?? 0
      let remaining = window.limit ?? Number.POSITIVE_INFINITY
      for (;;) {
        const chunk = Math.min(STREAM_CHUNK, remaining)
        const rows = (await exportRows(knex, collection, filter, { limit: chunk, after }, shape)) as Row[]
        yield rows
        remaining -= rows.length
        if (rows.length < chunk || remaining <= 0) return
        after = rows[rows.length - 1]!.id
      }
    },
  }
}
