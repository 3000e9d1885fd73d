import type { ZoneFeature } from '../api-types.ts'
import { formatDate } from '../dates.ts'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { STATUS_LABELS } from '../labels.ts'

/**
 * The embed's popup of a zone: its name, status since when, the dates it was proposed, in force
 * and ended, and a link to the full map at this zone, in a new tab (the embed sits in another site).
 */
export function zonePopup(zone: ZoneFeature, mapLink: string): HTMLElement {
  const p = zone.properties
  const dates = [
    p.proposed_on ? t('embed.proposed', { date: formatDate(p.proposed_on) }) : null,
    p.in_force_from ? t('embed.inForce', { date: formatDate(p.in_force_from) }) : null,
    p.ended_on ? t('embed.ended', { date: formatDate(p.ended_on) }) : null,
  ].filter((line): line is string => line !== null)
  return el(
    'div',
    { class: 'ta-embed-popup', 'data-zone': p.slug },
    el('h2', { class: 'ta-embed-popup-name' }, p.name),
    el('p', { class: 'ta-embed-popup-status', 'data-status': p.status }, t('embed.status', { status: STATUS_LABELS[p.status], date: formatDate(p.status_since) })),
    dates.length > 0 ? el('ul', { class: 'ta-embed-popup-dates' }, ...dates.map((line) => el('li', {}, line))) : null,
    p.approximate ? el('p', { class: 'ta-embed-popup-note' }, t('embed.approximate')) : null,
    el('a', { href: mapLink, target: '_blank', rel: 'noopener', title: t('embed.openTitle') }, t('embed.open')),
  )
}
