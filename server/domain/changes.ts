import { STATUSES, isFinal, type Status } from './statuses.ts'

/**
 * What changed between two dates: each change is one of these types, exactly one.
 * - appeared: a zone's first history entry;
 * - ended: a later status change to a final status (collapsed, ended, rejected);
 * - status: any other status change;
 * - boundary: a new version of a zone's outline (not its first, not one corrected since);
 * - agreement: an agreement signed.
 */
export const CHANGE_TYPES = ['appeared', 'ended', 'status', 'boundary', 'agreement'] as const
export type ChangeType = (typeof CHANGE_TYPES)[number]

/** The statuses whose change is of type `ended` (unless it is the zone's first entry). */
export const ENDING_STATUSES: readonly Status[] = STATUSES.filter(isFinal)

/** The longest window one request may ask about. */
export const MAX_SPAN_YEARS = 50

/** The dates a window may name: PostgreSQL has no year 0, and 9999 leaves room for arithmetic. */
const FIRST_DAY = '0001-01-01'
const LAST_DAY = '9999-12-31'

/** A day (YYYY-MM-DD) plus whole years, as a day; 29 February lands on 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const year = Number(day.slice(0, 4)) + years
  const [month, date] = [day.slice(5, 7), day.slice(8, 10)]
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const fitted = month === '02' && date === '29' && !leap ? '28' : date
  return `${String(year).padStart(4, '0')}-${month}-${fitted}`
}

/**
 * What is wrong with a window of dates (both well-formed YYYY-MM-DD, either end open), each as
 * where and what; none when it can be read.
 */
export function windowProblems(from: string | undefined, to: string | undefined): Array<{ where: string; message: string }> {
  const problems: Array<{ where: string; message: string }> = []
  for (const [where, day] of [['query.from', from], ['query.to', to]] as const) {
    if (day !== undefined && (day < FIRST_DAY || day > LAST_DAY)) problems.push({ where, message: `${day} is outside ${FIRST_DAY}..${LAST_DAY}` })
  }
  if (problems.length > 0 || from === undefined || to === undefined) return problems
  if (from > to) problems.push({ where: 'query.from', message: `${from} is after to (${to}): give the earlier date as from` })
  else if (to > addYears(from, MAX_SPAN_YEARS)) problems.push({ where: 'query.to', message: `the window ${from}..${to} is longer than ${MAX_SPAN_YEARS} years: ask for a shorter one` })
  return problems
}

