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
