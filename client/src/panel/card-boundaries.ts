import type { BoundaryVersion, ZoneBoundaries } from '../api-types.ts'
import { formatDate, todayIso } from '../dates.ts'
import { el, externalLink } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { formatArea } from './area.ts'
import { dateTime } from './card-dates.ts'
import { Footnotes } from './footnotes.ts'

const PRECISION_LABELS: Record<BoundaryVersion['location_precision'], string> = {
  exact: t('card.precisionExact'),
  approximate: t('card.precisionApproximate'),
  region: t('card.precisionRegion'),
}

/**
 * The versions of the zone's outline on its timeline (GET /zones/{id}/boundaries), oldest first:
 * from when each held, why it changed, its area and how precisely it is known; the one drawn for
 * the map's date is marked, and a version replaced by a correction is labelled "corrected".
 */
export function boundariesSection(): HTMLElement {
  return el(
    'section',
    { class: 'ta-card-section ta-card-boundaries', 'aria-label': t('card.outlines') },
    el('h3', {}, t('card.outlines')),
    el('div', { class: 'ta-card-boundary-list' }, el('p', { class: 'ta-muted', role: 'status' }, t('card.outlinesLoading'))),
  )
}

/** Puts the loaded versions into the card shown (`date`: the map's date, null for today). */
export function fillBoundaries(card: HTMLElement, boundaries: ZoneBoundaries | Error, date: string | null): void {
  const holder = card.querySelector('.ta-card-boundary-list')
  if (!holder) return
  if (boundaries instanceof Error) {
    holder.replaceChildren(el('p', { class: 'ta-error', role: 'alert' }, t('card.outlinesFailed', { reason: boundaries.message })))
    return
  }
  const versions = boundaries.boundaries
  if (versions.length === 0) {
    holder.replaceChildren(el('p', { class: 'ta-muted' }, t('card.noOutline')))
    return
  }
  const shown = versionInForce(versions, date ?? todayIso())
  holder.replaceChildren(el('ol', { class: 'ta-boundaries' }, ...versions.map((version) => versionItem(version, version === shown))))
}

/** The version drawn for a day: the latest not corrected whose date is on or before it (before the first, the first). */
export function versionInForce(versions: readonly BoundaryVersion[], day: string): BoundaryVersion | null {
  const current = versions.filter((version) => !version.superseded_at)
  return current.filter((version) => version.effective_on <= day).at(-1) ?? current[0] ?? null
}

function versionItem(version: BoundaryVersion, inForce: boolean): HTMLElement {
  const corrected = Boolean(version.superseded_at)
  const notes = new Footnotes(undefined)
  return el(
    'li',
    { class: 'ta-boundary', 'data-boundary': version.id, 'data-precision': version.location_precision, 'data-corrected': corrected, 'data-shown': inForce },
    el(
      'p',
      { class: 'ta-boundary-head' },
      dateTime(version.effective_on, version.effective_precision),
      version.until ? el('span', { class: 'ta-boundary-until' }, ` ${t('card.until', { date: formatDate(version.until) })}`) : corrected ? null : el('span', { class: 'ta-boundary-until' }, ` ${t('card.untilToday')}`),
      el('span', { class: 'ta-badge ta-badge-precision' }, PRECISION_LABELS[version.location_precision]),
      version.basis === 'inferred' ? el('span', { class: 'ta-badge ta-badge-inferred', title: t('card.inferredTitle') }, t('card.inferred')) : null,
      corrected
        ? el('span', { class: 'ta-badge ta-badge-corrected', title: t('card.correctedTitle') }, version.superseded_at ? t('card.correctedOn', { date: formatDate(version.superseded_at.slice(0, 10)) }) : t('card.corrected'))
        : null,
      inForce ? el('span', { class: 'ta-badge ta-badge-shown' }, t('card.onTheMap')) : null,
    ),
    version.reason ? el('p', { class: 'ta-boundary-reason' }, ...notes.text(version.reason)) : null,
    version.area_km2 !== null ? el('p', { class: 'ta-boundary-area' }, version.location_precision === 'exact' ? t('card.outlineArea', { area: formatArea(version.area_km2) }) : t('card.outlineAreaAbout', { area: formatArea(version.area_km2) })) : null,
    version.geometry_note ? el('p', { class: 'ta-boundary-note' }, ...notes.text(version.geometry_note)) : null,
    version.sources.length ? el('ul', { class: 'ta-sources', 'aria-label': t('changes.sources') }, ...version.sources.map((source) => el('li', { class: 'ta-source' }, externalLink(source.title, source.url)))) : null,
  )
}
