import { isStatus } from '../../../server/domain/statuses.ts'
import { formatDate } from '../dates.ts'
import { el, svg, uniqueId } from '../dom.ts'
import { t } from '../i18n/index.ts'
import type { IncidentMonth, IncidentPeriod, ZoneIncidents } from '../incidents/incident-types.ts'
import { STATUS_LABELS } from '../labels.ts'
import { STATUS_COLOURS } from '../map/zone-style.ts'

export interface IncidentChartInput {
  months: readonly IncidentMonth[]
  periods: readonly IncidentPeriod[]
  /** The days before the zone's first entry that its first period is compared with, drawn as a grey band. */
  before?: ZoneIncidents['before']
  /** The day marked on the chart (the map's date). */
  date: string
}

/** The chart's drawing box, in SVG units; it stretches to the card's width. */
const WIDTH = 320
const HEIGHT = 90
/** More months than this (thirty years) show only the latest ones. */
export const MAX_CHART_MONTHS = 360
const BAR_COLOUR = '#2b2b40'
const DATE_COLOUR = '#a3130c'

/**
 * The incidents inside a zone month by month across its timeline, as a bar chart drawn in SVG with
 * the DOM: one bar per month (months without incidents too, at zero), the zone's status periods as
 * tinted bands behind the bars, and the map's date as a line. Every bar carries its month and
 * counts as a tooltip; the chart has a title and a summary in words for screen readers, also shown
 * as its caption.
 */
export function incidentChart({ months, periods, before, date }: IncidentChartInput): HTMLElement {
  const span = monthSpan(months, periods)
  const counts = new Map(months.map((month) => [month.month, month]))
  const max = Math.max(1, ...span.map((month) => counts.get(month)?.events ?? 0))
  const step = WIDTH / span.length
  const x = (month: string) => span.indexOf(month) * step
  const titleId = uniqueId('ta-chart-title')
  const descId = uniqueId('ta-chart-desc')
  const summary = summaryText(span, counts, date)

  const stretches = [...(before ? [{ ...before, status: 'before' }] : []), ...periods]
  const bands = stretches.flatMap((period) => {
    const from = clampMonth(period.from.slice(0, 7), span)
    const to = clampMonth(period.to.slice(0, 7), span)
    if (from === null || to === null) return []
    const colour = isStatus(period.status) ? STATUS_COLOURS[period.status] : '#888888'
    const label = isStatus(period.status) ? STATUS_LABELS[period.status] : t('chart.beforeZone')
    return [
      svg(
        'rect',
        { class: 'ta-chart-band', 'data-status': period.status, x: x(from), y: 0, width: x(to) - x(from) + step, height: HEIGHT, fill: colour, 'fill-opacity': 0.16 },
        svg('title', {}, t('chart.band', { label, from: formatDate(period.from), to: formatDate(period.to) })),
      ),
    ]
  })
  const bars = span.map((month, index) => {
    const counted = counts.get(month)
    const events = counted?.events ?? 0
    const height = (events / max) * (HEIGHT - 6)
    return svg(
      'rect',
      { class: 'ta-incident-bar', 'data-month': month, 'data-events': events, x: index * step + step * 0.1, y: HEIGHT - height, width: step * 0.8, height, fill: BAR_COLOUR },
      svg('title', {}, t('chart.bar', { month: formatDate(`${month}-01`, 'month'), events, deaths: counted?.fatalities ?? 0 })),
    )
  })
  const dateMonth = date.slice(0, 7)
  const marker =
    span.includes(dateMonth)
      ? svg(
          'line',
          {
            class: 'ta-chart-date',
            x1: x(dateMonth) + step * dayFraction(date),
            x2: x(dateMonth) + step * dayFraction(date),
            y1: 0,
            y2: HEIGHT,
            stroke: DATE_COLOUR,
            'stroke-width': 2,
            'stroke-dasharray': '4 2',
            'vector-effect': 'non-scaling-stroke',
          },
          svg('title', {}, t('chart.date', { date: formatDate(date) })),
        )
      : null

  const chart = svg(
    'svg',
    { class: 'ta-incident-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-labelledby': `${titleId} ${descId}` },
    svg('title', { id: titleId }, t('chart.title')),
    svg('desc', { id: descId }, summary),
    svg('g', { class: 'ta-chart-bands' }, ...bands),
    svg('g', { class: 'ta-chart-bars' }, ...bars),
    marker,
  )
  return el(
    'figure',
    { class: 'ta-incident-figure' },
    chart,
    el('div', { class: 'ta-chart-axis', 'aria-hidden': 'true' }, el('span', {}, monthLabel(span[0]!)), el('span', {}, t('chart.most', { count: max })), el('span', {}, monthLabel(span.at(-1)!))),
    el('figcaption', { class: 'ta-chart-caption' }, summary, ` ${t('chart.caption')}`),
  )
}

/** Every month from the first of the zone's periods or incidents to the last, at most MAX_CHART_MONTHS of them. */
function monthSpan(months: readonly IncidentMonth[], periods: readonly IncidentPeriod[]): string[] {
  const ends = [...months.map((month) => month.month), ...periods.flatMap((period) => [period.from.slice(0, 7), period.to.slice(0, 7)])].filter((month) => /^\d{4}-(0[1-9]|1[0-2])$/.test(month)).sort()
  const first = ends[0]
  const last = ends.at(-1)
  if (!first || !last) return []
  const span: string[] = []
  let [year, month] = last.split('-').map(Number) as [number, number]
  for (let label = last; label >= first && span.length < MAX_CHART_MONTHS; ) {
    span.unshift(label)
    month -= 1
    if (month === 0) {
      month = 12
      year -= 1
    }
    label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`
  }
  return span
}

/** A month of a period within the chart's span, or null when the period lies wholly outside it. */
function clampMonth(month: string, span: readonly string[]): string | null {
  if (span.length === 0) return null
  if (month < span[0]!) return span[0]!
  if (month > span.at(-1)!) return span.at(-1)!
  return month
}

/** How far into its month a day is (0 on the first, nearly 1 on the last). */
function dayFraction(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return (date - 0.5) / length
}

function summaryText(span: readonly string[], counts: ReadonlyMap<string, IncidentMonth>, date: string): string {
  const inSpan = span.map((month) => counts.get(month)).filter((month): month is IncidentMonth => Boolean(month))
  const total = inSpan.reduce((sum, month) => sum + month.events, 0)
  const deaths = inSpan.reduce((sum, month) => sum + month.fatalities, 0)
  const busiest = inSpan.reduce<IncidentMonth | null>((best, month) => (month.events > (best?.events ?? 0) ? month : best), null)
  const values = { first: monthLabel(span[0]!), last: monthLabel(span.at(-1)!), total, deaths, date: formatDate(date) }
  return busiest ? t('chart.summaryMost', { ...values, month: formatDate(`${busiest.month}-01`, 'month'), most: busiest.events }) : t('chart.summary', values)
}

function monthLabel(month: string): string {
  return formatDate(`${month}-01`, 'month')
}
