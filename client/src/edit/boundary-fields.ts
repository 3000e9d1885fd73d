import type { BoundaryChange, BoundaryVersion, DatePrecision } from '../api-types.ts'
import { formatDate, todayIso } from '../dates.ts'
import { el, safeHttpUrl, uniqueId } from '../dom.ts'
import type { FormErrors } from './form-errors.ts'
import { field, input, select, textarea, valueOrNull } from './form-fields.ts'

const PRECISIONS: { value: DatePrecision; label: string }[] = [
  { value: 'day', label: 'To the day' },
  { value: 'month', label: 'To the month' },
  { value: 'year', label: 'To the year' },
]

/**
 * The question a changed outline asks before it is saved: does it correct the outline in force
 * (it was drawn wrong: the current version is replaced, the old one kept as superseded), or is it
 * a new outline from a date (the zone itself changed: the current one stays in force until then)?
 * A new version needs the date it took effect, how precisely that date is known, the reason, and
 * a source. The controls' names are the paths the API reports problems at (boundary.reason).
 */
export class BoundaryFields {
  readonly element: HTMLFieldSetElement
  readonly #correction: HTMLInputElement
  readonly #newVersion: HTMLInputElement
  readonly #details: HTMLElement
  readonly #date: HTMLInputElement
  readonly #precision: HTMLSelectElement
  readonly #reason: HTMLTextAreaElement
  readonly #sourceUrl: HTMLInputElement
  readonly #sourceTitle: HTMLInputElement
  readonly #versions: HTMLElement
  readonly #dateHint: HTMLElement
  /** The day the outline in force now took effect, once known: a new version comes after it. */
  #minDate: string | null = null

  constructor() {
    const name = uniqueId('ta-boundary-change')
    this.#correction = el('input', { type: 'radio', name: 'boundary.change', value: 'correction', id: `${name}-correction`, checked: true })
    this.#newVersion = el('input', { type: 'radio', name: 'boundary.change', value: 'new-version', id: `${name}-new-version` })
    this.#date = input('boundary.effective_date', { type: 'date', required: true, max: todayIso() })
    this.#precision = select('boundary.effective_precision', PRECISIONS, 'day')
    this.#reason = textarea('boundary.reason', { required: true, maxlength: 2000 })
    this.#sourceUrl = input('boundary.source_url', { type: 'url', maxlength: 2000, placeholder: 'https://', inputmode: 'url' })
    this.#sourceTitle = input('boundary.source_title', { maxlength: 500 })
    this.#details = el(
      'div',
      { class: 'ta-boundary-details', hidden: true },
      field('In force from', this.#date, 'Not in the future.'),
      field('Date known', this.#precision, 'A date known only to the month or year: give its first day.'),
      field('Why the outline changed', this.#reason, 'What happened, in a sentence or two.'),
      field('Source (address)', this.#sourceUrl, 'The report or map the new outline rests on: an http(s) address.'),
      field('Source title', this.#sourceTitle),
    )
    this.#dateHint = this.#details.querySelector<HTMLElement>('.ta-hint')!
    this.#versions = el('p', { class: 'ta-boundary-versions ta-muted' })
    const hintId = `${name}-hint`
    this.element = el(
      'fieldset',
      { class: 'ta-fieldset ta-boundary-change', 'aria-describedby': hintId },
      el('legend', {}, 'What does the new outline record?'),
      el('p', { id: hintId, class: 'ta-hint' }, 'The map keeps every outline a zone has had, each from its date.'),
      this.#versions,
      el('div', { class: 'ta-choice' }, this.#correction, el('label', { for: this.#correction.id }, 'A correction: the outline in force was drawn wrong')),
      el('div', { class: 'ta-choice' }, this.#newVersion, el('label', { for: this.#newVersion.id }, 'A new outline from a date: the zone itself changed')),
      el('p', { class: 'ta-field-error', 'data-error-for': 'boundary' }),
      this.#details,
    )
    const toggle = () => {
      this.#details.hidden = !this.#newVersion.checked
    }
    this.#correction.addEventListener('change', toggle)
    this.#newVersion.addEventListener('change', toggle)
  }

  /** The outlines recorded so far (oldest first, as GET /zones/{id}/boundaries lists them). */
  showVersions(versions: readonly BoundaryVersion[]): void {
    const current = versions.filter((version) => version.superseded_at === null)
    const latest = current.at(-1)
    if (!latest) return
    this.#minDate = latest.effective_on
    this.#date.min = nextDay(latest.effective_on)
    this.#dateHint.textContent = `After ${formatDate(latest.effective_on, latest.effective_precision)}, when the outline in force now took effect; not in the future.`
    this.#versions.textContent =
      current.length === 1
        ? `One outline is recorded, in force since ${formatDate(latest.effective_on, latest.effective_precision)}.`
        : `${current.length} outlines are recorded; the one in force now since ${formatDate(latest.effective_on, latest.effective_precision)}.`
  }

  get isNewVersion(): boolean {
    return this.#newVersion.checked
  }

  /**
   * What to send as `boundary`: undefined for a correction (what the API does without one), the
   * new version's details, or null when a field is missing (each problem is shown beside it).
   */
  read(errors: FormErrors): BoundaryChange | undefined | null {
    if (!this.#newVersion.checked) return undefined
    let ok = true
    const date = this.#date.value
    if (!date) ok = fail(errors, 'boundary.effective_date', 'Give the day the new outline took effect.')
    else if (date > todayIso()) ok = fail(errors, 'boundary.effective_date', 'Cannot be in the future.')
    else if (this.#minDate && date <= this.#minDate) ok = fail(errors, 'boundary.effective_date', `Must be after ${formatDate(this.#minDate)}, when the outline in force now took effect; to change that outline itself, save a correction.`)
    if (!valueOrNull(this.#reason)) ok = fail(errors, 'boundary.reason', 'Say why the outline changed.')
    const url = valueOrNull(this.#sourceUrl)
    if (url && !safeHttpUrl(url)) ok = fail(errors, 'boundary.source_url', 'Give the source as an http(s) address.')
    if (!url && valueOrNull(this.#sourceTitle)) ok = fail(errors, 'boundary.source_url', 'Give the address of the source the title names.')
    if (!ok) return null
    const title = valueOrNull(this.#sourceTitle)
    return {
      change: 'new-version',
      effective_date: date,
      effective_precision: this.#precision.value as DatePrecision,
      reason: this.#reason.value.trim(),
      ...(url ? { source_url: url } : {}),
      ...(title ? { source_title: title } : {}),
    }
  }
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

function fail(errors: FormErrors, name: string, message: string): false {
  errors.fieldError(name, message)
  return false
}
