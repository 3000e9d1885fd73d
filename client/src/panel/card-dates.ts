import type { DatePrecision } from '../api-types.ts'
import { formatDate } from '../dates.ts'
import { el } from '../dom.ts'

/** A <time> as precise as the date is known: "July 2017" carries datetime="2017-07". */
export function dateTime(isoDate: string, precision: DatePrecision = 'day'): HTMLElement {
  return el('time', { datetime: precision === 'day' ? isoDate : precision === 'month' ? isoDate.slice(0, 7) : isoDate.slice(0, 4) }, formatDate(isoDate, precision))
}
