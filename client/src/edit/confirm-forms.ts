import type { HistoryEntry } from '../api-types.ts'
import { formatDate } from '../dates.ts'
import { el } from '../dom.ts'
import { STATUS_LABELS } from '../labels.ts'
import { FormErrors } from './form-errors.ts'
import { button, field, textarea, valueOrNull } from './form-fields.ts'
import type { EditForm, EditFormActions } from './status-form.ts'

/** The two short forms of a zone's editing section: archiving, and undoing the latest status change. */

/** Archiving, once confirmed. */
export function archiveForm(actions: EditFormActions): EditForm {
  const label = 'Archive the zone'
  const question = 'Archive this zone? It leaves the map, the lists and the exports; an admin can restore it.'
  const form = el('form', { class: 'ta-form ta-confirm-form', 'aria-label': label })
  const errors = new FormErrors(form)
  form.append(el('p', {}, question), errors.summary, el('div', { class: 'ta-form-actions' }, el('button', { type: 'submit', class: 'ta-button ta-button-danger' }, label), button('Cancel', {}, actions.onCancel)))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    actions.onSubmit({ type: 'archive' })
  })
  return { element: form, errors }
}

/** Undoing the latest status change, with the reason (required). */
export function undoForm(entry: HistoryEntry | undefined, actions: EditFormActions): EditForm {
  const form = el('form', { class: 'ta-form ta-undo-form', 'aria-label': 'Undo the latest status change', novalidate: true })
  const errors = new FormErrors(form)
  const reason = textarea('reason', { required: true, maxlength: 2000 })
  const what = entry ? `the change to ${STATUS_LABELS[entry.to_status].toLowerCase()} recorded for ${formatDate(entry.effective_on, entry.effective_precision)}` : 'the latest status change'
  form.append(
    el('p', {}, `Undo ${what}? A new entry reverses it; the timeline keeps both.`),
    errors.summary,
    field('Why undo it', reason),
    el('div', { class: 'ta-form-actions' }, el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Undo the change'), button('Cancel', {}, actions.onCancel)),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    errors.clear()
    const text = valueOrNull(reason)
    if (!text) {
      errors.fieldError('reason', 'Say why the change is undone.')
      reason.focus()
      return
    }
    actions.onSubmit({ type: 'undo', reason: text })
  })
  return { element: form, errors }
}
