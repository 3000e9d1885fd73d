import { formatDate, formatDatesIn } from '../dates.ts'
import { el, replaceChildren } from '../dom.ts'
import { LOCALE, t } from '../i18n/index.ts'
import type { IncidentPeriod, IndicatorState, ZoneIncidents } from '../incidents/incident-types.ts'
import { isStatus } from '../../../server/domain/statuses.ts'
import { STATUS_LABELS } from '../labels.ts'
import { incidentChart } from './incident-chart.ts'

/** The indicator's states in words: the word is always shown, the colour only repeats it. */
export const INDICATOR_LABELS: Record<IndicatorState, string> = {
  holding: t('incidents.holding'),
  strained: t('incidents.strained'),
  broken: t('incidents.broken'),
  unknown: t('incidents.unknown'),
}

const RATE = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 })
const CHANGE = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' })

/**
 * The card's incidents (GET /zones/{id}/incidents): whether the truce is holding on the map's date,
 * why (the counts of the last 30 days) and by what rule (folded, for who asks), the incidents month
 * by month across the zone's timeline, the incidents of each status period against the one before,
 * and a link to the incidents themselves as GeoJSON. A zone without any incident says so.
 */
export function incidentsSection(): HTMLElement {
  return el(
    'section',
    { class: 'ta-card-section ta-card-incidents', 'aria-label': t('incidents.heading') },
    el('h3', {}, t('incidents.heading')),
    el('div', { class: 'ta-card-incident-body' }, el('p', { class: 'ta-muted', role: 'status' }, t('incidents.loading'))),
  )
}

/** Puts the zone's incidents into the card shown (`date`: the day they were asked for). */
export function fillIncidents(card: HTMLElement, incidents: ZoneIncidents | Error, date: string): void {
  const holder = card.querySelector('.ta-card-incident-body')
  if (!holder) return
  if (incidents instanceof Error) {
    holder.replaceChildren(el('p', { class: 'ta-error', role: 'alert' }, t('incidents.failed', { reason: incidents.message })))
    return
  }
  // The months run over the zone's whole timeline, empty ones included: none with an event is no incident data.
  if (!incidents.months.some((month) => month.events > 0)) {
    replaceChildren(holder, el('p', { class: 'ta-muted ta-incidents-none' }, t('incidents.none')), indicator(incidents), ruleDetails(incidents))
    return
  }
  replaceChildren(
    holder,
    indicator(incidents),
    ruleDetails(incidents),
    incidentChart({ months: incidents.months, periods: incidents.periods, before: incidents.before, date }),
    periodList(incidents.periods),
    geojsonLink(incidents),
  )
}

function indicator({ indicator }: ZoneIncidents): HTMLElement {
  return el(
    'div',
    { class: 'ta-indicator', 'data-state': indicator.state },
    el(
      'p',
      { class: 'ta-indicator-head' },
      el('span', { class: 'ta-indicator-state' }, INDICATOR_LABELS[indicator.state] ?? indicator.state),
      ` ${t('incidents.onDate', { date: formatDate(indicator.as_of) })}`,
    ),
    el('p', { class: 'ta-indicator-reason' }, formatDatesIn(indicator.reason)),
  )
}

function ruleDetails({ rule, indicator }: ZoneIncidents): HTMLElement {
  return el(
    'details',
    { class: 'ta-indicator-rule' },
    el('summary', {}, t('incidents.howJudged')),
    el('p', {}, indicator.rule || rule.indicator),
    rule.inside ? el('p', {}, rule.inside) : null,
  )
}

function periodList(periods: readonly IncidentPeriod[]): HTMLElement | null {
  if (periods.length === 0) return null
  return el(
    'ol',
    { class: 'ta-incident-periods', 'aria-label': t('incidents.periods') },
    ...periods.map((period) =>
      el(
        'li',
        { class: 'ta-incident-period', 'data-status': period.status },
        el('strong', {}, isStatus(period.status) ? STATUS_LABELS[period.status] : period.status),
        ` ${t('incidents.periodText', { from: formatDate(period.from), to: formatDate(period.to), events: period.events, deaths: period.fatalities, rate: RATE.format(period.rate_per_30_days) })}`,
        // change is this rate over the one before: 0.45 reads "−55%".
        period.change !== null && Number.isFinite(period.change) ? el('span', { class: 'ta-incident-change' }, ` ${t('incidents.periodChange', { change: CHANGE.format(period.change - 1) })}`) : null,
      ),
    ),
  )
}

/** The incidents inside the zone as GeoJSON: the API's own link if it gives one, else /incidents for the zone. */
function geojsonLink(incidents: ZoneIncidents): HTMLElement {
  const given = incidents.links.find((link) => link.type === 'application/geo+json' && link.rel !== 'self')?.href
  const href = given ? sameOriginPath(given) : `/incidents?zone=${encodeURIComponent(String(incidents.zone.id))}`
  return el('p', { class: 'ta-incident-download' }, el('a', { href, type: 'application/geo+json' }, t('incidents.geojson')))
}

/** A link of the API as a path of this page's origin; another origin's link is kept only if it is http(s). */
function sameOriginPath(href: string): string {
  try {
    const url = new URL(href, window.location.origin)
    if (url.origin === window.location.origin) return url.pathname + url.search
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '#'
  } catch {
    return '#'
  }
}
