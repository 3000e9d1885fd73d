import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl'
import { chooseLanguage, directionOf, type Language } from './languages.ts'
import { ALL_MESSAGES } from './messages/index.ts'

export { LANGUAGES, type Language } from './languages.ts'

/**
 * The interface's language for this page and the one way to write its text: `t(id, values)` formats
 * a message of the catalogue (client/src/i18n/messages) with ICU MessageFormat (plurals, selects,
 * numbers and dates in the reader's locale), via FormatJS.
 *
 *   t('incidents.count', { count: 3 })   // "3 incidents" / "3 حوادث"
 */

function languageOfPage(): Language {
  if (typeof location === 'undefined' || typeof navigator === 'undefined') return 'en'
  const fromLink = new URLSearchParams(location.search).get('lang')
  return chooseLanguage(fromLink, navigator.languages ?? [navigator.language])
}

export const LANGUAGE: Language = languageOfPage()
export const DIRECTION = directionOf(LANGUAGE)

const cache = createIntlCache()
const intl: IntlShape<string> = createIntl(
  {
    locale: LANGUAGE,
    defaultLocale: 'en',
    messages: ALL_MESSAGES[LANGUAGE],
    // A missing message is a bug the catalogue test reports; the page shows the English text meanwhile.
    onError: (error) => console.warn(error.message),
  },
  cache,
)
const english: IntlShape<string> = LANGUAGE === 'en' ? intl : createIntl({ locale: 'en', messages: ALL_MESSAGES.en }, cache)

type Values = Record<string, string | number | boolean | Date | null | undefined>

/** The message `id` in the page's language, with `values` put in. */
export function t(id: string, values?: Values): string {
  const messages = ALL_MESSAGES[LANGUAGE] as Record<string, string>
  const shape = id in messages ? intl : english
  return shape.formatMessage({ id }, values) as string
}

/** Sets the document's language and direction, before anything is drawn. */
export function applyLanguage(root: HTMLElement = document.documentElement): void {
  root.lang = LANGUAGE
  root.dir = DIRECTION
}
