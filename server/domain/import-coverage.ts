import { addDays } from './status-periods.ts'

/**
 * The days the imports of incidents covered: an absence of incidents means something only on days
 * an import of a dataset covered. Overlapping and adjacent imports of a dataset make one range.
 *
 *   mergeCoverage([{ dataset: 'acled', first_day: '2017-01-01', last_day: '2017-06-30' },
 *                  { dataset: 'acled', first_day: '2017-07-01', last_day: '2017-12-31' }])
 *   // [{ dataset: 'acled', from: '2017-01-01', to: '2017-12-31' }]
 */

export interface ImportDays {
  dataset: string
  first_day: string
  last_day: string
}

export interface CoveredRange {
  dataset: string
  from: string
  to: string
}

/** The covered ranges of each dataset, by dataset then date. */
export function mergeCoverage(imports: readonly ImportDays[]): CoveredRange[] {
  const sorted = [...imports].sort((a, b) => a.dataset.localeCompare(b.dataset) || a.first_day.localeCompare(b.first_day))
  const ranges: CoveredRange[] = []
  for (const { dataset, first_day: from, last_day: to } of sorted) {
    const last = ranges.at(-1)
    if (last && last.dataset === dataset && from <= addDays(last.to, 1)) {
      if (to > last.to) last.to = to
    } else {
      ranges.push({ dataset, from, to })
    }
  }
  return ranges
}

/** Whether one dataset's covered range holds every day from `from` to `to`. */
export function coversWindow(ranges: readonly CoveredRange[], from: string, to: string): boolean {
  return ranges.some((range) => range.from <= from && to <= range.to)
}
