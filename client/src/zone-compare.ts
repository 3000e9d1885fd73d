import type { Geometry } from 'geojson'
import type { ZoneChange, ZoneFeature } from './api-types.ts'
import { t } from './i18n/index.ts'
import { STATUS_LABELS } from './labels.ts'

/**
 * Compare mode's reading of two maps: each zone drawn at the later date `to` is added (not on the
 * map of `from`), changed (its status or its outline differs), or unchanged; a zone on the map of
 * `from` but not of `to` is removed, and is drawn with its outline at `from`.
 *
 *   compareZones(zonesOn('2017-07-01'), zonesOn('2017-10-01'))
 *   // [{ slug: 'south-west-de-escalation-zone', change: 'changed', statusChanged: true, ... }, ...]
 */

export const COMPARE_CHANGES = ['added', 'removed', 'changed', 'unchanged'] as const
export type CompareChange = (typeof COMPARE_CHANGES)[number]

export interface ComparedZone {
  slug: string
  change: CompareChange
  /** The zone on the map of `from` (absent when added). */
  before: ZoneFeature | null
  /** The zone on the map of `to` (absent when removed). */
  after: ZoneFeature | null
  statusChanged: boolean
  boundaryChanged: boolean
}

/** Both maps' zones (already filtered as the page filters), classified; added, changed and unchanged in the order of `to`, then the removed. */
export function compareZones(from: readonly ZoneFeature[], to: readonly ZoneFeature[]): ComparedZone[] {
  const before = new Map(from.map((zone) => [zone.properties.slug, zone]))
  const compared: ComparedZone[] = []
  for (const after of to) {
    const slug = after.properties.slug
    const then = before.get(slug) ?? null
    before.delete(slug)
    if (!then) {
      compared.push({ slug, change: 'added', before: null, after, statusChanged: false, boundaryChanged: false })
      continue
    }
    const statusChanged = then.properties.status !== after.properties.status
    const boundaryChanged = !sameGeometry(then.geometry, after.geometry)
    compared.push({ slug, change: statusChanged || boundaryChanged ? 'changed' : 'unchanged', before: then, after, statusChanged, boundaryChanged })
  }
  for (const [slug, then] of before) compared.push({ slug, change: 'removed', before: then, after: null, statusChanged: false, boundaryChanged: false })
  return compared
}

export function countChanges(compared: readonly ComparedZone[]): Record<CompareChange, number> {
  const counts: Record<CompareChange, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 }
  for (const zone of compared) counts[zone.change] += 1
  return counts
}

/**
 * The changes that concern the zones compared (those on either map once filtered); a change of no
 * zone (an agreement alone) only when nothing is filtered out.
 */
export function changesOfZones(changes: readonly ZoneChange[], compared: readonly ComparedZone[], filtered: boolean): ZoneChange[] {
  const slugs = new Set(compared.map((zone) => zone.slug))
  return changes.filter((change) => (change.zone ? slugs.has(change.zone.slug) : !filtered))
}

/** "Proposed → Active, outline moved", "Added (active)", "Removed (was active)", "Unchanged (active)". */
export function changeSummary(zone: ComparedZone): string {
  const before = zone.before?.properties.status
  const after = zone.after?.properties.status
  switch (zone.change) {
    case 'added':
      return t('compare.addedAs', { status: STATUS_LABELS[after!].toLowerCase() })
    case 'removed':
      return t('compare.removedWas', { status: STATUS_LABELS[before!].toLowerCase() })
    case 'unchanged':
      return t('compare.unchangedAs', { status: STATUS_LABELS[after!].toLowerCase() })
    case 'changed': {
      const what = [zone.statusChanged ? t('changes.fromTo', { from: STATUS_LABELS[before!], to: STATUS_LABELS[after!] }) : null, zone.boundaryChanged ? t('compare.outlineMoved') : null].filter(Boolean).join(t('changes.separator'))
      return t('compare.changedWhat', { what })
    }
  }
}

const geometryText = new WeakMap<object, string>()

/** Same outline: the same coordinates, as the API wrote them (both maps are read at the same precision). */
function sameGeometry(a: Geometry | null, b: Geometry | null): boolean {
  if (a === b) return true
  if (!a || !b) return false
  return textOf(a) === textOf(b)
}

function textOf(geometry: Geometry): string {
  let text = geometryText.get(geometry)
  if (text === undefined) {
    text = JSON.stringify(geometry)
    geometryText.set(geometry, text)
  }
  return text
}
