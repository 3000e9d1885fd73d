/**
 * Strict readers for RFC 3339 dates and date-times, shared by the `datetime` parameter and the CQL2
 * DATE()/TIMESTAMP() literals. They return null rather than throwing, so each caller can say where
 * the fault is. Year 0 is refused because PostgreSQL has no year zero.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// A space stands for '+' in the offset: an unencoded '+' in a URL arrives as a space.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+\- ]\d{2}:\d{2})$/

export interface Instant {
  /** The UTC calendar date, YYYY-MM-DD. */
  date: string
  /** The UTC date-time with milliseconds, YYYY-MM-DDTHH:MM:SS.sssZ. */
  utc: string
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

/** `2017-07-09` stays as it is; `2017-02-30` or `17-7-9` give null. */
export function parseCalendarDate(text: string): string | null {
  const match = DATE.exec(text)
  if (!match) return null
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? text : null
}

/** `2017-07-09T23:30:00-05:00` gives {date: '2017-07-10', utc: '2017-07-10T04:30:00.000Z'}. */
export function parseDateTime(text: string): Instant | null {
  const match = DATE_TIME.exec(text)
  if (!match) return null
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null
  const fraction = match[7] ? Number(match[7].slice(0, 4)) : 0
  const zone = match[8]!
  let offsetMinutes = 0
  if (zone !== 'Z' && zone !== 'z') {
    const [zoneHours, zoneMinutes] = zone.slice(1).split(':').map(Number) as [number, number]
    if (zoneHours > 23 || zoneMinutes > 59) return null
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes)
  }
  const moment = new Date(0)
  moment.setUTCFullYear(year, month - 1, day)
  moment.setUTCHours(hour, minute - offsetMinutes, second, Math.round(fraction * 1000))
  const utc = moment.toISOString()
  // Offsets can carry a date across year 1 or 9999; PostgreSQL and ISO strings both need 4 digits.
  if (!/^\d{4}-/.test(utc) || utc.startsWith('0000')) return null
  return { date: utc.slice(0, 10), utc }
}

/** A date or a date-time, as an instant; a bare date is its first moment in UTC. */
export function parseInstant(text: string): Instant | null {
  const date = parseCalendarDate(text)
  if (date) return { date, utc: `${date}T00:00:00.000Z` }
  return parseDateTime(text)
}

/** A date alone as GDAL writes it (2017-07-09T) or as QGIS does (2017/07/09). */
const CLIENT_DATE = /^(\d{4})-(\d{2})-(\d{2})[Tt]$|^(\d{4})\/(\d{2})\/(\d{2})$/
/** GDAL's shorter times, in UTC (2017-07-09T10Z, 2017-07-09T10:30Z). */
const GDAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2})(?::(\d{2}))?[Zz]$/
/** QGIS's query builder's date-time, without a zone: read as UTC (2017/07/09 10:30:00). */
const QGIS_TIME = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/

/** An instant as desktop GIS sends it, and whether it gave a time of day. */
export interface ClientInstant extends Instant {
  hasTime: boolean
}

/**
 * RFC 3339, or the forms GDAL and QGIS send in filters: `2017-07-09T` (GDAL's date), `2017-07-09T10Z`
 * and `2017-07-09T10:30Z` (GDAL's shorter times), `2017/07/09` and `2017/07/09 10:30:00` (QGIS's query
 * builder, read as UTC). Null for anything else, such as an RFC 3339 time without its zone.
 *
 *   parseClientInstant('2020-01-01T')          -> { date: '2020-01-01', utc: '2020-01-01T00:00:00.000Z', hasTime: false }
 *   parseClientInstant('2020/01/01 00:00:00')  -> { date: '2020-01-01', utc: '2020-01-01T00:00:00.000Z', hasTime: true }
 */
export function parseClientInstant(text: string): ClientInstant | null {
  const date = parseCalendarDate(text)
  if (date) return { date, utc: `${date}T00:00:00.000Z`, hasTime: false }
  const strict = parseDateTime(text)
  if (strict) return { ...strict, hasTime: true }
  const dateOnly = CLIENT_DATE.exec(text)
  if (dateOnly) {
    const [year, month, day] = dateOnly[1] ? dateOnly.slice(1, 4) : dateOnly.slice(4, 7)
    const calendarDate = parseCalendarDate(`${year}-${month}-${day}`)
    return calendarDate ? { date: calendarDate, utc: `${calendarDate}T00:00:00.000Z`, hasTime: false } : null
  }
  const time = GDAL_TIME.exec(text) ?? QGIS_TIME.exec(text)
  if (!time) return null
  const [, year, month, day, hour, minute = '00', second = '00'] = time
  const instant = parseDateTime(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`)
  return instant ? { ...instant, hasTime: true } : null
}
