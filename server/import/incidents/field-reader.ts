import type { RowProblem } from '../../domain/incident-rows.ts'

/** The longest text a cell may hold; an ACLED note runs to a couple of thousand characters. */
export const MAX_TEXT_LENGTH = 5000
/** More deaths than this in one event is taken for a mistake in the file. */
export const MAX_FATALITIES = 1_000_000
/** An event id: letters, digits and . _ : - (ACLED's SYR1234, UCDP's 123456), at most 80 characters. */
const EVENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/
const DECIMAL_PATTERN = /^[-+]?(\d{1,3})(\.\d{1,15})?$/
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const FIRST_YEAR = 1900
const LAST_YEAR = 2100

/** A calendar day as YYYY-MM-DD, or null when there is no such day (2017-02-30). */
export function calendarDay(year: number, month: number, day: number): string | null {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1) return null
  return date.toISOString().slice(0, 10)
}

/**
 * The cells of one record of a CSV file, read by column name. Each reader returns the value, or
 * undefined after noting the problem (row, column, what is wrong), so that every problem of a row
 * is reported at once. An absent optional column reads as empty.
 */
export class FieldReader {
  readonly problems: RowProblem[] = []

  constructor(
    readonly row: number,
    private readonly fields: readonly string[],
    private readonly columns: ReadonlyMap<string, number>,
  ) {}

  private raw(column: string): string {
    const index = this.columns.get(column)
    return index === undefined ? '' : (this.fields[index] ?? '').trim()
  }

  problem(column: string | null, problem: string): undefined {
    this.problems.push({ row: this.row, column, problem })
    return undefined
  }

  /** Text as it is (markup is only text), null when empty; refused when over-long or holding a NUL. */
  text(column: string, options: { required?: boolean; max?: number } = {}): string | null | undefined {
    const value = this.raw(column)
    if (value === '') return options.required ? this.problem(column, 'is empty') : null
    if (value.length > (options.max ?? MAX_TEXT_LENGTH)) return this.problem(column, `is ${value.length} characters long; at most ${options.max ?? MAX_TEXT_LENGTH} are allowed`)
    if (value.includes('\u0000')) return this.problem(column, 'contains a NUL character')
    return value
  }

  eventId(column: string): string | undefined {
    const value = this.raw(column)
    if (value === '') return this.problem(column, 'is empty')
    if (!EVENT_ID_PATTERN.test(value)) return this.problem(column, 'is not an event id (letters, digits and . _ : -, at most 80 characters)')
    return value
  }

  /** A whole number within [min, max]; `null` when empty and not required. */
  integer(column: string, options: { min: number; max: number; required?: boolean }): number | null | undefined {
    const value = this.raw(column)
    if (value === '') return options.required ? this.problem(column, 'is empty') : null
    if (!/^\+?\d{1,15}$/.test(value)) return this.problem(column, `is not a whole number ≥ ${options.min}: "${shorten(value)}"`)
    const number = Number(value)
    if (number < options.min || number > options.max) return this.problem(column, `is ${value}; it must lie between ${options.min} and ${options.max}`)
    return number
  }

  /** A decimal degree within ±limit (no exponent, no Infinity or NaN). */
  degrees(column: string, limit: 90 | 180): number | undefined {
    const value = this.raw(column)
    if (value === '') return this.problem(column, 'is empty')
    if (!DECIMAL_PATTERN.test(value)) return this.problem(column, `is not a decimal number of degrees: "${shorten(value)}"`)
    const number = Number(value)
    if (!Number.isFinite(number) || Math.abs(number) > limit) return this.problem(column, `is ${value}; it must lie between -${limit} and ${limit}`)
    return number
  }

  /**
   * A day as YYYY-MM-DD (a time of 00:00 after it, as UCDP's files write it, is allowed) or, with
   * `named`, as ACLED's "12 July 2017".
   */
  date(column: string, options: { named?: boolean } = {}): string | undefined {
    const value = this.raw(column)
    if (value === '') return this.problem(column, 'is empty')
    const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$/.exec(value)
    const named = options.named ? /^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$/.exec(value) : null
    let day: string | null = null
    if (iso) day = calendarDay(Number(iso[1]), Number(iso[2]), Number(iso[3]))
    else if (named) {
      const month = MONTHS.findIndex((name) => name === named[2]!.toLowerCase() || name.slice(0, 3) === named[2]!.toLowerCase())
      day = month < 0 ? null : calendarDay(Number(named[3]), month + 1, Number(named[1]))
    }
    if (day === null) return this.problem(column, `is not a day between ${FIRST_YEAR} and ${LAST_YEAR} written as YYYY-MM-DD${options.named ? ' or as 12 July 2017' : ''}: "${shorten(value)}"`)
    return day
  }

  /** A source's code, graded by `grades` (code -> grade). */
  code<Grade>(column: string, grades: ReadonlyMap<number, Grade>): { code: number; grade: Grade } | undefined {
    const value = this.raw(column)
    if (value === '') return this.problem(column, 'is empty')
    const code = /^\d{1,2}$/.test(value) ? Number(value) : NaN
    const grade = grades.get(code)
    if (grade === undefined) return this.problem(column, `is "${shorten(value)}"; it must be one of ${[...grades.keys()].join(', ')}`)
    return { code, grade }
  }

  /** A time given as Unix seconds, as an ISO timestamp; null when empty. */
  unixSeconds(column: string): string | null | undefined {
    const seconds = this.integer(column, { min: 0, max: Date.UTC(LAST_YEAR, 0) / 1000 })
    return seconds == null ? seconds : new Date(seconds * 1000).toISOString()
  }
}

/** A cell quoted in a problem, cut short so that a huge cell does not make a huge report. */
function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value
}
