import type { BoundaryVersion, ZoneBoundaries } from '../api-types.ts'
import { formatDate, todayIso } from '../dates.ts'
import { el, externalLink } from '../dom.ts'
import { formatArea } from './area.ts'
import { dateTime } from './card-dates.ts'
import { Footnotes } from './footnotes.ts'

const PRECISION_LABELS: Record<BoundaryVersion['location_precision'], string> = {
  exact: 'Exact outline',
  approximate: 'Approximate outline',
  region: 'Region only',
}

/**
 * The versions of the zone's outline on its timeline (GET /zones/{id}/boundaries), oldest first:
 * from when each held, why it changed, its area and how precisely it is known; the one drawn for
 * the map's date is marked, and a version replaced by a correction is labelled "corrected".
 */
export function boundariesSection(): HTMLElement {
  return el(
    'section',
    { class: 'ta-card-section ta-card-boundaries', 'aria-label': 'Outline versions' },
    el('h3', {}, 'Outline versions'),
    el('div', { class: 'ta-card-boundary-list' }, el('p', { class: 'ta-muted', role: 'status' }, 'Loading the outline’s versions…')),
  )
}

/** Puts the loaded versions into the card shown (`date`: the map's date, null for today). */
export function fillBoundaries(card: HTMLElement, boundaries: ZoneBoundaries | Error, date: string | null): void {
  const holder = card.querySelector('.ta-card-boundary-list')
  if (!holder) return
  if (boundaries instanceof Error) {
    holder.replaceChildren(el('p', { class: 'ta-error', role: 'alert' }, `The outline’s versions could not be loaded: ${boundaries.message}`))
    return
  }
  const versions = boundaries.boundaries
  if (versions.length === 0) {
    holder.replaceChildren(el('p', { class: 'ta-muted' }, 'No outline recorded.'))
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
      version.until ? el('span', { class: 'ta-boundary-until' }, ` to ${formatDate(version.until)}`) : corrected ? null : el('span', { class: 'ta-boundary-until' }, ' to today'),
      el('span', { class: 'ta-badge ta-badge-precision' }, PRECISION_LABELS[version.location_precision]),
      version.basis === 'inferred' ? el('span', { class: 'ta-badge ta-badge-inferred', title: 'Derived from the cited events, not stated by a source' }, 'inferred') : null,
      corrected
        ? el('span', { class: 'ta-badge ta-badge-corrected', title: 'This outline was replaced by a correction' }, `corrected${version.superseded_at ? ` on ${formatDate(version.superseded_at.slice(0, 10))}` : ''}`)
        : null,
      inForce ? el('span', { class: 'ta-badge ta-badge-shown' }, 'on the map') : null,
    ),
    version.reason ? el('p', { class: 'ta-boundary-reason' }, ...notes.text(version.reason)) : null,
    version.area_km2 !== null ? el('p', { class: 'ta-boundary-area' }, `Area ${version.location_precision === 'exact' ? '' : 'about '}${formatArea(version.area_km2)}`) : null,
    version.geometry_note ? el('p', { class: 'ta-boundary-note' }, ...notes.text(version.geometry_note)) : null,
    version.sources.length ? el('ul', { class: 'ta-sources', 'aria-label': 'Sources' }, ...version.sources.map((source) => el('li', { class: 'ta-source' }, externalLink(source.title, source.url)))) : null,
  )
}
