import type { HistoryEntry } from './history.ts'
import type { Status } from './statuses.ts'

/**
 * A zone's timeline in days: the periods of its statuses, and the window before its first entry
 * that the first period is compared with. Days are 'YYYY-MM-DD' strings, both ends included.
 *
 *   statusPeriods([{ from_status: null, to_status: 'active', effective_on: '2017-05-06' }], '2017-06-04')
 *   // [{ status: 'active', from: '2017-05-06', to: '2017-06-04', days: 30 }]
 *   beforeWindow({ from: '2017-05-06', days: 30 }) // { from: '2017-04-06', to: '2017-05-05', days: 30 }
 */

export interface DayWindow {
  from: string
  to: string
  /** How many days the window holds, both ends included. */
  days: number
}

export interface StatusPeriod extends DayWindow {
  status: Status
}

/**
 * The longest window before a zone's first entry: a year is enough to show what the zone was
 * created against, and keeps a zone whose first period is decades long from reading decades back.
 */
export const BEFORE_WINDOW_MAX_DAYS = 365

const DAY_MS = 86_400_000

const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS

/** The day `count` days after `day` (before it when negative). */
export function addDays(day: string, count: number): string {
  return new Date((dayNumber(day) + count) * DAY_MS).toISOString().slice(0, 10)
}

/** How many days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysIn(from: string, to: string): number {
  return Math.max(0, dayNumber(to) - dayNumber(from) + 1)
}

/**
 * The periods of a zone's effective history (oldest first, see effectiveHistory) up to `asOf`: each
 * from an entry's day to the day before the next entry's, the last one to `asOf`. Entries after
 * `asOf` are not yet in effect; of several entries on one day, the last one holds the day.
 */
export function statusPeriods(history: readonly HistoryEntry[], asOf: string): StatusPeriod[] {
  const due = history.filter((entry) => entry.effective_on <= asOf)
  return due.flatMap((entry, index) => {
    const next = due[index + 1]
    const to = next ? addDays(next.effective_on, -1) : asOf
    const days = daysIn(entry.effective_on, to)
    return days === 0 ? [] : [{ status: entry.to_status, from: entry.effective_on, to, days }]
  })
}

/** The window the first period is compared with: as long as it (at most a year), ending the day before it. */
export function beforeWindow(first: Pick<DayWindow, 'from' | 'days'>): DayWindow {
  const days = Math.min(first.days, BEFORE_WINDOW_MAX_DAYS)
  return { from: addDays(first.from, -days), to: addDays(first.from, -1), days }
}

/** The zone's status on `day` by its periods, or null before the first. */
export function statusOn(periods: readonly StatusPeriod[], day: string): Status | null {
  return periods.find((period) => period.from <= day && day <= period.to)?.status ?? null
}

/** The months ('YYYY-MM') from the one holding `from` to the one holding `to`, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = []
  let year = Number(from.slice(0, 4))
  let month = Number(from.slice(5, 7))
  const last = to.slice(0, 7)
  for (;;) {
    const label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
    if (label > last) return months
    months.push(label)
    month = month === 12 ? 1 : month + 1
    if (month === 1) year += 1
  }
}
