import { formatDate, LOCALE } from '../dates.ts'
import { t } from '../i18n/index.ts'

const TIME = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' })

/** "As recorded on 1 March 2024" (a day: by its end), "As recorded on 1 March 2024 at 12:00 UTC". */
export function recordedText(recorded: string): string {
  if (recorded.length === 10) return t('record.asRecordedOn', { date: formatDate(recorded) })
  const at = new Date(recorded)
  return t('record.asRecordedAt', { date: formatDate(at.toISOString().slice(0, 10)), time: TIME.format(at) })
}
