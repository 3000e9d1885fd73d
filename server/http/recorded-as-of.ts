import { badRequest } from './problem.ts'

/**
 * The `recorded_as_of` parameter: an RFC 3339 date-time (with Z or an offset), or a date, meaning
 * the end of that day in UTC. The read shows what the Atlas had recorded by that instant. A moment
 * still to come simply means now: nothing is recorded after now.
 *
 *   recordedInstant('2026-03-01')                  // '2026-03-01T23:59:59.999999Z'
 *   recordedInstant('2026-03-01T12:00:00+02:00')   // '2026-03-01T12:00:00+02:00' (PostgreSQL reads the offset)
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// A space stands for '+' in the offset: an unencoded '+' in a URL arrives as a space.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([Zz]|[+\- ](\d{2}):(\d{2}))$/

const WHERE = 'query.recorded_as_of'

/** The JSON Schema pattern of the parameter; recordedInstant checks the calendar. */
export const RECORDED_AS_OF_PATTERN = '^\\d{4}-\\d{2}-\\d{2}([Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?([Zz]|[+\\- ]\\d{2}:\\d{2}))?$'

function isRealDate(text: string): boolean {
  const match = DATE.exec(text)
  if (!match || match[1] === '0000') return false
  const day = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text
}

/** The instant as PostgreSQL reads a timestamptz, or a 400 problem saying what is wrong. */
export function recordedInstant(text: string): string {
  if (isRealDate(text)) return `${text}T23:59:59.999999Z`
  const match = DATE_TIME.exec(text)
  const [, date, hours, minutes, seconds, , zone, zoneHours, zoneMinutes] = match ?? []
  const sound = match && isRealDate(date!) && Number(hours) <= 23 && Number(minutes) <= 59 && Number(seconds) <= 59 && (zoneHours === undefined || (Number(zoneHours) <= 23 && Number(zoneMinutes) <= 59))
  if (!sound) throw badRequest(WHERE, `${JSON.stringify(text)} is not an RFC 3339 date (2026-03-01, the end of that day in UTC) or date-time (2026-03-01T12:00:00Z)`)
  return zone!.startsWith(' ') ? text.replace(/ (?=\d{2}:\d{2}$)/, '+') : text
}
