import { SPONSOR_ROLES, type Role } from '../../../server/domain/parties.ts'
import type { HistoryEntry, SourceRef, ZoneFeature } from '../api-types.ts'
import { statusSwatch } from '../controls/legend-control.ts'
import { formatDate } from '../dates.ts'
import { el, externalLink } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { Footnotes } from './footnotes.ts'
import { KIND_LABELS, ROLE_LABELS, STATUS_LABELS } from '../labels.ts'
import { agreementsSection } from './card-agreements.ts'
import { boundariesSection } from './card-boundaries.ts'
import { siegeSection } from './card-sieges.ts'
import { incidentsSection } from './card-incidents.ts'
import { recordedText } from './recorded-text.ts'
import { citeSection } from './card-cite.ts'
import { formatArea } from './area.ts'
import { sourceGrade } from './source-grade.ts'

export { fillBoundaries } from './card-boundaries.ts'
export { fillIncidents } from './card-incidents.ts'

export interface ZoneCardInput {
  feature: ZoneFeature
  /** The zone's status changes, oldest first; null while loading, an Error if they failed. */
  history: HistoryEntry[] | null | Error
  /** The date the map shows (null: the latest state). */
  date: string | null
  /** True when the zone did not exist yet on `date` and the card shows its latest state instead. */
  notYetOnDate?: boolean
  /** The record as it stood then (the link's recorded_as_of), or null for the record as it is. */
  recorded?: string | null
}

export interface ZoneCardActions {
  onClose: () => void
  /** Absent for zones without a geometry. */
  onShowOnMap?: () => void
  /** A control to show with a timeline entry (for editors: undo the latest change), or null. */
  timelineAction?: TimelineAction
}

export type TimelineAction = (entry: HistoryEntry, history: readonly HistoryEntry[]) => HTMLElement | null

/**
 * The card of the selected zone: name, status and since when, sponsors and the other parties with
 * their roles, dates, area, the status timeline (inferred statuses and date precision shown as such)
 * and the sources as links. Every value from the API is set as text.
 */
export function renderZoneCard(input: ZoneCardInput, actions: ZoneCardActions): HTMLElement {
  const { feature, date } = input
  const p = feature.properties
  const titleId = `ta-card-title-${feature.id}`
  const back = el('button', { type: 'button', class: 'ta-button ta-card-back' }, t('card.back'))
  back.addEventListener('click', actions.onClose)
  const showOnMap = actions.onShowOnMap ? el('button', { type: 'button', class: 'ta-button ta-card-zoom' }, t('card.showOnMap')) : null
  if (showOnMap && actions.onShowOnMap) showOnMap.addEventListener('click', actions.onShowOnMap)
  // The description and the outline note share one numbering of the sources they cite.
  const footnotes = new Footnotes(p.citations)
  const description = p.description ? el('p', { class: 'ta-card-description' }, ...footnotes.text(p.description)) : null
  const facts = el('dl', { class: 'ta-card-facts' }, ...partiesFacts(feature), ...dateFacts(feature), ...locationFacts(feature, footnotes))

  return el(
    'article',
    { class: 'ta-card', 'aria-labelledby': titleId, 'data-zone': p.slug },
    el('div', { class: 'ta-card-bar' }, back, showOnMap),
    el('h2', { id: titleId, class: 'ta-card-title', tabindex: -1 }, p.name),
    el('p', { class: 'ta-card-kind' }, KIND_LABELS[p.kind]),
    el(
      'p',
      { class: 'ta-card-status', 'data-status': p.status },
      statusSwatch(p.status),
      el('strong', {}, STATUS_LABELS[p.status]),
      ` ${t('card.since', { date: formatDate(p.status_since, sincePrecision(input.history, p.status_since)) })}`,
      date && !input.notYetOnDate ? el('span', { class: 'ta-card-asof' }, ` ${t('card.asOf', { date: formatDate(date) })}`) : null,
    ),
    input.notYetOnDate && date ? el('p', { class: 'ta-card-warning', role: 'note' }, t('card.notYetOnDate', { date: formatDate(date) })) : null,
    input.recorded ? el('p', { class: 'ta-card-warning ta-card-recorded', role: 'note' }, t('card.recorded', { recorded: recordedText(input.recorded) })) : null,
    description,
    facts,
    footnotes.list(),
    agreementsSection(p.agreements),
    siegeSection(p.siege_assessments),
    incidentsSection(),
    el('section', { class: 'ta-card-section', 'aria-label': t('card.timeline') }, el('h3', {}, t('card.timeline')), el('div', { class: 'ta-card-timeline' }, timeline(input.history, actions.timelineAction))),
    feature.geometry ? boundariesSection() : null,
    citeSection({ slug: p.slug, date: input.notYetOnDate ? null : date, recorded: input.recorded }),
  )
}

