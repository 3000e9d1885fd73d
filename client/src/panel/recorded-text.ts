import { formatDate } from '../dates.ts'

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' })

/** "As recorded on 1 March 2024" (a day: by its end), "As recorded on 1 March 2024 at 12:00 UTC". */
export function recordedText(recorded: string): string {
  if (recorded.length === 10) return `As recorded on ${formatDate(recorded)}`
  const at = new Date(recorded)
  return `As recorded on ${formatDate(at.toISOString().slice(0, 10))} at ${TIME.format(at)}`
}
