/**
 * SQL text with its bindings, composed so that each value stays a bound parameter and each piece
 * of SQL comes from the server. A value interpolated into `sql` becomes a `?`; a fragment is
 * inlined with its own bindings, in order.
 *
 *   const window = sql`c.day between ${from}::date and ${to}::date`
 *   const query = sql`select * from changes c where ${window} and c.type in (${list(types)})`
 *   knex.raw(query.sql, query.bindings)
 */
export type Binding = string | number | boolean | null

export interface Fragment {
  readonly sql: string
  readonly bindings: readonly Binding[]
}

const isFragment = (value: unknown): value is Fragment => typeof value === 'object' && value !== null && 'sql' in value && 'bindings' in value

export function sql(strings: TemplateStringsArray, ...values: ReadonlyArray<Fragment | Binding>): Fragment {
  let text = strings[0]!
  const bindings: Binding[] = []
  values.forEach((value, index) => {
    if (isFragment(value)) {
      text += value.sql
      bindings.push(...value.bindings)
    } else {
      text += '?'
      bindings.push(value)
    }
    text += strings[index + 1]!
  })
  return { sql: text, bindings }
}

/** SQL written by the server (never from a request), with no bindings. */
export const raw = (text: string): Fragment => ({ sql: text, bindings: [] })

/** Values as a comma-separated list of parameters, for `in (...)`; never empty. */
export function list(values: readonly Binding[]): Fragment {
  if (values.length === 0) throw new Error('an empty list cannot be written as SQL')
  return { sql: values.map(() => '?').join(', '), bindings: [...values] }
}

/** The fragments joined by `separator` (e.g. ' and '); `empty` when there are none. */
export function join(fragments: readonly Fragment[], separator: string, empty = 'true'): Fragment {
  if (fragments.length === 0) return raw(empty)
  return { sql: fragments.map((fragment) => `(${fragment.sql})`).join(separator), bindings: fragments.flatMap((fragment) => fragment.bindings) }
}
