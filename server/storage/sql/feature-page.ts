import type { Knex } from 'knex'
import { DATA_VERSION_SQL } from './data-version.ts'

export interface FeaturePageRead {
  /** The features as one JSON array, their texts joined as json_agg joins them. */
  featuresJson: string
  returned: number
  /** The id of the last feature of the page (null when it is empty). */
  lastId: number | null
  /** Whether a match follows the page. */
  more: boolean
  /** The data version, read in the same statement (so the same snapshot) as the page. */
  dataVersion: number
  /** With `lastChangeSql`: its value in the same snapshot. */
  lastUpdate: string | null
  /** With `countMatches`: how many rows it has, up to MATCH_COUNT_CAP (null past it), in the same snapshot; else undefined. */
  numberMatched?: number | null
}

/**
 * One page of features in one statement. `rows` (see featureRows in feature-collection.ts) selects `id`, `feature` (JSON text) and `n`, the row's
 * number in id order, and reads one row more than the page: the features numbered up to `last`
 * make the page, and whether a row beyond them exists says if there is a next page, without
 * counting. `last` is `limit` unless row numbers start before the page (an OFFSET).
 *
 * With `countMatches` (the page's filter, unpaged), the same statement also counts the matches as
 * cappedMatchCount does: the count then agrees with the page, being read in the same snapshot, and
 * a page costs one round trip rather than two.
 */
export async function readFeaturePage(
  knex: Knex,
  rows: Knex.QueryBuilder,
  page: { limit: number; last?: number; lastChangeSql?: string | undefined; countMatches?: Knex.QueryBuilder | undefined },
): Promise<FeaturePageRead> {
  const extra = [
    page.lastChangeSql ? `${page.lastChangeSql} as last_update` : '',
    page.countMatches ? `(select count(*) from (:counted) c)::int as matched` : '',
  ].filter(Boolean)
  const result = await knex.raw(
    `select '[' || coalesce(string_agg(p.feature, ', ' order by p.id) filter (where p.n <= :last), '') || ']' as features,
            (count(*) filter (where p.n <= :last))::int as returned,
            max(p.id) filter (where p.n <= :last) as last_id,
            count(*) > :limit as more,
            ${[`${DATA_VERSION_SQL} as version`, ...extra].join(',\n            ')}
       from (:rows) p`,
    { limit: page.limit, last: page.last ?? page.limit, rows, ...(page.countMatches ? { counted: cappedMatches(knex, page.countMatches) } : {}) },
  )
  const row = result.rows[0] as { features: string; returned: number; last_id: number | null; more: boolean; version: number | string; last_update?: string | null; matched?: number }
  return {
    featuresJson: row.features,
    returned: row.returned,
    lastId: row.last_id,
    more: row.more,
    dataVersion: Number(row.version),
    lastUpdate: row.last_update ?? null,
    ...(row.matched === undefined ? {} : { numberMatched: row.matched > MATCH_COUNT_CAP ? null : row.matched }),
  }
}

/** numberMatched is exact up to this many matches; past it the count stops and is left out. */
export const MATCH_COUNT_CAP = 1000

/** The first MATCH_COUNT_CAP + 1 rows of `matches`, to count. */
const cappedMatches = (knex: Knex, matches: Knex.QueryBuilder) => matches.select(knex.raw('1')).limit(MATCH_COUNT_CAP + 1)

/** How many rows `matches` has, counting no further than MATCH_COUNT_CAP + 1; null when more than the cap. */
export async function cappedMatchCount(knex: Knex, matches: Knex.QueryBuilder): Promise<number | null> {
  const counted = cappedMatches(knex, matches)
  const result = await knex.raw('select count(*)::int as matched from (?) c', [counted])
  const matched = result.rows[0].matched as number
  return matched > MATCH_COUNT_CAP ? null : matched
}
