import type { Language } from '../languages.ts'
import type { Messages } from '../catalogue.ts'
import { EXPORT_MESSAGES } from './export.ts'
import { SHARE_MESSAGES } from './share.ts'
import { CITE_MESSAGES } from './cite.ts'

/**
 * Every part of the catalogue. A part lives beside the feature that shows it (one file per
 * feature here) and is listed once below.
 */
const PARTS: ReadonlyArray<Record<Language, Messages>> = [
  EXPORT_MESSAGES,
  SHARE_MESSAGES,
  CITE_MESSAGES,
]

export const ALL_MESSAGES: Record<Language, Messages> = {
  en: Object.assign({}, ...PARTS.map((part) => part.en)),
  ar: Object.assign({}, ...PARTS.map((part) => part.ar)),
}
