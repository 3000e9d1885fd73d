/** The languages the Atlas names things in: English, and Arabic where a name is known. */
export const LANGUAGES = ['en', 'ar'] as const

export type Language = (typeof LANGUAGES)[number]
