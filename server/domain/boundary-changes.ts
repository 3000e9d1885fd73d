import { EARLIEST_EFFECTIVE_DATE } from './history.ts'

/**
 * How a new outline enters a zone's record. A correction redraws the version in force (same date,
 * precision and basis; the old row is kept, marked superseded by the new one), as when a line was
 * drawn badly. A new version records that the boundary itself moved on a date: the version before
 * it stays in force until then, and `as_of` reads each in its time.
 *
 *   boundaryChangeProblems({ change: 'new-version', reason: 'Sochi line' }, '2026-12-06')
 *   // [{ where: 'body.boundary.effective_date', message: 'is required for a new version' }]
 */
export const BOUNDARY_CHANGES = ['correction', 'new-version'] as const
export type BoundaryChangeKind = (typeof BOUNDARY_CHANGES)[number]

export const BOUNDARY_BASES = ['stated', 'inferred'] as const
export type BoundaryBasis = (typeof BOUNDARY_BASES)[number]

export const DATE_PRECISIONS = ['day', 'month', 'year'] as const
export type DatePrecision = (typeof DATE_PRECISIONS)[number]

export interface BoundaryChange {
  change: BoundaryChangeKind
  effective_date?: string | undefined
  effective_precision?: DatePrecision | undefined
  reason?: string | undefined
  basis?: BoundaryBasis | undefined
  source_url?: string | undefined
  source_title?: string | undefined
}

export interface Located {
  where: string
  message: string
}

/**
 * What is wrong with a boundary change taken alone (before the stored versions are read): a new
 * version needs a date, not in the future, and a reason; a correction keeps the date of the version
 * it corrects; either needs an outline. `geometry` is undefined when the request gives none, null
 * when it removes the outline.
 */
export function boundaryChangeProblems(change: BoundaryChange, geometry: object | null | undefined, today: string): Located[] {
  const where = (field: string) => `body.boundary.${field}`
  const problems: Located[] = []
  if (geometry === undefined) problems.push({ where: 'body.boundary', message: 'describes a new outline: send it in geometry as well' })
  if (change.change === 'new-version') {
    if (geometry === null) problems.push({ where: 'body.geometry', message: 'a new version needs an outline; to remove the outline, send geometry null without boundary' })
    if (change.effective_date === undefined) problems.push({ where: where('effective_date'), message: 'is required for a new version: the day the boundary changed' })
    else {
      const problem = effectiveOnProblem(change.effective_date, today)
      if (problem) problems.push({ where: where('effective_date'), message: problem })
    }
    if (change.reason === undefined || change.reason.trim() === '') problems.push({ where: where('reason'), message: 'is required for a new version: what moved the boundary' })
  } else {
    if (change.effective_date !== undefined) problems.push({ where: where('effective_date'), message: 'a correction keeps the date of the version it corrects; to date a new outline, use change "new-version"' })
    if (change.effective_precision !== undefined) problems.push({ where: where('effective_precision'), message: 'a correction keeps the precision of the version it corrects' })
    if (change.basis !== undefined) problems.push({ where: where('basis'), message: 'a correction keeps the basis of the version it corrects' })
  }
  return problems
}

/** Why a version cannot take effect on `date` when today is `today`: a boundary is recorded once it holds. */
export function effectiveOnProblem(date: string, today: string): string | null {
  if (date > today) return `is in the future (after ${today}); a boundary version is recorded once it is in force`
  if (date < EARLIEST_EFFECTIVE_DATE) return `is before 1900; the record starts on ${EARLIEST_EFFECTIVE_DATE}`
  return null
}

/** Why a new version cannot take effect on `date` after the version in force since `current`, or null. */
export function followsCurrentProblem(date: string, current: string | null): string | null {
  if (current !== null && date <= current) {
    return `must be after ${current}, the date of the version in force; to redraw that version, use change "correction"`
  }
  return null
}
