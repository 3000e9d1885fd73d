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

/**
 * The reader's locale, as their browser states it (the one the browser's own date picker uses), so
 * every date on the page reads one way; British English where there is no browser (tests in Node).
 */
function readersLocale(): string {
  const stated = typeof navigator === 'undefined' ? undefined : (navigator.languages?.[0] ?? navigator.language)
  try {
    return stated ? (Intl.DateTimeFormat.supportedLocalesOf(stated)[0] ?? 'en-GB') : 'en-GB'
  } catch {
    return 'en-GB' // a malformed language tag
  }
}

const LOCALE = readersLocale()
const FORMATS: Record<DatePrecision, Intl.DateTimeFormat> = {
  day: new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  month: new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  year: new Intl.DateTimeFormat(LOCALE, { year: 'numeric', timeZone: 'UTC' }),
}

/**
 * A date as people read it, no more precise than it is known: a change known to the month is
 * "July 2017", never "1 July 2017".
 */
export function formatDate(isoDate: string, precision: DatePrecision = 'day'): string {
  return FORMATS[precision].format(new Date(`${isoDate}T00:00:00Z`))
}

/** A date in running text as the data writes it: 2017-10-12, or a span 2017-10-12/14, 2019-04-30/05-06. */
const DATE_IN_TEXT = /\b(\d{4})-(\d{2})-(\d{2})(?:\/(?:(\d{2})-)?(\d{2}))?\b/g

/**
 * Running text with each date in it written as the page writes dates (formatDate), spans as one
 * range ("12–14 October 2017"), so the data's notes read like the rest of the page.
 */
export function formatDatesIn(text: string): string {
  return text.replace(DATE_IN_TEXT, (whole, year: string, month: string, day: string, endMonth?: string, endDay?: string) => {
    const start = `${year}-${month}-${day}`
    if (!isIsoDate(start)) return whole
    if (endDay === undefined) return formatDate(start)
    const end = `${year}-${endMonth ?? month}-${endDay}`
    if (!isIsoDate(end) || end <= start) return whole
    return FORMATS.day.formatRange(new Date(`${start}T00:00:00Z`), new Date(`${end}T00:00:00Z`))
  })
}
