import { KINDS, type Kind } from '../../server/domain/kinds.ts'
import { ROLES, type Role } from '../../server/domain/parties.ts'
import { STATUSES, type Status } from '../../server/domain/statuses.ts'
import { t } from './i18n/index.ts'

/** The words the page uses for the domain's codes, in the page's language (messages/labels.ts). */

function labelsOf<Code extends string>(codes: readonly Code[], prefix: string): Record<Code, string> {
  return Object.fromEntries(codes.map((code) => [code, t(`${prefix}.${code}`)])) as Record<Code, string>
}

export const STATUS_LABELS: Record<Status, string> = labelsOf(STATUSES, 'status')

export const KIND_LABELS: Record<Kind, string> = labelsOf(KINDS, 'kind')

export const ROLE_LABELS: Record<Role, string> = labelsOf(ROLES, 'role')

export { KINDS, STATUSES }

/** The name without its parenthesised detail, for labels on the map. */
export function shortName(name: string): string {
  const cut = name.indexOf(' (')
  return cut > 0 ? name.slice(0, cut) : name
}
