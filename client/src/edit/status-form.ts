import { allowedTransitions } from '../../../server/domain/statuses.ts'
import type { AgreementFeature, ZoneFeature } from '../api-types.ts'
import { formatDate, todayIso } from '../dates.ts'
import { el, safeHttpUrl } from '../dom.ts'
import { STATUS_LABELS } from '../labels.ts'
import { FormErrors } from './form-errors.ts'
import { button, field, input, select, textarea, valueOrNull } from './form-fields.ts'
import type { LocalChange } from './zone-diff.ts'

export interface EditForm {
  element: HTMLFormElement
  errors: FormErrors
}

export interface EditFormActions {
  onSubmit: (change: LocalChange) => void
  onCancel: () => void
}

/** The agreements to offer under "Under agreement": the zone's own first, then the others. */
export interface AgreementChoices {
  zone: readonly AgreementFeature[]
  others: readonly AgreementFeature[]
}

/**
 * Changing a zone's status: only the transitions the rules allow from its current status (from
 * server/domain/statuses.ts, the list the API checks), the date it took effect, a reason and a
 * source, all required but the source's title; and, optionally, the agreement the change follows
 * from.
 */
export function statusForm(base: ZoneFeature, actions: EditFormActions, agreements: AgreementChoices = { zone: [], others: [] }): EditForm {
  const p = base.properties
  const allowed = allowedTransitions(p.status)
  const form = el('form', { class: 'ta-form ta-status-form', 'aria-label': 'Change the status', novalidate: true })
  const errors = new FormErrors(form)
  if (allowed.length === 0) {
    form.append(
      el('p', {}, `${STATUS_LABELS[p.status]} is final: no status follows it. Undo the latest change from the timeline if it was a mistake.`),
      el('div', { class: 'ta-form-actions' }, button('Close', {}, actions.onCancel)),
    )
    return { element: form, errors }
  }
  const status = select('status', allowed.map((value) => ({ value, label: STATUS_LABELS[value] })), allowed[0], { required: true })
  const date = input('effective_date', { type: 'date', required: true, min: p.status_since, value: todayIso() })
  const reason = textarea('reason', { required: true, maxlength: 2000 })
  const sourceUrl = input('source_url', { type: 'url', required: true, maxlength: 2000, placeholder: 'https://', inputmode: 'url' })
  const sourceTitle = input('source_title', { maxlength: 500 })
  const agreement = agreementSelect(agreements)
  const save = el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Save the status change')
  form.append(
    el('p', { class: 'ta-form-intro' }, `Now ${STATUS_LABELS[p.status].toLowerCase()} since ${p.status_since}. The change is added to the timeline with your name.`),
    errors.summary,
    field('New status', status),
    field('In effect from', date, `On or after ${p.status_since}.`),
    field('Reason', reason, 'What happened, in a sentence or two.'),
    field('Source (address)', sourceUrl, 'The report or statement this rests on: an http(s) address.'),
    field('Source title', sourceTitle),
    ...(agreement ? [field('Under agreement', agreement, 'The agreement this change follows from, if one does.')] : []),
    el('div', { class: 'ta-form-actions' }, save, button('Cancel', {}, actions.onCancel)),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    errors.clear()
    let ok = true
    if (!date.value) ok = fail(errors, 'effective_date', 'Give the date the change took effect.')
    else if (date.value < p.status_since) ok = fail(errors, 'effective_date', `Must be on or after ${p.status_since}.`)
    if (!valueOrNull(reason)) ok = fail(errors, 'reason', 'Give a reason.')
    if (!safeHttpUrl(sourceUrl.value.trim())) ok = fail(errors, 'source_url', 'Give the source as an http(s) address.')
    if (!ok) {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    const title = valueOrNull(sourceTitle)
    const agreementSlug = agreement ? valueOrNull(agreement) : null
    actions.onSubmit({
      type: 'status',
      body: {
        status: status.value as (typeof allowed)[number],
        effective_date: date.value,
        reason: reason.value.trim(),
        source_url: sourceUrl.value.trim(),
        ...(title ? { source_title: title } : {}),
        ...(agreementSlug ? { agreement: agreementSlug } : {}),
      },
    })
  })
  return { element: form, errors }
}

/** None, then the zone's agreements, then the others; null when there are no agreements at all. */
function agreementSelect(choices: AgreementChoices): HTMLSelectElement | null {
  const own = new Set(choices.zone.map((agreement) => agreement.properties.slug))
  const others = choices.others.filter((agreement) => !own.has(agreement.properties.slug))
  if (own.size === 0 && others.length === 0) return null
  const option = (agreement: AgreementFeature) => {
    const p = agreement.properties
    return el('option', { value: p.slug }, p.signed_on ? `${p.title} (${formatDate(p.signed_on, p.signed_precision)})` : p.title)
  }
  const group = (label: string, items: readonly AgreementFeature[]) => (items.length ? el('optgroup', { label }, ...items.map(option)) : null)
  return el(
    'select',
    { class: 'ta-input', name: 'agreement' },
    el('option', { value: '' }, 'None'),
    group('Agreements of this zone', choices.zone),
    group('Other agreements', others),
  )
}

function fail(errors: FormErrors, name: string, message: string): false {
  errors.fieldError(name, message)
  return false
}
