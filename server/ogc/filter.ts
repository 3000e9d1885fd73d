import { badRequest } from '../http/problem.ts'
import { Cql2Error } from './cql2/errors.ts'
import { parseCql2Text } from './cql2/parser.ts'
import { toSql, type Queryables, type SqlCondition } from './cql2/to-sql.ts'
import { QUERYABLES } from './queryables.ts'

/**
 * `cql-text` is the drafts' name of the same text encoding. GDAL (up to 3.6 at least) sends a `-where`
 * as a filter only when the API definition offers it; otherwise it turns a comparison on any date
 * field into `datetime`, which means something else here (the zone's validity).
 */
export const FILTER_LANGUAGES = ['cql2-text', 'cql-text'] as const

/**
 * The `filter` parameter as a SQL condition on the zones (aliased `z`), or on another collection's
 * features through its queryables, through the queryables allowlist; any fault in the text is a 400 that names its column. Its geometries are valid and
 * small by then (see wkt.ts), so no spatial predicate gives GEOS unbounded work: on PostgreSQL,
 * STATEMENT_TIMEOUT_MS (set on every pooled connection) cancels the statement besides; on PGlite,
 * which cannot cancel one, the parser's limits are the whole budget.
 */
export function compileFilter(text: string, queryables: Queryables = QUERYABLES): SqlCondition {
  try {
    return toSql(parseCql2Text(text), queryables)
  } catch (error) {
    if (error instanceof Cql2Error) throw badRequest('query.filter', error.message)
    throw error
  }
}
