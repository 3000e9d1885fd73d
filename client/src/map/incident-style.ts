import { ACLED_EVENT_TYPES, REPORTED_VIOLATIONS } from '../../../server/domain/incidents.ts'
import { el, svg } from '../dom.ts'
import { eventTypeLabel, UCDP_TYPES } from '../incidents/event-type-labels.ts'
import { t } from '../i18n/index.ts'
import type { IncidentProperties } from '../incidents/incident-types.ts'

/**
 * How the map paints incidents: a small circle in the colour of its event type (the Okabe–Ito
 * colours, told apart by readers with colour-blindness), hollow when the incident is placed only
 * to a region, and clusters as dark discs sized by their count with the count written on them.
 */

export const EVENT_TYPE_COLOURS: Readonly<Record<string, string>> = {
  [ACLED_EVENT_TYPES[0]]: '#d55e00', // Battles
  [ACLED_EVENT_TYPES[1]]: '#cc79a7', // Explosions/Remote violence
  [ACLED_EVENT_TYPES[2]]: '#b8860b', // Violence against civilians
  [ACLED_EVENT_TYPES[3]]: '#0072b2', // Protests
  [ACLED_EVENT_TYPES[4]]: '#56b4e9', // Riots
  [ACLED_EVENT_TYPES[5]]: '#009e73', // Strategic developments
  [UCDP_TYPES[0]]: '#d55e00',
  [UCDP_TYPES[1]]: '#e69f00',
  [UCDP_TYPES[2]]: '#b8860b',
  [REPORTED_VIOLATIONS]: '#6a3d9a',
}

/** Event types the legend lists, in its order. */
const LEGEND_TYPES: readonly string[] = [...ACLED_EVENT_TYPES, REPORTED_VIOLATIONS]

/** Any other event type. */
export const OTHER_COLOUR = '#555555'
export const CLUSTER_COLOUR = '#2b2b40'

export function colourOf(eventType: string): string {
  return Object.hasOwn(EVENT_TYPE_COLOURS, eventType) ? EVENT_TYPE_COLOURS[eventType]! : OTHER_COLOUR
}

/** The circle of one incident; placed only to a region, it is hollow. */
export function incidentCircle(p: Pick<IncidentProperties, 'event_type' | 'location_precision'>): { radius: number; color: string; weight: number; fillColor: string; fillOpacity: number; fill: boolean } {
  const colour = colourOf(p.event_type)
  if (p.location_precision === 'region') return { radius: 6, color: colour, weight: 2.5, fillColor: colour, fillOpacity: 0, fill: false }
  return { radius: 5, color: '#ffffff', weight: 1, fillColor: colour, fillOpacity: 0.95, fill: true }
}

/** A cluster's radius in pixels: it grows with the logarithm of its count, 12 px for two, 28 from about 500. */
export function clusterRadius(count: number): number {
  return Math.min(28, 10 + 2 * Math.log2(Math.max(2, count)))
}

/** The incidents' part of the legend: the event types, the clusters and what a hollow circle means. */
export function incidentsLegend(): HTMLElement[] {
  const dot = (fill: string, stroke: string, hollow = false) =>
    svg(
      'svg',
      { class: 'ta-swatch', width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true', focusable: 'false' },
      svg('circle', { cx: 14, cy: 9, r: hollow ? 5 : 5.5, fill: hollow ? 'none' : fill, stroke, 'stroke-width': hollow ? 2.5 : 1 }),
    )
  const row = (swatch: Element, label: string) => el('li', {}, swatch, el('span', { class: 'ta-legend-label' }, label))
  return [
    el('h2', { class: 'ta-legend-heading' }, t('incidents.overlay')),
    el(
      'ul',
      { class: 'ta-legend-list ta-legend-incidents', 'aria-label': t('incidents.byType') },
      ...LEGEND_TYPES.map((type) => row(dot(colourOf(type), '#ffffff'), eventTypeLabel(type))),
      row(dot(OTHER_COLOUR, '#ffffff'), t('incidents.other')),
      row(dot('none', '#3d3d3d', true), t('incidents.regionOnly')),
      row(
        svg(
          'svg',
          { class: 'ta-swatch', width: 28, height: 18, viewBox: '0 0 28 18', 'aria-hidden': 'true', focusable: 'false' },
          svg('circle', { cx: 14, cy: 9, r: 8, fill: CLUSTER_COLOUR, 'fill-opacity': 0.85, stroke: '#ffffff', 'stroke-width': 1.5 }),
        ),
        t('incidents.cluster'),
      ),
    ),
  ]
}
