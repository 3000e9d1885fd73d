import type { Language } from '../languages.ts'
import type { Messages } from '../catalogue.ts'
import { EXPORT_MESSAGES } from './export.ts'
import { SHARE_MESSAGES } from './share.ts'
import { CITE_MESSAGES } from './cite.ts'
import { ACCOUNT_MESSAGES } from './account.ts'
import { CARD_MESSAGES } from './card.ts'
import { INCIDENT_MESSAGES } from './incidents.ts'
import { LABEL_MESSAGES } from './labels.ts'
import { MAP_MESSAGES } from './map.ts'
import { PAGE_MESSAGES } from './page.ts'
import { PANEL_MESSAGES } from './panel.ts'
import { TIME_MESSAGES } from './time.ts'

/**
 * Every part of the catalogue. A part lives beside the feature that shows it (one file per
 * feature here) and is listed once below.
 */
const PARTS: ReadonlyArray<Record<Language, Messages>> = [
  EXPORT_MESSAGES,
  SHARE_MESSAGES,
  CITE_MESSAGES,
  PAGE_MESSAGES,
  LABEL_MESSAGES,
  TIME_MESSAGES,
  PANEL_MESSAGES,
  CARD_MESSAGES,
  INCIDENT_MESSAGES,
  MAP_MESSAGES,
  ACCOUNT_MESSAGES,
]

export const ALL_MESSAGES: Record<Language, Messages> = {
  en: Object.assign({}, ...PARTS.map((part) => part.en)),
  ar: Object.assign({}, ...PARTS.map((part) => part.ar)),
}
