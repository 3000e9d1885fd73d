/** PostgreSQL type ids whose text form we keep, so both backends return the same values. */
export const PG_TYPES = { INT8: 20, DATE: 1082 } as const

/** Dates stay 'YYYY-MM-DD' strings: a Date object would shift them with the time zone. */
export const parseDate = (text: string): string => text
export const parseInt8 = (text: string): number => Number.parseInt(text, 10)
