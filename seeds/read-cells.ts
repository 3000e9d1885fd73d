/**
 * The cells of a dataset file's row, read with what they must be: each fault is thrown as an Error
 * naming the row (`at`) and the column, so a broken seed file says where it is broken.
 *
 *   const since = date(row, 'effective_on', 'status_changes.csv row 4')
 */
export type Row = Record<string, string>

export function required(row: Row, column: string, at: string): string {
  const value = row[column]
  if (!value) throw new Error(`${at}: ${column} is required`)
  return value
}

export function optional(row: Row, column: string): string | null {
  return row[column] ? row[column]! : null
}

/** A list of names separated by semicolons ("Dar'a; Deraa"), empty when the cell is. */
export function names(row: Row, column: string): string[] {
  return (row[column] ?? '').split(';').map((name) => name.trim()).filter(Boolean)
}

/**
 * A name in Arabic, or null when the cell is empty: its letters must all be Arabic (digits, spaces
 * and punctuation aside), so that a Latin name put in the wrong column is caught.
 */
export function arabicName(row: Row, column: string, at: string): string | null {
  const value = optional(row, column)
  if (value !== null && (!/\p{Script=Arabic}/u.test(value) || /[^\p{Script=Arabic}\p{Mn}\p{N}\p{P}\p{Zs}]/u.test(value))) throw new Error(`${at}: ${column} "${value}" is not written in Arabic script only`)
  return value
}

export function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[], at: string): T {
  const value = required(row, column, at)
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${at}: ${column} "${value}" is not one of ${allowed.join(', ')}`)
  return value as T
}

/** A calendar date as YYYY-MM-DD that exists (no 31 April). */
export function date(row: Row, column: string, at: string): string {
  const value = required(row, column, at)
  const parsed = new Date(`${value}T00:00:00Z`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) throw new Error(`${at}: ${column} must be a date, YYYY-MM-DD`)
  return value
}
