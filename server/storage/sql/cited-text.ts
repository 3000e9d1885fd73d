import { TABLES } from './tables.ts'

/**
 * Public text and the sources it cites. Descriptions and notes cite sources by their citation key in
 * brackets ("… signed on 4 May 2017 [S1]"). Readers get the text with the keys that lead to a source
 * with an address, and the list of those sources; a key that leads nowhere (no such source, or one
 * without a URL) is taken out of the text. Both are SQL expressions, so that lists of zones stay one
 * statement built by PostgreSQL.
 *
 *   publicTextSql('z.description')                       // '… signed on 4 May 2017 [S1]' without '[S99]'
 *   citedSourcesSql(['z.description', 'z.geometry_note']) // [{key: 'S1', title, publisher, url, reliability}, …]
 */

/** A citation key as written in brackets: a few letters, a number and maybe a letter (S1, R57, S8b). */
const KEY = '[A-Za-z]{1,3}[0-9]{1,4}[a-z]{0,1}'

/**
 * The keys that lead somewhere, as a regular-expression alternation. An uncorrelated subquery, so
 * PostgreSQL reads it once per statement; keys that are not plain letters and digits are left out
 * (they could not be cited in brackets anyway). No dollar sign anywhere: knex puts a query into
 * a named binding with String.replace, where "$'" means something.
 */
const RESOLVABLE_KEYS = `(select coalesce(string_agg(citation_key, '|'), '') from ${TABLES.sources}
    where url is not null and citation_key ~ '\\A${KEY}\\Z')`

/**
 * A bracketed key not among those that lead somewhere, with the space before it. The lookahead's
 * question marks are written chr(63): knex would read a literal one as a binding placeholder.
 */
const UNRESOLVED_KEY = `'\\s*\\[(' || chr(63) || '!(' || chr(63) || ':' || ${RESOLVABLE_KEYS} || ')\\])${KEY}\\]'`

/** The text with the bracketed keys that lead nowhere taken out. */
export function publicTextSql(column: string): string {
  return `case when strpos(${column}, '[') = 0 then ${column} else regexp_replace(${column}, ${UNRESOLVED_KEY}, '', 'g') end`
}

/** The sources cited in these texts that have an address, in order of first citation, as a json array. */
export function citedSourcesSql(columns: readonly string[]): string {
  const text = `concat_ws(' ', ${columns.join(', ')})`
  return `(select coalesce(json_agg(json_build_object('key', s.citation_key, 'title', s.title, 'publisher', s.publisher, 'url', s.url, 'reliability', s.reliability) order by cited.first), '[]'::json)
      from (select m[1] as key, min(n) as first from regexp_matches(${text}, '\\[(${KEY})\\]', 'g') with ordinality as found(m, n) group by m[1]) cited
      join ${TABLES.sources} s on s.citation_key = cited.key and s.url is not null)`
}
