import type { Language } from './languages.ts'

/**
 * A part of the interface's messages, in every language: ICU MessageFormat text by id. The English
 * side defines the ids; the Arabic side must have the same ids (the type says so, and a test walks
 * the catalogue).
 *
 *   export const SHARE_MESSAGES = defineMessages({
 *     en: { 'share.copy': 'Copy link', 'share.copied': '{count, plural, one {# link} other {# links}} copied' },
 *     ar: { 'share.copy': 'نسخ الرابط', 'share.copied': '...' },
 *   })
 */
export type Messages<Id extends string = string> = Readonly<Record<Id, string>>

export function defineMessages<Id extends string>(messages: { en: Messages<Id> } & Record<Exclude<Language, 'en'>, Messages<Id>>): Record<Language, Messages<Id>> {
  return messages
}
