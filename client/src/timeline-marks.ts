import type { HistoryEntry, ZoneFeature } from './api-types.ts'
import type { TimelineMark } from './controls/time-slider.ts'
import { t } from './i18n/index.ts'
import { STATUS_LABELS, shortName } from './labels.ts'

/**
 * The dates on which something changed, for the time slider: from the zones' histories when they
 * are loaded, else from each zone's own dates (proposed, in force, ended, status since).
 */
export function marksFromHistories(zones: readonly ZoneFeature[], histories: ReadonlyMap<string, HistoryEntry[]>): TimelineMark[] {
  const marks: TimelineMark[] = []
  for (const zone of zones) {
    const history = histories.get(zone.properties.slug)
    const name = shortName(zone.properties.name)
    if (!history) {
      marks.push(...marksFromFeature(zone))
      continue
    }
    for (const entry of history) marks.push({ date: entry.effective_on, precision: entry.effective_precision, text: t('mark.change', { name, what: STATUS_LABELS[entry.to_status].toLowerCase() }) })
  }
  return marks.sort((a, b) => a.date.localeCompare(b.date))
}

export function marksFromFeature(zone: ZoneFeature): TimelineMark[] {
  const p = zone.properties
  const name = shortName(p.name)
  const dated: [string | null, string][] = [
    [p.proposed_on, t('mark.proposed')],
    [p.in_force_from, t('mark.inForce')],
    [p.ended_on, t('mark.ended')],
    [p.status_since, STATUS_LABELS[p.status].toLowerCase()],
  ]
  const seen = new Set<string>()
  const marks: TimelineMark[] = []
  for (const [date, what] of dated) {
    if (!date || seen.has(date)) continue
    seen.add(date)
    marks.push({ date, precision: 'day', text: t('mark.change', { name, what }) })
  }
  return marks
}

/**
 * Where the slider starts: 1 January of the year of the first change known to the day or month.
 * Changes known only to the year (a buffer zone "active since 1974") would otherwise stretch the
 * track over decades with nothing on them; the date field still reaches them.
 */
export function sliderStart(marks: readonly TimelineMark[], fallback: string): string {
  const first = marks.find((mark) => mark.precision !== 'year') ?? marks[0]
  return first ? `${first.date.slice(0, 4)}-01-01` : fallback
}
