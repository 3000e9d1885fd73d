import { effectiveHistory } from '../domain/history.ts'
import { coversWindow, mergeCoverage, type CoveredRange } from '../domain/import-coverage.ts'
import { incidentIndicator, indicatorWindow, INDICATOR_RULE, INDICATOR_RULE_TEXT, type Indicator } from '../domain/incident-indicator.ts'
import { UNCERTAINTY_KM } from '../domain/incidents.ts'
import { addDays, beforeWindow, monthsBetween, statusOn, statusPeriods, type DayWindow } from '../domain/status-periods.ts'
import type { Status } from '../domain/statuses.ts'
import type { CountWindow, WindowTypeCount, ZoneIncidentsRepository } from '../storage/repositories/zone-incidents-repository.ts'

/**
 * A zone's incidents summed up (GET /zones/{id}/incidents): per period of its statuses, each
 * compared with the one before (the first with a window before the zone), per month for a chart,
 * the days imports covered, and the indicator for the last 30 days. Two statements: the zone's
 * timeline, then every count grouped in SQL.
 */

/** Which incidents a zone counts, in plain words (the SQL is incidentInsideZoneSql). */
export const INSIDE_RULE_TEXT =
  "An incident counts inside the zone when all of the place where it may have happened lies inside the zone's outline in force on the incident's first day: " +
  `the point itself when the place is exact, a circle of ${UNCERTAINTY_KM.approximate} km around it when approximate, ${UNCERTAINTY_KM.region} km when only the region is known, ` +
  "or the area recorded. So an incident placed only in a region does not count in a small zone. Each incident counts on its first day; one that happened before the zone's first entry counts in the window before."

export interface TypeCount {
  event_type: string
  events: number
  fatalities: number
}

export interface WindowCounts extends DayWindow {
  records: number
  events: number
  fatalities: number
  rate_per_30_days: number
  by_type: TypeCount[]
}

export interface PeriodCounts {
  status: Status
  from: string
  to: string
  days: number
  records: number
  events: number
  fatalities: number
  rate_per_30_days: number
  previous_rate_per_30_days: number
  change: number | null
  by_type: TypeCount[]
}

export interface MonthCounts {
  month: string
  events: number
  fatalities: number
  by_type: Record<string, number>
}

export interface ZoneIncidentSummary {
  zone: { id: number; slug: string; name: string }
  as_of: string
  rule: { inside: string; indicator: string }
  coverage: CoveredRange[]
  before: WindowCounts | null
  periods: PeriodCounts[]
  months: MonthCounts[]
  indicator: Indicator
  dataVersion: number
}

const round2 = (value: number): number => Math.round(value * 100) / 100

/** Events per 30 days over a window (unrounded). */
const ratePer30Days = (events: number, days: number): number => (events * 30) / days

function windowCounts(window: DayWindow, rows: readonly WindowTypeCount[]): WindowCounts {
  const sum = (key: 'records' | 'events' | 'fatalities') => rows.reduce((total, row) => total + Number(row[key]), 0)
  const events = sum('events')
  return {
    ...window, records: sum('records'), events, fatalities: sum('fatalities'), rate_per_30_days: round2(ratePer30Days(events, window.days)),
    by_type: rows.map((row) => ({ event_type: row.event_type, events: Number(row.events), fatalities: Number(row.fatalities) })),
  }
}

/** The summary of the zone `idOrSlug` up to `asOf`, or null when there is no such zone (or it is archived). */
export async function zoneIncidentSummary(repository: ZoneIncidentsRepository, idOrSlug: number | string, asOf: string): Promise<ZoneIncidentSummary | null> {
  const zone = await repository.timeline(idOrSlug)
  if (!zone) return null
  const periods = statusPeriods(effectiveHistory(zone.history), asOf)
  const before = periods[0] ? beforeWindow(periods[0]) : null
  const indicatorDays = indicatorWindow(asOf)
  // Windows by number: 0 the one before, 1.. the periods, then the indicator's.
  const windows: CountWindow[] = [
    ...(before ? [{ n: 0, from: before.from, to: before.to }] : []),
    ...periods.map((period, index) => ({ n: index + 1, from: period.from, to: period.to })),
    { n: periods.length + 1, ...indicatorDays },
  ]
  const first = before && before.from < indicatorDays.from ? before.from : indicatorDays.from
  const counted = await repository.counts(zone.id, windows, { first, last: asOf, monthsFrom: before?.from ?? addDays(asOf, 1) })
  const rowsOf = (n: number) => counted.windows.filter((row) => row.n === n)

  const beforeCounts = before ? windowCounts(before, rowsOf(0)) : null
  let previousRate = beforeCounts ? ratePer30Days(beforeCounts.events, beforeCounts.days) : 0
  const periodCounts = periods.map((period, index): PeriodCounts => {
    const { by_type: byType, ...counts } = windowCounts(period, rowsOf(index + 1))
    const rate = ratePer30Days(counts.events, counts.days)
    const summary = { status: period.status, ...counts, previous_rate_per_30_days: round2(previousRate), change: previousRate > 0 ? round2(rate / previousRate) : null, by_type: byType }
    previousRate = rate
    return summary
  })

  const months = before ? monthsBetween(before.from, asOf).map((month): MonthCounts => {
    const rows = counted.months.filter((row) => row.month === month)
    return {
      month,
      events: rows.reduce((total, row) => total + Number(row.events), 0),
      fatalities: rows.reduce((total, row) => total + Number(row.fatalities), 0),
      by_type: Object.fromEntries(rows.map((row) => [row.event_type, Number(row.events)])),
    }
  }) : []

  const coverage = mergeCoverage(zone.imports)
  const inWindow = windowCounts({ ...indicatorDays, days: INDICATOR_RULE.windowDays }, rowsOf(periods.length + 1))
  const indicator = incidentIndicator({
    asOf, events: inWindow.events, fatalities: inWindow.fatalities, covered: coversWindow(coverage, indicatorDays.from, indicatorDays.to),
    hasOutline: zone.hasOutline, zoneStatus: statusOn(periods, asOf),
  })
  return {
    zone: { id: zone.id, slug: zone.slug, name: zone.name }, as_of: asOf, rule: { inside: INSIDE_RULE_TEXT, indicator: INDICATOR_RULE_TEXT },
    coverage, before: beforeCounts, periods: periodCounts, months, indicator, dataVersion: zone.dataVersion,
  }
}
