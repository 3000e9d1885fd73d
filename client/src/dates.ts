import type { DatePrecision } from './api-types.ts'

/** Calendar dates as the API sends them (YYYY-MM-DD), handled in UTC so no time zone shifts a day. */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

/** True for a real calendar date in YYYY-MM-DD form (2017-02-30 is not). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** Days since 1970-01-01: the value of the time slider. */
export function toDayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS)
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

const FORMATS: Record<DatePrecision, Intl.DateTimeFormat> = {
  day: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  month: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  year: new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: 'UTC' }),
}

/**
 * A date as people read it, no more precise than it is known: a change known to the month is
 * "July 2017", never "1 July 2017".
 */
export function formatDate(isoDate: string, precision: DatePrecision = 'day'): string {
  return FORMATS[precision].format(new Date(`${isoDate}T00:00:00Z`))
}
