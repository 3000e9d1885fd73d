import { KINDS, type Kind } from '../../../server/domain/kinds.ts'
import type { LocationPrecision, ZoneFeature, ZonePatch } from '../api-types.ts'
import { el } from '../dom.ts'
import { KIND_LABELS } from '../labels.ts'
import { FormErrors } from './form-errors.ts'
import { button, field, input, select, textarea, valueOrNull } from './form-fields.ts'
import type { EditForm, EditFormActions } from './status-form.ts'

/**
 * A zone's name, description, kind, dates and the precision of its outline. Only the fields the
 * editor changed are sent, so a save never rewrites a field someone else changed meanwhile.
 */
export function detailsForm(base: ZoneFeature, actions: EditFormActions): EditForm {
  const p = base.properties
  const form = el('form', { class: 'ta-form ta-details-form', 'aria-label': 'Edit the details', novalidate: true })
  const errors = new FormErrors(form)
  const name = input('name', { required: true, maxlength: 200, value: p.name })
  const description = textarea('description', { maxlength: 10000, rows: 5 }, p.description ?? '')
  const kind = select('kind', KINDS.map((value) => ({ value, label: KIND_LABELS[value] })), p.kind)
  const proposed = input('proposed_on', { type: 'date', value: p.proposed_on ?? '' })
  const inForce = input('in_force_from', { type: 'date', value: p.in_force_from ?? '' })
  const ended = input('ended_on', { type: 'date', value: p.ended_on ?? '' })
  const precision = select<LocationPrecision>(
    'location_precision',
    [
      { value: 'approximate', label: 'Approximate (drawn from sourced places)' },
      { value: 'exact', label: 'Exact (an official or surveyed map)' },
      { value: 'region', label: 'Region only (where it lies is known, not its line)' },
    ],
    p.location_precision,
  )
  const note = textarea('geometry_note', { maxlength: 2000 }, p.geometry_note ?? '')
  const save = el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Save the details')
  form.append(
    errors.summary,
    field('Name', name),
    field('Description', description),
    field('Kind', kind, 'The kind decides how the shape may be drawn (points, lines or areas).'),
    el(
      'fieldset',
      { class: 'ta-fieldset' },
      el('legend', {}, 'Dates'),
      field('Proposed on', proposed),
      field('In force from', inForce),
      field('Ended on', ended),
    ),
    field('Outline', precision),
    field('Note on the outline', note, 'Where the outline comes from, and how sure it is.'),
    el('div', { class: 'ta-form-actions' }, save, button('Cancel', {}, actions.onCancel)),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    errors.clear()
    if (!valueOrNull(name)) {
      errors.fieldError('name', 'A zone needs a name.')
      name.focus()
      return
    }
    const patch: ZonePatch = {}
    if (name.value.trim() !== p.name) patch.name = name.value.trim()
    if (valueOrNull(description) !== (p.description ?? null)) patch.description = valueOrNull(description)
    if (kind.value !== p.kind) patch.kind = kind.value as Kind
    if ((proposed.value || null) !== p.proposed_on) patch.proposed_on = proposed.value || null
    if ((inForce.value || null) !== p.in_force_from) patch.in_force_from = inForce.value || null
    if ((ended.value || null) !== p.ended_on) patch.ended_on = ended.value || null
    if (precision.value !== p.location_precision) patch.location_precision = precision.value as LocationPrecision
    if (valueOrNull(note) !== (p.geometry_note ?? null)) patch.geometry_note = valueOrNull(note)
    if (Object.keys(patch).length === 0) {
      errors.fieldError('form', 'Nothing has changed.')
      return
    }
    actions.onSubmit({ type: 'patch', patch })
  })
  return { element: form, errors }
}
