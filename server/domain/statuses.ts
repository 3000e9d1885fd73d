/**
 * The life cycle of a zone: its statuses and the transitions allowed between them.
 * One pure module, used by the seeds, the API and the client alike.
 */
export const STATUSES = ['proposed', 'agreed', 'active', 'suspended', 'collapsed', 'ended', 'rejected'] as const
export type Status = (typeof STATUSES)[number]

const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  proposed: ['agreed', 'active', 'rejected'],
  agreed: ['active', 'collapsed', 'rejected'],
  active: ['suspended', 'collapsed', 'ended'],
  suspended: ['active', 'collapsed', 'ended'],
  collapsed: [],
  ended: [],
  rejected: [],
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value)
}

/** The statuses a zone in `from` may move to; empty for the final statuses. */
export function allowedTransitions(from: Status): readonly Status[] {
  return TRANSITIONS[from]
}

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to)
}

/** Collapsed, ended and rejected: nothing follows them. */
export function isFinal(status: Status): boolean {
  return TRANSITIONS[status].length === 0
}

/** A zone counts as in force while agreed terms are being applied. */
export function isInForce(status: Status): boolean {
  return status === 'active'
}
