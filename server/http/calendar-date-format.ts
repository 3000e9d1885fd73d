import type { Ajv } from 'ajv'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Whether text is a calendar date as YYYY-MM-DD that PostgreSQL can store: RFC 3339's full-date,
 * without year 0000, which ajv-formats accepts and PostgreSQL refuses (there was no year 0).
 */
export function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (year === 0 || month < 1 || month > 12 || day < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!
  return day <= days
}

/** Makes `format: 'date'` in every route schema mean isCalendarDate (run once ajv-formats has added its own). */
export function useCalendarDateFormat(ajv: Ajv): void {
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate })
}
