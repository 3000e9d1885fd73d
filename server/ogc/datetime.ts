import { badRequest } from '../http/problem.ts'
import { parseInstant, type Instant } from './rfc3339.ts'

/**
 * The `datetime` parameter of /items (OGC API - Features Part 1): an instant, or an interval `a/b`
 * whose open ends are `..` or empty. Zones are dated by the day, so the range is kept as UTC
 * calendar dates, both ends included; null is an open end.
 *
 *   parseDatetime('2017-07-08')                 -> { from: '2017-07-08', to: '2017-07-08' }
 *   parseDatetime('2018-01-01T00:00:00Z/..')    -> { from: '2018-01-01', to: null }
 */
export interface DateRange {
  from: string | null
  to: string | null
}

const WHERE = 'query.datetime'
const OPEN = new Set(['..', ''])

function instant(text: string): Instant {
  const parsed = parseInstant(text)
  if (!parsed) {
    throw badRequest(WHERE, `${JSON.stringify(text)} is not an RFC 3339 date (2017-07-09) or date-time (2017-07-09T12:00:00Z)`)
  }
  return parsed
}

export function parseDatetime(text: string): DateRange {
  const parts = text.split('/')
  if (parts.length === 1) {
    if (OPEN.has(text)) throw badRequest(WHERE, 'give an instant, or an interval start/end with .. for an open end')
    const { date } = instant(text)
    return { from: date, to: date }
  }
  if (parts.length > 2) throw badRequest(WHERE, 'an interval has one slash: start/end')
  const [start, end] = parts.map((part) => (OPEN.has(part) ? null : instant(part))) as [Instant | null, Instant | null]
  if (start && end && start.utc > end.utc) throw badRequest(WHERE, `the interval ends (${parts[1]}) before it starts (${parts[0]})`)
  return { from: start?.date ?? null, to: end?.date ?? null }
}
