import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl'
import { chooseLanguage, directionOf, isLanguage, localeOf, type Language } from './languages.ts'
import { ALL_MESSAGES } from './messages/index.ts'

export { LANGUAGES, type Language } from './languages.ts'

/**
 * The interface's language for this page and the one way to write its text: `t(id, values)` formats
 * a message of the catalogue (client/src/i18n/messages) with ICU MessageFormat (plurals, selects,
 * numbers and dates in the reader's locale), via FormatJS.
 *
 *   t('list.count', { total: 3 })   // "3 zones" / "3 مناطق"
 */

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  return navigator.languages ?? [navigator.language]
}

function languageOfPage(): Language {
  if (typeof location === 'undefined') return 'en'
  // A page not translated (the admin page: <html data-only-language="en">) stays in its one language.
  const only = typeof document === 'undefined' ? undefined : document.documentElement.dataset.onlyLanguage
  if (isLanguage(only)) return only
  return chooseLanguage(new URLSearchParams(location.search).get('lang'), browserLanguages())
}

export const LANGUAGE: Language = languageOfPage()
export const DIRECTION = directionOf(LANGUAGE)
/** The locale of every date and number on the page (see localeOf). */
export const LOCALE: string = localeOf(LANGUAGE, browserLanguages())

const cache = createIntlCache()
const intl: IntlShape<string> = createIntl(
  {
    locale: LOCALE,
    defaultLocale: 'en',
    messages: ALL_MESSAGES[LANGUAGE],
    // A missing message is a bug the catalogue test reports; the page shows the English text meanwhile.
    onError: (error) => console.warn(error.message),
  },
  cache,
)
const english: IntlShape<string> = LANGUAGE === 'en' ? intl : createIntl({ locale: 'en-GB', messages: ALL_MESSAGES.en }, cache)

type Values = Record<string, string | number | boolean | Date | null | undefined>

/** The message `id` in the page's language, with `values` put in. */
export function t(id: string, values?: Values): string {
  const messages = ALL_MESSAGES[LANGUAGE] as Record<string, string>
  const shape = id in messages ? intl : english
  return shape.formatMessage({ id }, values) as string
}

/**
 * The message `id` with elements put in where it places them, as nodes to append: a link or a
 * <time> inside a sentence whose word order the language decides.
 *
 *   el('p', {}, ...tNodes('incidents.dateRange', { from: timeElement, to: otherTimeElement }))
 */
export function tNodes(id: string, values: Record<string, Node | string | number>): (Node | string)[] {
  const messages = ALL_MESSAGES[LANGUAGE] as Record<string, string>
  const shape = id in messages ? intl : english
  // FormatJS returns the parts as an array when a value is not text (a node); its types only know strings.
  const format = shape.formatMessage as unknown as (descriptor: { id: string }, values: Record<string, unknown>) => Node | string | number | (Node | string | number)[]
  const parts = format({ id }, values)
  return (Array.isArray(parts) ? parts : [parts]).map((part) => (typeof part === 'number' ? String(part) : part))
}

/** A number in the page's locale: 3,950 / 3,950 (Arabic keeps Latin digits, see localeOf). */
export function formatNumber(value: number, options?: Parameters<IntlShape['formatNumber']>[1]): string {
  return intl.formatNumber(value, options)
}

/** The list's words in the page's language: "Russia, Turkey and Iran" / "روسيا وتركيا وإيران". */
export function formatList(items: readonly string[]): string {
  return intl.formatList(items, { type: 'conjunction' }) as string
}

/** Sets the document's language and direction, before anything is drawn. */
export function applyLanguage(root: HTMLElement = document.documentElement): void {
  root.lang = LANGUAGE
  root.dir = DIRECTION
}
