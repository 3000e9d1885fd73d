import { canTransition, isFinal, type Status } from './statuses.ts'

export interface HistoryEntry {
  from_status: Status | null
  to_status: Status
  effective_on: string
}

export interface ZoneDates {
  status: Status
  status_since: string
  proposed_on: string | null
  in_force_from: string | null
  ended_on: string | null
}

/**
 * Problems with a zone's history, oldest entry first: the chain of statuses must follow the
 * transition rules and dates must not go backwards. An empty list means the history is sound.
 */
export function historyProblems(history: readonly HistoryEntry[]): string[] {
  const problems: string[] = []
  if (history.length === 0) return ['a zone needs at least one history entry (its proposal)']
  if (history[0]!.from_status !== null) problems.push('the first entry must not have a from status')
  history.slice(1).forEach((entry, index) => {
    const previous = history[index]!
    const at = `entry ${index + 2} (${entry.effective_on})`
    if (entry.from_status !== previous.to_status) {
      problems.push(`${at}: from ${entry.from_status} does not follow the previous status ${previous.to_status}`)
    } else if (!canTransition(previous.to_status, entry.to_status)) {
      problems.push(`${at}: ${previous.to_status} -> ${entry.to_status} is not an allowed transition`)
    }
    if (entry.effective_on < previous.effective_on) problems.push(`${at}: dated before the entry above it`)
  })
  return problems
}

/** The dates a zone carries, derived from its (sound) history. */
export function datesFromHistory(history: readonly HistoryEntry[]): ZoneDates {
  const last = history.at(-1)
  if (!last) throw new Error('datesFromHistory needs a non-empty history')
  const first = history[0]!
  return {
    status: last.to_status,
    status_since: last.effective_on,
    proposed_on: first.to_status === 'proposed' ? first.effective_on : null,
    in_force_from: history.find((entry) => entry.to_status === 'active')?.effective_on ?? null,
    ended_on: isFinal(last.to_status) ? last.effective_on : null,
  }
}

export interface RecordedEntry extends HistoryEntry {
  id: number
  reverses_change_id: number | null
}

/** The history without undone changes: each reversing entry cancels itself and the entry it reverses. */
export function effectiveHistory<E extends RecordedEntry>(entries: readonly E[]): E[] {
  const reversed = new Set(entries.flatMap((entry) => (entry.reverses_change_id === null ? [] : [entry.reverses_change_id, entry.id])))
  return entries.filter((entry) => !reversed.has(entry.id))
}

/**
 * The entry an undo would reverse: the latest entry still in effect, unless it is the zone's first
 * (which records its proposal) or a later entry has already moved on from it. Null when there is
 * nothing to undo.
 */
export function undoableEntry<E extends RecordedEntry>(entries: readonly E[]): E | null {
  const last = entries.at(-1)
  if (!last || last.reverses_change_id !== null) return null
  const effective = effectiveHistory(entries)
  return effective.length > 1 && effective.at(-1) === last ? last : null
}

/** The earliest date a status change may carry: the record does not reach further back. */
export const EARLIEST_EFFECTIVE_DATE = '1900-01-01'

/**
 * Why a status change cannot be dated `date` (YYYY-MM-DD) when today is `today`, or null when it
 * can. A change may be scheduled up to a year ahead (a ceasefire announced for a coming day); beyond
 * that, or before 1900, the date is almost surely a typing error.
 *
 *   effectiveDateProblem('2031-01-01', '2026-12-06') // 'is more than a year ahead (after 2027-12-06)'
 */
export function effectiveDateProblem(date: string, today: string): string | null {
  if (date < EARLIEST_EFFECTIVE_DATE) return `is before 1900; the record starts on ${EARLIEST_EFFECTIVE_DATE}`
  const aYearAhead = `${String(Number(today.slice(0, 4)) + 1).padStart(4, '0')}${today.slice(4)}`
  if (date > aYearAhead) return `is more than a year ahead (after ${aYearAhead}); a change can be scheduled up to a year in advance`
  return null
}

