import { KINDS, type Kind } from '../../server/domain/kinds.ts'
import { SPONSOR_ROLES } from '../../server/domain/parties.ts'
import { STATUSES, type Status } from '../../server/domain/statuses.ts'
import { searchText as foldedForSearch } from '../../server/domain/search-text.ts'
import type { ZoneFeature } from './api-types.ts'
import { LANGUAGE, t } from './i18n/index.ts'
import { SORT_KEYS, type AppState, type SortKey } from './state.ts'

/**
 * Filtering, sorting and counting of the zones on the client, on the collection of one date. The
 * list, the map and the legend all take their zones from here, so they always agree.
 */

export type ZoneFilter = Pick<AppState, 'statuses' | 'kinds' | 'sponsor' | 'query'>

/** Zones that pass every filter; `ignore` leaves one filter out (for the counts beside its own checkboxes). */
export function filterZones(zones: readonly ZoneFeature[], filter: ZoneFilter, ignore?: 'statuses' | 'kinds'): ZoneFeature[] {
  const words = filter.query.split(/\s+/).map(foldedForSearch).filter(Boolean)
  return zones.filter((zone) => {
    const p = zone.properties
    if (ignore !== 'statuses' && filter.statuses.length > 0 && !filter.statuses.includes(p.status)) return false
    if (ignore !== 'kinds' && filter.kinds.length > 0 && !filter.kinds.includes(p.kind)) return false
    if (filter.sponsor && !isSponsoredBy(zone, filter.sponsor)) return false
    if (words.length > 0) {
      const text = searchText(zone)
      if (!words.every((word) => text.includes(word))) return false
    }
    return true
  })
}

/** Sponsored or guaranteed, as the API's `sponsor=` filter means it. */
export function isSponsoredBy(zone: ZoneFeature, partySlug: string): boolean {
  return zone.properties.parties.some((party) => party.slug === partySlug && SPONSOR_ROLES.includes(party.role))
}

const searchCache = new WeakMap<ZoneFeature, string>()
/** The zone's names (English, Arabic, other spellings), slug, description and parties' names, folded as the API's q= folds them. */
function searchText(zone: ZoneFeature): string {
  let text = searchCache.get(zone)
  if (text === undefined) {
    const p = zone.properties
    const parties = p.parties.flatMap((party) => [party.name, party.name_ar ?? ''])
    text = foldedForSearch([p.name, p.name_en ?? '', p.name_ar ?? '', ...(p.search_names ?? []), p.slug, p.description ?? '', ...parties].join('\n'))
    searchCache.set(zone, text)
  }
  return text
}

const COLLATOR = new Intl.Collator(LANGUAGE, { sensitivity: 'base', numeric: true })

export function sortZones(zones: readonly ZoneFeature[], key: SortKey): ZoneFeature[] {
  const byName = (a: ZoneFeature, b: ZoneFeature) => COLLATOR.compare(a.properties.name, b.properties.name)
  const compare: Record<SortKey, (a: ZoneFeature, b: ZoneFeature) => number> = {
    name: byName,
    status: (a, b) => STATUSES.indexOf(a.properties.status) - STATUSES.indexOf(b.properties.status) || byName(a, b),
    kind: (a, b) => KINDS.indexOf(a.properties.kind) - KINDS.indexOf(b.properties.kind) || byName(a, b),
    changed: (a, b) => b.properties.status_since.localeCompare(a.properties.status_since) || byName(a, b),
    area: (a, b) => (b.properties.area_km2 ?? -1) - (a.properties.area_km2 ?? -1) || byName(a, b),
  }
  return [...zones].sort(compare[key])
}

export const SORT_LABELS: Record<SortKey, string> = Object.fromEntries(SORT_KEYS.map((key) => [key, t(`sort.${key}`)])) as Record<SortKey, string>

export function countByStatus(zones: readonly ZoneFeature[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>
  for (const zone of zones) counts[zone.properties.status] += 1
  return counts
}

export function countByKind(zones: readonly ZoneFeature[]): Record<Kind, number> {
  const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>
  for (const zone of zones) counts[zone.properties.kind] += 1
  return counts
}

/** The parties that sponsor or guarantee at least one zone, by name: the choices of the sponsor filter. */
export function sponsoringParties(zones: readonly ZoneFeature[]): { slug: string; name: string }[] {
  const parties = new Map<string, string>()
  for (const zone of zones) {
    for (const party of zone.properties.parties) if (SPONSOR_ROLES.includes(party.role)) parties.set(party.slug, party.name)
  }
  return [...parties].map(([slug, name]) => ({ slug, name })).sort((a, b) => COLLATOR.compare(a.name, b.name))
}
