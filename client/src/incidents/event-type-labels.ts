import { ACLED_EVENT_TYPES, REPORTED_CIVILIAN_DEATHS, REPORTED_VIOLATIONS } from '../../../server/domain/incidents.ts'
import { t } from '../i18n/index.ts'

/** UCDP GED's types of violence, as the importer names them. */
export const UCDP_TYPES = ['State-based conflict', 'Non-state conflict', 'One-sided violence'] as const

/** The message of each event type the datasets use (ACLED's, UCDP GED's, the Atlas's own reports). */
const EVENT_TYPE_MESSAGES: Readonly<Record<string, string>> = {
  [ACLED_EVENT_TYPES[0]]: 'eventType.battles',
  [ACLED_EVENT_TYPES[1]]: 'eventType.explosions',
  [ACLED_EVENT_TYPES[2]]: 'eventType.civilians',
  [ACLED_EVENT_TYPES[3]]: 'eventType.protests',
  [ACLED_EVENT_TYPES[4]]: 'eventType.riots',
  [ACLED_EVENT_TYPES[5]]: 'eventType.strategic',
  [UCDP_TYPES[0]]: 'eventType.stateBased',
  [UCDP_TYPES[1]]: 'eventType.nonState',
  [UCDP_TYPES[2]]: 'eventType.oneSided',
  [REPORTED_VIOLATIONS]: 'eventType.violations',
  [REPORTED_CIVILIAN_DEATHS]: 'eventType.civilianDeaths',
}

/** An event type in the page's language; a type no dataset defines is shown as the data writes it. */
export function eventTypeLabel(eventType: string): string {
  return Object.hasOwn(EVENT_TYPE_MESSAGES, eventType) ? t(EVENT_TYPE_MESSAGES[eventType]!) : eventType
}
