import { KINDS, type Kind } from '../../server/domain/kinds.ts'
import type { Role } from '../../server/domain/parties.ts'
import { STATUSES, type Status } from '../../server/domain/statuses.ts'

/** The words the page uses for the domain's codes. */

export const STATUS_LABELS: Record<Status, string> = {
  proposed: 'Proposed',
  agreed: 'Agreed',
  active: 'Active',
  suspended: 'Suspended',
  collapsed: 'Collapsed',
  ended: 'Ended',
  rejected: 'Rejected',
}

export const KIND_LABELS: Record<Kind, string> = {
  'de-escalation-zone': 'De-escalation zone',
  'ceasefire-zone': 'Ceasefire zone',
  'safe-zone': 'Safe zone',
  'buffer-zone': 'Buffer zone',
  'demilitarised-zone': 'Demilitarised zone',
  'deconfliction-zone': 'Deconfliction zone',
  siege: 'Siege',
  'humanitarian-corridor': 'Humanitarian corridor',
  'security-corridor': 'Security corridor',
  'observation-post': 'Observation post',
}

export const ROLE_LABELS: Record<Role, string> = {
  proposer: 'proposer',
  sponsor: 'sponsor',
  guarantor: 'guarantor',
  signatory: 'signatory',
  mediator: 'mediator',
  monitor: 'monitor',
  besieger: 'besieger',
  besieged: 'besieged',
  controlling: 'controlling',
  excluded: 'excluded',
}

export { KINDS, STATUSES }

/** The name without its parenthesised detail, for labels on the map. */
export function shortName(name: string): string {
  const cut = name.indexOf(' (')
  return cut > 0 ? name.slice(0, cut) : name
}
