import { formatDate } from '../dates.ts'
import { el } from '../dom.ts'
import { eventTypeLabel } from '../incidents/event-type-labels.ts'
import { LOCALE, t, tNodes } from '../i18n/index.ts'
import type { IncidentProperties } from '../incidents/incident-types.ts'

const COUNT = new Intl.NumberFormat(LOCALE)

const PRECISION_NOTES: Record<IncidentProperties['location_precision'], string | null> = {
  exact: null,
  approximate: t('incidents.approximate'),
  region: t('incidents.region'),
}

/** The datasets as their makers name them. */
const DATASET_NAMES: Readonly<Record<string, string>> = { acled: 'ACLED', 'ucdp-ged': 'UCDP GED', atlas: t('page.name') }

/**
 * What a click on an incident shows: its date (or range), type, actors, fatalities (best estimate
 * and range), place, source, and the dataset with its event id. Every value is set as text.
 */
export function incidentPopupContent(p: IncidentProperties): HTMLElement {
  const row = (term: string, ...details: (Node | string | null)[]) => [el('dt', {}, term), el('dd', {}, ...details)]
  const actors = [p.actor1, p.actor2].filter((actor): actor is string => Boolean(actor))
  return el(
    'article',
    { class: 'ta-incident-popup', 'data-incident': p.slug },
    el('h3', { class: 'ta-incident-type' }, eventTypeLabel(p.event_type)),
    el(
      'dl',
      { class: 'ta-incident-facts' },
      ...row(t('incidents.date'), dateText(p)),
      ...(actors.length ? row(t('incidents.actors'), actors.join(' – ')) : []),
      ...row(t('incidents.fatalities'), fatalitiesText(p)),
      ...(p.place ? row(t('incidents.place'), p.place) : []),
      ...(p.source_name ? row(t('incidents.source'), p.source_name) : []),
      ...row(t('incidents.record'), `${DATASET_NAMES[p.dataset] ?? p.dataset} ${p.event_id}`),
    ),
    PRECISION_NOTES[p.location_precision] ? el('p', { class: 'ta-incident-precision' }, PRECISION_NOTES[p.location_precision]) : null,
  )
}

function dateText(p: IncidentProperties): HTMLElement {
  const from = el('time', { datetime: p.occurred_on }, formatDate(p.occurred_on))
  if (!p.occurred_until || p.occurred_until === p.occurred_on) return from
  const until = el('time', { datetime: p.occurred_until }, formatDate(p.occurred_until))
  return el('span', {}, ...tNodes('incidents.dateRange', { from, to: until }))
}

/** "3 (2–5)", "3", "2–5", or "not reported". */
export function fatalitiesText(p: Pick<IncidentProperties, 'fatalities_best' | 'fatalities_low' | 'fatalities_high'>): string {
  const range = p.fatalities_low !== null && p.fatalities_high !== null && p.fatalities_low !== p.fatalities_high ? `${COUNT.format(p.fatalities_low)}–${COUNT.format(p.fatalities_high)}` : null
  if (p.fatalities_best === null) return range ?? t('incidents.notReported')
  return range ? `${COUNT.format(p.fatalities_best)} (${range})` : COUNT.format(p.fatalities_best)
}
