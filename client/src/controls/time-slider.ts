import type { DatePrecision } from '../api-types.ts'
import { formatDate, formatNumericDate, fromDayNumber, isIsoDate, numericDatePattern, parseTypedDate, toDayNumber } from '../dates.ts'
import { el, replaceChildren, uniqueId } from '../dom.ts'
import { t } from '../i18n/index.ts'

/** A dated change to mark on the timeline: "Siege of Raqqa: active". */
export interface TimelineMark {
  date: string
  precision: DatePrecision
  text: string
}

export interface TimeSliderOptions {
  /** First day of the slider (YYYY-MM-DD). */
  start: string
  /** Last day: the latest state, shown as "today" (YYYY-MM-DD). */
  end: string
  /** The date shown; null for the latest state. */
  value: string | null
  /** Called with the chosen day, or null when the slider is back at the latest state. */
  onChange: (date: string | null) => void
  /** Pause between two steps while playing, at the normal speed. Default: 1200 ms. */
  playIntervalMs?: number
  /** Pause after the last drag movement before the map follows. Default: 150 ms. */
  dragDelayMs?: number
}

/** Play's speeds: how many times the normal pace (labels are message ids). */
const SPEEDS = [
  { label: 'time.speedSlow', factor: 2 },
  { label: 'time.speedNormal', factor: 1 },
  { label: 'time.speedFast', factor: 0.5 },
] as const

/**
 * The time slider under the map: drag it, step from one change to the next, type a date, or play
 * through the changes and the years at a chosen speed. The track marks every date on which a zone
 * changed status. The page asks the API for the zones `as_of` the chosen day. Keyboard: arrows
 * move a day, Page Up/Down a month. The date field reads and takes dates as the rest of the page
 * writes them, in the reader's locale (09/07/2017 in en-GB), not in the browser's own date-picker
 * order. A typed date applies once complete (Enter, or leaving the field), and only inside the
 * record: from its first date to today; Escape puts back the date shown.
 */
export class TimeSlider {
  readonly element: HTMLElement
  readonly #options: Required<TimeSliderOptions>
  readonly #range: HTMLInputElement
  readonly #dateInput: HTMLInputElement
  readonly #status: HTMLOutputElement
  readonly #marks: HTMLElement
  readonly #play: HTMLButtonElement
  readonly #speed: HTMLSelectElement
  readonly #dateError: HTMLElement
  #markDates: string[] = []
  #value: string | null
  #playTimer: number | null = null
  /** Set while a date is being typed: it applies on Enter or when the field is left, not per keystroke. */
  #typing = false
  #dragTimer: number | null = null
  readonly #cleanups: (() => void)[] = []