/** Puts the loaded history into a card already shown, leaving the rest (and the keyboard focus) alone. */
export function fillTimeline(card: HTMLElement, history: ZoneCardInput['history'], action?: TimelineAction): void {
  card.querySelector('.ta-card-timeline')?.replaceChildren(timeline(history, action))
}

/** A status date is as precise as the history entry that set it. */
function sincePrecision(history: ZoneCardInput['history'], date: string): HistoryEntry['effective_precision'] {
  if (!Array.isArray(history)) return 'day'
  return [...history].reverse().find((entry) => entry.effective_on === date)?.effective_precision ?? 'day'
}

function fact(term: string, ...details: (Node | string | null)[]): HTMLElement[] {
  return [el('dt', {}, term), el('dd', {}, ...details)]
}

function partiesFacts(feature: ZoneFeature): HTMLElement[] {
  const p = feature.properties
  const others = new Map<string, { name: string; roles: Role[] }>()
  // Parties left out of the arrangement are listed as such, apart, never among those taking part.
  const excluded = p.parties.filter((party) => party.role === 'excluded')
  for (const party of p.parties) {
    if (SPONSOR_ROLES.includes(party.role) || party.role === 'excluded') continue
    const entry = others.get(party.slug) ?? { name: party.name, roles: [] }
    entry.roles.push(party.role)
    others.set(party.slug, entry)
  }
  const sponsorRoles = new Map<string, Role[]>()
  for (const party of p.parties) if (SPONSOR_ROLES.includes(party.role)) sponsorRoles.set(party.name, [...(sponsorRoles.get(party.name) ?? []), party.role])
  const sponsors = p.sponsors.length
    ? el('ul', { class: 'ta-parties' }, ...p.sponsors.map((name) => partyItem(name, sponsorRoles.get(name) ?? [])))
    : el('span', { class: 'ta-muted' }, t('card.noneRecorded'))
  const rest = others.size
    ? el('ul', { class: 'ta-parties' }, ...[...others.entries()].map(([slug, party]) => partyItem(party.name, party.roles, slug)))
    : el('span', { class: 'ta-muted' }, t('card.noneRecorded'))
  const left = excluded.length
    ? fact(
        t('card.excluded'),
        el(
          'ul',
          { class: 'ta-parties ta-parties-excluded' },
          ...excluded.map((party) => el('li', { class: 'ta-party', 'data-party': party.slug, 'data-role': 'excluded' }, el('span', { class: 'ta-party-name' }, party.name), el('span', { class: 'ta-party-role' }, ROLE_LABELS.excluded))),
        ),
      )
    : []
  return [...fact(t('card.sponsors'), sponsors), ...fact(t('card.otherParties'), rest), ...left]
}

function partyItem(name: string, roles: Role[], slug?: string): HTMLElement {
  return el(
    'li',
    { class: 'ta-party', 'data-party': slug ?? null },
    el('span', { class: 'ta-party-name' }, name),
    roles.length ? el('span', { class: 'ta-party-role' }, roles.map((role) => ROLE_LABELS[role]).join(t('changes.separator'))) : null,
  )
}

function dateFacts(feature: ZoneFeature): HTMLElement[] {
  const p = feature.properties
  return [
    ...(p.proposed_on ? fact(t('card.proposed'), time(p.proposed_on)) : []),
    ...(p.in_force_from ? fact(t('card.inForce'), time(p.in_force_from)) : []),
    ...(p.ended_on ? fact(t('card.ended'), time(p.ended_on)) : []),
  ]
}

