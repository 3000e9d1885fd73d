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

/** One language's messages of every part; an id two parts both define is a programmer's error, said at load. */
function mergeParts(language: Language): Messages {
  const merged: Record<string, string> = {}
  for (const part of PARTS) {
    for (const [id, text] of Object.entries(part[language])) {
      if (id in merged) throw new Error(`The message id "${id}" is defined by two parts of the catalogue (client/src/i18n/messages): give one of them another id`)
      merged[id] = text
    }
  }
  return merged
}

export const ALL_MESSAGES: Record<Language, Messages> = { en: mergeParts('en'), ar: mergeParts('ar') }
