/**
 * The interface's languages: English and Arabic. The language is the one the link names (`lang=`),
 * else the first of the browser's languages the interface has, else English.
 */
export const LANGUAGES = ['en', 'ar'] as const
export type Language = (typeof LANGUAGES)[number]

const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(['ar'])

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** The language of a link's `lang`, or of the first browser language whose primary subtag the interface has. */
export function chooseLanguage(fromLink: string | null, browserLanguages: readonly string[]): Language {
  if (isLanguage(fromLink)) return fromLink
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0]
    if (isLanguage(primary)) return primary
  }
  return 'en'
}

export function directionOf(language: Language): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr'
}

/**
 * The locale of the page's dates and numbers in a language. Arabic is written as Syrians write it
 * (ar-SY: the Syriac month names, تموز for July) with the digits Intl's plain `ar` uses today (Latin:
 * 9 تموز 2017), so dates, counts and the typed date field read one way. English keeps the browser's
 * own English (en-US writes 7/9/2017, en-GB 09/07/2017), British English otherwise.
 */
export function localeOf(language: Language, browserLanguages: readonly string[]): string {
  if (language === 'ar') return 'ar-SY-u-nu-latn'
  const english = browserLanguages.find((tag) => tag.toLowerCase().split('-')[0] === 'en')
  try {
    return english ? (Intl.DateTimeFormat.supportedLocalesOf(english)[0] ?? 'en-GB') : 'en-GB'
  } catch {
    return 'en-GB' // a malformed language tag
  }
}
