/**
 * SQL that uses a value in several places, written once with a mark for it: the marks become `?`
 * placeholders (cast to their type) and the bindings follow in the order they appear, so no one
 * counts placeholders by hand.
 *
 *   const day = markValue('day')
 *   bindMarkedValues(`select ${day} <= ${day}`, { day: { value: '2017-05-04', type: 'date' } })
 *   // { sql: 'select ?::date <= ?::date', bindings: ['2017-05-04', '2017-05-04'] }
 */
const MARK = /\u0000(\w+)\u0000/g

export function markValue(name: string): string {
  return `\u0000${name}\u0000`
}

export function bindMarkedValues(sql: string, values: Readonly<Record<string, { value: string | number; type: string }>>): { sql: string; bindings: Array<string | number> } {
  const bindings: Array<string | number> = []
  const bound = sql.replace(MARK, (_, name: string) => {
    const marked = values[name]
    if (!marked) throw new Error(`no value for the mark ${name}`)
    bindings.push(marked.value)
    return `?::${marked.type}`
  })
  return { sql: bound, bindings }
}