function locationFacts(feature: ZoneFeature, footnotes: Footnotes): HTMLElement[] {
  const p = feature.properties
  const area = p.area_km2 !== null ? fact(t('card.area'), p.approximate ? t('card.areaAbout', { area: formatArea(p.area_km2) }) : formatArea(p.area_km2)) : []
  if (!feature.geometry) return [...area, ...fact(t('card.location'), el('span', { class: 'ta-muted' }, t('list.noLocation')))]
  // The note is the data's own text (ta-card-location-note), in the language it was written in.
  const note = p.geometry_note ? el('span', { class: 'ta-card-location-note' }, ...footnotes.text(p.geometry_note)) : null
  const location = p.approximate
    ? fact(t('card.location'), el('strong', {}, `${t('card.approximate')} `), note ?? t('card.drawingNotRecorded'))
    : fact(t('card.location'), note ?? t('card.asPublished'))
  return [...area, ...location]
}

function time(isoDate: string, precision: HistoryEntry['effective_precision'] = 'day'): HTMLElement {
  return el('time', { datetime: precision === 'day' ? isoDate : precision === 'month' ? isoDate.slice(0, 7) : isoDate.slice(0, 4) }, formatDate(isoDate, precision))
}

function timeline(history: ZoneCardInput['history'], action?: TimelineAction): HTMLElement {
  if (history === null) return el('p', { class: 'ta-muted', role: 'status' }, t('page.loadingTimeline'))
  if (history instanceof Error) return el('p', { class: 'ta-error', role: 'alert' }, t('card.timelineFailed', { reason: history.message }))
  if (history.length === 0) return el('p', { class: 'ta-muted' }, t('card.noStatusChange'))
  return el('ol', { class: 'ta-timeline' }, ...history.map((entry) => timelineEntry(entry, history, action)))
}

function timelineEntry(entry: HistoryEntry, history: readonly HistoryEntry[], action?: TimelineAction): HTMLElement {
  const footnotes = new Footnotes(entry.citations)
  const reason = el('p', { class: 'ta-timeline-reason' }, ...footnotes.text(entry.reason))
  const note = entry.note ? el('p', { class: 'ta-timeline-note' }, ...footnotes.text(entry.note)) : null
  return el(
    'li',
    { class: 'ta-timeline-entry', 'data-status': entry.to_status, 'data-basis': entry.basis, 'data-change': entry.id, 'data-reverses': entry.reverses_change_id, 'data-scheduled': entry.scheduled ?? false },
    el(
      'p',
      { class: 'ta-timeline-head' },
      time(entry.effective_on, entry.effective_precision),
      entry.effective_precision !== 'day' ? el('span', { class: 'ta-badge' }, t('card.knownTo', { precision: entry.effective_precision })) : null,
      el('span', { class: 'ta-timeline-change' }, entry.from_status ? t('changes.fromTo', { from: STATUS_LABELS[entry.from_status], to: STATUS_LABELS[entry.to_status] }) : STATUS_LABELS[entry.to_status]),
      entry.basis === 'inferred' ? el('span', { class: 'ta-badge ta-badge-inferred', title: t('card.inferredTitle') }, t('card.inferred')) : null,
      entry.scheduled ? el('span', { class: 'ta-badge ta-badge-scheduled', title: t('card.scheduledTitle') }, t('card.scheduled')) : null,
    ),
    reason,
    note,
    entry.agreement
      ? el('p', { class: 'ta-timeline-agreement' }, `${t('changes.following')} `, el('a', { href: `/agreements/${encodeURIComponent(entry.agreement.slug)}` }, entry.agreement.title))
      : null,
    footnotes.list(),
    entry.sources.length ? el('ul', { class: 'ta-sources', 'aria-label': t('changes.sources') }, ...entry.sources.map(sourceItem)) : null,
    entry.weak_sources_only ? el('p', { class: 'ta-weak-sources' }, t('card.weakSourcesOnly')) : null,
    action?.(entry, history) ?? null,
  )
}

function sourceItem(source: SourceRef): HTMLElement {
  const details = [source.publisher, source.published_on ? formatDate(source.published_on) : null].filter(Boolean).join(t('changes.separator'))
  return el('li', { class: 'ta-source' }, externalLink(source.title, source.url), details ? el('span', { class: 'ta-source-details' }, ` — ${details}`) : null, sourceGrade(source.reliability))
}
