import { badRequest } from '../http/problem.ts'
import { parseClientInstant, type Instant } from './rfc3339.ts'

/**
 * The `datetime` parameter of /items (OGC API - Features Part 1): an instant, or an interval `a/b`
 * whose open ends are `..` or empty. Zones are dated by the day, so the range is kept as UTC
 * calendar dates, both ends included; null is an open end.
 *
 * Besides RFC 3339 it takes what desktop GIS sends (see parseClientInstant): GDAL's `2020-01-01T`,
 * and QGIS's stand-ins for an open end, `0000-01-01T00:00:00Z` at the start and any time on
 * 9999-12-31 at the end.
 *
 *   parseDatetime('2017-07-08')                          -> { from: '2017-07-08', to: '2017-07-08' }
 *   parseDatetime('2018-01-01T00:00:00Z/..')             -> { from: '2018-01-01', to: null }
 *   parseDatetime('2020-01-01/9999-12-31T00:00:00Z')     -> { from: '2020-01-01', to: null }
 */
export interface DateRange {
  from: string | null
  to: string | null
}

const WHERE = 'query.datetime'
const OPEN = new Set(['..', ''])
/** QGIS's lower bound for "no start": year 0, which is no date at all here. */
const OPEN_START = /^0000-01-01([Tt]00:00:00(\.0+)?[Zz])?$/
/** The last day of the calendar, which QGIS sends for "no end". */
const LAST_DAY = '9999-12-31'

function instant(text: string): Instant {
  const parsed = parseClientInstant(text)
  if (!parsed) {
    throw badRequest(WHERE, `${JSON.stringify(text)} is not an RFC 3339 date (2017-07-09) or date-time (2017-07-09T12:00:00Z)`)
  }
  return parsed
}

function start(text: string): Instant | null {
  return OPEN.has(text) || OPEN_START.test(text) ? null : instant(text)
}

function end(text: string): Instant | null {
  if (OPEN.has(text)) return null
  const parsed = instant(text)
  return parsed.date === LAST_DAY ? null : parsed
}

export function parseDatetime(text: string): DateRange {
  const parts = text.split('/')
  if (parts.length === 1) {
    if (OPEN.has(text)) throw badRequest(WHERE, 'give an instant, or an interval start/end with .. for an open end')
    const { date } = instant(text)
    return { from: date, to: date }
  }
  if (parts.length > 2) throw badRequest(WHERE, 'an interval has one slash: start/end')
  const from = start(parts[0]!)
  const to = end(parts[1]!)
  if (from && to && from.utc > to.utc) throw badRequest(WHERE, `the interval ends (${parts[1]}) before it starts (${parts[0]})`)
  return { from: from?.date ?? null, to: to?.date ?? null }
}
