import type { DatePrecision } from './api-types.ts'
import { LANGUAGE, LOCALE } from './i18n/index.ts'

/** Calendar dates as the API sends them (YYYY-MM-DD), handled in UTC so no time zone shifts a day. */

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

/** True for a real calendar date in YYYY-MM-DD form (2017-02-30 is not). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** Days since 1970-01-01: the value of the time slider. */
export function toDayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS)
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

/**
 * The page's locale (i18n LOCALE): it follows the interface's language, so every date on the page
 * reads one way (9 July 2017, 9 تموز 2017); British English where there is no browser (tests in Node).
 */
export { LOCALE }

const FORMATS: Record<DatePrecision, Intl.DateTimeFormat> = {
  day: new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  month: new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  year: new Intl.DateTimeFormat(LOCALE, { year: 'numeric', timeZone: 'UTC' }),
}

/**
 * A date as people read it, no more precise than it is known: a change known to the month is
 * "July 2017", never "1 July 2017".
 */
export function formatDate(isoDate: string, precision: DatePrecision = 'day'): string {
  return FORMATS[precision].format(new Date(`${isoDate}T00:00:00Z`))
}

/** A date in running text as the data writes it: 2017-10-12, or a span 2017-10-12/14, 2019-04-30/05-06. */
const DATE_IN_TEXT = /\b(\d{4})-(\d{2})-(\d{2})(?:\/(?:(\d{2})-)?(\d{2}))?\b/g

/**
 * Running text with each date in it written as the page writes dates (formatDate), spans as one
 * range ("12–14 October 2017"), so the data's notes read like the rest of the page.
 */
export function formatDatesIn(text: string): string {
  return text.replace(DATE_IN_TEXT, (whole, year: string, month: string, day: string, endMonth?: string, endDay?: string) => {
    const start = `${year}-${month}-${day}`
    if (!isIsoDate(start)) return whole
    if (endDay === undefined) return formatDate(start)
    const end = `${year}-${endMonth ?? month}-${endDay}`
    if (!isIsoDate(end) || end <= start) return whole
    return FORMATS.day.formatRange(new Date(`${start}T00:00:00Z`), new Date(`${end}T00:00:00Z`))
  })
}

type NumericPart = 'day' | 'month' | 'year'

/** The locale's short numeric date: 09/07/2017 in en-GB, 07/09/2017 in en-US. */
function numericFormat(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })
}

/** The order in which the locale writes day, month and year in a numeric date. */
function numericOrder(locale: string): NumericPart[] {
  return numericFormat(locale)
    .formatToParts(new Date(Date.UTC(2017, 6, 9)))
    .map((part) => part.type)
    .filter((type): type is NumericPart => type === 'day' || type === 'month' || type === 'year')
}

/** A date in the locale's short numeric form, as the date field shows it: 09/07/2017 in en-GB. */
export function formatNumericDate(isoDate: string, locale: string = LOCALE): string {
  return numericFormat(locale).format(new Date(`${isoDate}T00:00:00Z`))
}

/** The letters that stand for day, month and year in the pattern of a typed date, by language. */
const PATTERN_LETTERS: Record<string, Partial<Record<Intl.DateTimeFormatPartTypes, string>>> = {
  en: { day: 'dd', month: 'mm', year: 'yyyy' },
  ar: { day: 'يوم', month: 'شهر', year: 'سنة' },
}

/** The form a typed date takes in the locale, to tell the reader: dd/mm/yyyy in en-GB, mm/dd/yyyy in en-US, يوم/شهر/سنة in Arabic. */
export function numericDatePattern(locale: string = LOCALE): string {
  const letters = PATTERN_LETTERS[locale.split('-')[0]!] ?? PATTERN_LETTERS.en!
  return numericFormat(locale)
    .formatToParts(new Date(Date.UTC(2017, 6, 9)))
    .map((part) => letters[part.type] ?? part.value.replace(BIDI_MARKS, ''))
    .join('')
}

/** The marks Intl puts in Arabic dates to keep their parts in order (RLM, ALM, LRM): not part of the date. */
const BIDI_MARKS = /[\u200e\u200f\u061c]/g

/** Arabic-Indic and Persian digits, as an Arabic keyboard types them, as the digits 0-9. */
function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => String((digit.charCodeAt(0) & 0xf) % 10))
}

/** The page's own names of the months (Arabic: كانون الثاني … كانون الأول, and the Egyptian يناير …), lower case. */
function localMonthNames(): string[][] {
  if (LANGUAGE !== 'ar') return []
  const names = (locale: string) => Array.from({ length: 12 }, (_, month) => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2017, month, 15))))
  return [names(LOCALE), names('ar-EG')]
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** The month a name stands for: "July", "jul", "Sept" (at least three letters); null otherwise. */
function monthNamed(word: string): number | null {
  const name = word.toLowerCase()
  const index = name.length >= 3 ? MONTHS.findIndex((month) => month.startsWith(name)) : -1
  return index === -1 ? null : index + 1
}

function isoOf(year: string, month: number, day: number): string | null {
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

/**
 * The calendar date (YYYY-MM-DD) a person typed, or null when it is not a complete, real date. Takes
 * the locale's numeric order with / . - or space between the parts (en-GB 9/7/2017, 09.07.2017;
 * en-US 7/9/2017) or none (09072017), ISO (2017-07-09), and an English month name ("9 July 2017",
 * "July 9, 2017", "9 Jul 2017"). The year has four digits: 9/7/17 is not taken, it could be read
 * more than one way.
 */
export function parseTypedDate(text: string, locale: string = LOCALE): string | null {
  let plain = latinDigits(text.replace(BIDI_MARKS, '')).replace(/\u060c/g, ',')
  // A month of two words (كانون الثاني) becomes its number before the text is split.
  for (const names of localMonthNames()) names.forEach((name, index) => (plain = plain.replace(name, ` ${index + 1} `)))
  const words = plain.trim().split(/[\s,./-]+/).filter(Boolean)
  if (words.length === 1 && /^\d{8}$/.test(words[0]!)) {
    const digits = words[0]!
    const order = numericOrder(locale)
    const widths: Record<NumericPart, number> = { day: 2, month: 2, year: 4 }
    let at = 0
    const parts = {} as Record<NumericPart, string>
    for (const part of order) {
      parts[part] = digits.slice(at, at + widths[part])
      at += widths[part]
    }
    return isoOf(parts.year, Number(parts.month), Number(parts.day))
  }
  if (words.length !== 3) return null
  const named = words.map(monthNamed)
  const nameAt = named.findIndex((month) => month !== null)
  if (nameAt !== -1) {
    const numbers = words.filter((_, index) => index !== nameAt).map((word) => word.replace(/^(\d{1,2})(st|nd|rd|th)$/i, '$1'))
    const year = numbers.find((word) => /^\d{4}$/.test(word))
    const day = numbers.find((word) => /^\d{1,2}$/.test(word))
    return year && day ? isoOf(year, named[nameAt]!, Number(day)) : null
  }
  if (!words.every((word) => /^\d{1,4}$/.test(word))) return null
  // Year first is ISO whatever the locale; otherwise the locale's order.
  const order: NumericPart[] = words[0]!.length === 4 ? ['year', 'month', 'day'] : numericOrder(locale)
  const parts = Object.fromEntries(order.map((part, index) => [part, words[index]!])) as Record<NumericPart, string>
  if (!/^\d{4}$/.test(parts.year) || parts.day.length > 2 || parts.month.length > 2) return null
  return isoOf(parts.year, Number(parts.month), Number(parts.day))
}
