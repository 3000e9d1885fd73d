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