  constructor(options: TimeSliderOptions) {
    if (!isIsoDate(options.start) || !isIsoDate(options.end) || options.start > options.end) {
      throw new Error(`TimeSlider: invalid range ${options.start}..${options.end} (expected YYYY-MM-DD, start before end)`)
    }
    this.#options = { playIntervalMs: 1200, dragDelayMs: 150, ...options }
    this.#value = options.value
    const rangeId = uniqueId('ta-time-range')
    const dateId = uniqueId('ta-time-date')
    this.#range = el('input', { id: rangeId, class: 'ta-time-range', type: 'range', min: toDayNumber(options.start), max: toDayNumber(options.end), step: 1 })
    const errorId = uniqueId('ta-time-error')
    const hintId = uniqueId('ta-time-hint')
    const pattern = numericDatePattern()
    this.#dateInput = el('input', {
      id: dateId,
      class: 'ta-time-date',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: pattern,
      title: t('time.dateTitle', { pattern }),
      'aria-describedby': `${hintId} ${errorId}`,
    })
    this.#dateError = el('p', { id: errorId, class: 'ta-error ta-time-error', role: 'alert', hidden: true })
    const speedId = uniqueId('ta-time-speed')
    this.#speed = el('select', { id: speedId, class: 'ta-time-speed' }, ...SPEEDS.map(({ label, factor }) => el('option', { value: String(factor), selected: factor === 1 }, t(label))))
    this.#status = el('output', { class: 'ta-time-status', for: rangeId, 'aria-live': 'polite' })
    this.#marks = el('div', { class: 'ta-time-marks', 'aria-hidden': 'true' })
    this.#play = el('button', { type: 'button', class: 'ta-button ta-time-play', 'aria-pressed': 'false' }, t('time.play'))
    const previous = el('button', { type: 'button', class: 'ta-button ta-time-step', 'aria-label': t('time.previous'), title: t('time.previous') }, '‹')
    const next = el('button', { type: 'button', class: 'ta-button ta-time-step', 'aria-label': t('time.next'), title: t('time.next') }, '›')
    const latest = el('button', { type: 'button', class: 'ta-button ta-time-latest' }, t('time.today'))
    this.element = el(
      'section',
      { class: 'ta-time', 'aria-label': t('time.region') },
      el(
        'div',
        { class: 'ta-time-controls' },
        previous,
        this.#play,
        next,
        el('label', { class: 'ta-time-speed-label', for: speedId }, t('time.speed')),
        this.#speed,
        el('label', { class: 'ta-time-date-label', for: dateId }, t('time.date')),
        this.#dateInput,
        el('span', { id: hintId, class: 'visually-hidden' }, t('time.dateHint', { pattern })),
        latest,
        this.#status,
      ),
      this.#dateError,
      el('div', { class: 'ta-time-track' }, el('label', { class: 'visually-hidden', for: rangeId }, t('time.region')), this.#range, this.#marks, this.#yearScale()),
    )
    this.#listen(this.#range, 'input', () => this.#onDrag())
    this.#listen(this.#range, 'change', () => this.#commit(this.#rangeDate()))
    this.#listen(this.#range, 'keydown', (event) => this.#onKey(event as KeyboardEvent))
    this.#listen(this.#dateInput, 'input', () => (this.#typing = true))
    this.#listen(this.#dateInput, 'keydown', (event) => {
      const { key } = event as KeyboardEvent
      if (key === 'Enter') this.#applyTypedDate()
      else if (key === 'Escape') this.#restoreShownDate()
    })
    // Leaving the field after typing in it.
    this.#listen(this.#dateInput, 'change', () => this.#applyTypedDate())
    this.#listen(this.#speed, 'change', () => {
      if (this.#playTimer === null) return
      window.clearTimeout(this.#playTimer)
      this.#scheduleStep()
    })
    this.#listen(previous, 'click', () => this.#step(-1))
    this.#listen(next, 'click', () => this.#step(1))
    this.#listen(latest, 'click', () => this.#commit(null))
    this.#listen(this.#play, 'click', () => (this.#playTimer === null ? this.play() : this.pause()))
    this.#show()
  }

  /** Marks the dates of the changes on the track; stepping and playing go from one to the next. */
  setMarks(marks: readonly TimelineMark[]): this {
    const byDate = new Map<string, string[]>()
    for (const mark of marks) byDate.set(mark.date, [...(byDate.get(mark.date) ?? []), `${formatDate(mark.date, mark.precision)}: ${mark.text}`])
    this.#markDates = [...byDate.keys()].sort()
    const start = toDayNumber(this.#options.start)
    const span = toDayNumber(this.#options.end) - start
    replaceChildren(
      this.#marks,
      ...this.#markDates
        .filter((date) => date >= this.#options.start && date <= this.#options.end)
        .map((date) => {
          const mark = el('span', { class: 'ta-time-mark', title: byDate.get(date)!.join('\n'), 'data-date': date })
          mark.style.insetInlineStart = `${((toDayNumber(date) - start) / span) * 100}%`
          mark.addEventListener('click', () => this.#commit(date))
          return mark
        }),
    )
    return this
  }

  /** Shows a date without reporting it back (the page's state changed elsewhere). */
  setValue(date: string | null): this {
    this.#value = date
    this.#show()
    return this
  }

  play(): void {
    if (this.#playTimer !== null) return
    if (this.#value === null) this.#commit(this.#markDates.find((date) => date >= this.#options.start) ?? this.#options.start)
    this.#play.setAttribute('aria-pressed', 'true')
    this.#play.textContent = t('time.pause')
    this.#scheduleStep()
  }

  pause(): void {
    if (this.#playTimer !== null) window.clearTimeout(this.#playTimer)
    this.#playTimer = null
    this.#play.setAttribute('aria-pressed', 'false')
    this.#play.textContent = t('time.play')
  }

  destroy(): void {
    this.pause()
    if (this.#dragTimer !== null) window.clearTimeout(this.#dragTimer)
    for (const cleanup of this.#cleanups.splice(0)) cleanup()
    this.element.remove()
  }

  /** The next step of Play after the chosen pause: the next change or New Year's Day, whichever comes first. */
  #scheduleStep(): void {
    const pause = this.#options.playIntervalMs * Number(this.#speed.value)
    this.#playTimer = window.setTimeout(() => {
      const current = this.#value
      if (current === null) return this.pause()
      const newYear = `${Number(current.slice(0, 4)) + 1}-01-01`
      const change = this.#markDates.find((date) => date > current)
      this.#commit(change && change < newYear ? change : newYear)
      if (this.#value === null) this.pause()
      else this.#scheduleStep()
    }, pause)
  }

  /** The first date on record: the earliest change marked, or the slider's start. */
  #firstDate(): string {
    const first = this.#markDates[0]
    return first && first < this.#options.start ? first : this.#options.start
  }

  /** Applies the date in the field if it is complete and inside the record; says why not otherwise. */
  #applyTypedDate(): void {
    this.#typing = false
    const value = parseTypedDate(this.#dateInput.value)
    // Enter is followed by the field's change event: the date is applied once.
    if (value !== null && value === (this.#value ?? this.#options.end) && this.#dateError.hidden) return this.#show()
    const first = this.#firstDate()
    const problem = value === null
      ? t('time.incompleteDate', { pattern: numericDatePattern(), example: formatNumericDate(this.#options.end), longExample: formatDate(this.#options.end) })
      : value < first
        ? t('time.beforeRecord', { date: formatDate(first) })
        : value > this.#options.end
          ? t('time.afterToday', { date: formatDate(this.#options.end) })
          : null
    if (!problem) return this.#commit(value)
    this.#dateError.textContent = problem
    this.#dateError.hidden = false
    this.#dateInput.setAttribute('aria-invalid', 'true')
  }

  #restoreShownDate(): void {
    this.#typing = false
    this.#dateError.hidden = true
    this.#dateInput.removeAttribute('aria-invalid')
    this.#show()
  }

  /** Moves to the previous or next change; past the last one, to the latest state. False at an end. */
  #step(direction: 1 | -1): boolean {
    const current = this.#value ?? this.#options.end
    const dates = this.#markDates.filter((date) => date <= this.#options.end)
    const target = direction > 0 ? dates.find((date) => date > current) : [...dates].reverse().find((date) => date < current)
    if (target) {
      this.#commit(target)
      return true
    }
    if (direction > 0 && this.#value !== null) {
      this.#commit(null)
      return true
    }
    return false
  }

  #onDrag(): void {
    this.#value = this.#rangeDate()
    this.#show(false)
    if (this.#dragTimer !== null) window.clearTimeout(this.#dragTimer)
    this.#dragTimer = window.setTimeout(() => this.#commit(this.#rangeDate()), this.#options.dragDelayMs)
  }

  #onKey(event: KeyboardEvent): void {
    if (event.key !== 'PageUp' && event.key !== 'PageDown') return
    event.preventDefault()
    const date = new Date(`${this.#value ?? this.#options.end}T00:00:00Z`)
    date.setUTCMonth(date.getUTCMonth() + (event.key === 'PageUp' ? 1 : -1))
    const iso = date.toISOString().slice(0, 10)
    this.#commit(iso >= this.#options.end ? null : iso < this.#options.start ? this.#options.start : iso)
  }

  #rangeDate(): string | null {
    const date = fromDayNumber(Number(this.#range.value))
    return date >= this.#options.end ? null : date
  }

  #commit(date: string | null): void {
    if (this.#dragTimer !== null) window.clearTimeout(this.#dragTimer)
    this.#dragTimer = null
    this.#dateError.hidden = true
    this.#dateInput.removeAttribute('aria-invalid')
    this.#value = date !== null && date >= this.#options.end ? null : date
    this.#show()
    this.#options.onChange(this.#value)
  }

  #show(updateStatus = true): void {
    const date = this.#value
    const day = toDayNumber(date ?? this.#options.end)
    this.#range.value = String(Math.min(Math.max(day, Number(this.#range.min)), Number(this.#range.max)))
    const text = date ? formatDate(date) : t('time.todayWithDate', { date: formatDate(this.#options.end) })
    this.#range.setAttribute('aria-valuetext', text)
    if (!this.#typing) this.#dateInput.value = formatNumericDate(date ?? this.#options.end)
    if (updateStatus) this.#status.textContent = date ? t('time.mapAsOf', { date: text }) : t('time.mapAsOfToday')
    this.element.classList.toggle('is-latest', date === null)
  }

  #yearScale(): HTMLElement {
    const start = toDayNumber(this.#options.start)
    const span = toDayNumber(this.#options.end) - start
    const firstYear = Number(this.#options.start.slice(0, 4)) + (this.#options.start.endsWith('-01-01') ? 0 : 1)
    const lastYear = Number(this.#options.end.slice(0, 4))
    const years: HTMLElement[] = []
    for (let year = firstYear; year <= lastYear; year++) {
      const tick = el('span', { class: 'ta-time-year' }, String(year))
      tick.style.insetInlineStart = `${((toDayNumber(`${year}-01-01`) - start) / span) * 100}%`
      years.push(tick)
    }
    return el('div', { class: 'ta-time-years', 'aria-hidden': 'true' }, ...years)
  }

  #listen(target: EventTarget, type: string, handler: (event: Event) => void): void {
    target.addEventListener(type, handler)
    this.#cleanups.push(() => target.removeEventListener(type, handler))
  }
}
