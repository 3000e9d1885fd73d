import { formatDate, formatNumericDate, numericDatePattern, parseTypedDate } from '../dates.ts'
import { el, uniqueId } from '../dom.ts'
import { t } from '../i18n/index.ts'
import type { CompareDates } from '../state.ts'

export interface CompareControlOptions {
  /** The last day that may be compared: today (YYYY-MM-DD). */
  today: string
  /** Compare mode's dates, or null to leave it. */
  onChange: (compare: CompareDates | null) => void
  /** The dates the form offers when opened outside compare mode: the map's date and today. */
  suggest: () => CompareDates
}

/**
 * The time bar's control of compare mode: a button opens a form of two dates, typed as the time
 * slider's date is (in the reader's order, 01/07/2017 in en-GB, or "1 July 2017"); Compare (or
 * Enter) draws the map of the second date against the first and lists the changes between; "Leave
 * compare mode" goes back to the map of one date. While comparing, the time slider is hidden
 * (the time bar's class is-comparing) and this control says which dates are compared.
 */
export class CompareControl {
  readonly element: HTMLElement
  readonly #options: CompareControlOptions
  readonly #open: HTMLButtonElement
  readonly #form: HTMLFormElement
  readonly #from: HTMLInputElement
  readonly #to: HTMLInputElement
  readonly #error: HTMLElement
  readonly #status: HTMLElement
  readonly #leave: HTMLButtonElement
  #value: CompareDates | null = null

  constructor(options: CompareControlOptions) {
    this.#options = options
    const pattern = numericDatePattern()
    const fromId = uniqueId('ta-compare-from')
    const toId = uniqueId('ta-compare-to')
    const errorId = uniqueId('ta-compare-error')
    const input = (id: string, title: string) =>
      el('input', { id, class: 'ta-time-date ta-compare-date', type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', placeholder: pattern, title, 'aria-describedby': errorId })
    this.#from = input(fromId, t('compare.fromTitle', { pattern }))
    this.#to = input(toId, t('compare.toTitle', { pattern }))
    this.#error = el('p', { id: errorId, class: 'ta-error ta-compare-error', role: 'alert', hidden: true })
    this.#status = el('p', { class: 'ta-compare-status', 'aria-live': 'polite' })
    this.#open = el('button', { type: 'button', class: 'ta-button ta-compare-open', 'aria-expanded': 'false' }, t('compare.title'))
    this.#leave = el('button', { type: 'button', class: 'ta-button ta-compare-leave' }, t('compare.leave'))
    const cancel = el('button', { type: 'button', class: 'ta-button ta-compare-cancel' }, t('compare.cancel'))
    this.#form = el(
      'form',
      { class: 'ta-compare-form', hidden: true, novalidate: true },
      el(
        'fieldset',
        { class: 'ta-compare-fields' },
        el('legend', {}, t('compare.title')),
        el('label', { for: fromId }, t('compare.from')),
        this.#from,
        el('label', { for: toId }, t('compare.to')),
        this.#to,
        el('button', { type: 'submit', class: 'ta-button ta-button-primary ta-compare-apply' }, t('compare.apply')),
        cancel,
        this.#leave,
      ),
      this.#error,
    )
    this.element = el('section', { class: 'ta-compare', 'aria-label': t('compare.title') }, this.#open, this.#form, this.#status)
    this.#open.addEventListener('click', () => this.#showForm(true))
    cancel.addEventListener('click', () => {
      this.#showForm(false)
      this.#open.focus()
    })
    this.#leave.addEventListener('click', () => {
      this.#options.onChange(null)
      this.#open.focus()
    })
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault()
      this.#apply()
    })
    this.#form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.#value) {
        this.#showForm(false)
        this.#open.focus()
      }
    })
    this.setValue(null)
  }

  /** Shows compare mode's dates (null: not comparing), without reporting them back. */
  setValue(compare: CompareDates | null): this {
    this.#value = compare
    this.#hideError()
    if (compare) this.#fill(compare)
    this.#form.hidden = !compare
    this.#open.hidden = Boolean(compare)
    this.#open.setAttribute('aria-expanded', 'false')
    this.#leave.hidden = !compare
    this.#form.querySelector('.ta-compare-cancel')!.toggleAttribute('hidden', Boolean(compare))
    this.#status.textContent = compare ? t('compare.status', { to: formatDate(compare.to), from: formatDate(compare.from) }) : ''
    this.#status.hidden = !compare
    return this
  }

  #showForm(open: boolean): void {
    if (open) this.#fill(this.#value ?? this.#options.suggest())
    this.#hideError()
    this.#form.hidden = !open
    this.#open.hidden = open
    this.#open.setAttribute('aria-expanded', String(open))
    if (open) this.#from.focus()
  }

  #fill(compare: CompareDates): void {
    this.#from.value = formatNumericDate(compare.from)
    this.#to.value = formatNumericDate(compare.to)
  }

  #apply(): void {
    const from = parseTypedDate(this.#from.value)
    const to = parseTypedDate(this.#to.value)
    const example = { pattern: numericDatePattern(), example: formatNumericDate(this.#options.today) }
    const today = this.#options.today
    const problem =
      from === null
        ? [this.#from, t('compare.enterFrom', example)] as const
        : to === null
          ? [this.#to, t('compare.enterTo', example)] as const
          : from > to
            ? [this.#to, t('compare.reversed')] as const
            : to > today
              ? [this.#to, t('compare.afterToday', { date: formatDate(today) })] as const
              : null
    if (problem) {
      const [field, message] = problem
      this.#error.textContent = message
      this.#error.hidden = false
      field.setAttribute('aria-invalid', 'true')
      field.focus()
      return
    }
    this.#hideError()
    this.#options.onChange({ from: from!, to: to! })
  }

  #hideError(): void {
    this.#error.hidden = true
    this.#from.removeAttribute('aria-invalid')
    this.#to.removeAttribute('aria-invalid')
  }
}
