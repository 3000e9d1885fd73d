import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { recordedText } from '../panel/recorded-text.ts'

export interface RecordControlOptions {
  /** The link's recorded_as_of, or null for the record as it is now. */
  recorded: string | null
  /** Pins the link to the record as it is at this moment (an RFC 3339 time, to the second), or unpins it (null). */
  onChange: (recorded: string | null) => void
  /** The time now. Default: the clock's. */
  now?: () => Date
}

/**
 * "As recorded on": a link may pin the record as the Atlas held it at a moment (recorded_as_of),
 * so it keeps showing what its reader saw after later corrections. Pinned, the time bar says so
 * plainly, with a button back to the current record; unpinned, a button pins the link to now.
 */
export class RecordControl {
  readonly element: HTMLElement

  constructor(options: RecordControlOptions) {
    const now = options.now ?? (() => new Date())
    if (options.recorded) {
      const back = el('button', { type: 'button', class: 'ta-button ta-record-current' }, t('record.showCurrent'))
      back.addEventListener('click', () => options.onChange(null))
      this.element = el(
        'p',
        { class: 'ta-record is-pinned', role: 'note', 'data-recorded': options.recorded },
        el('strong', {}, `${recordedText(options.recorded)}.`),
        ` ${t('record.notShown')} `,
        back,
      )
      return
    }
    const pin = el(
      'button',
      { type: 'button', class: 'ta-button ta-record-pin', title: t('record.pinTitle') },
      t('record.pin'),
    )
    pin.addEventListener('click', () => options.onChange(now().toISOString().slice(0, 19) + 'Z'))
    this.element = el('p', { class: 'ta-record' }, pin)
  }
}
