import type { Geometry } from 'geojson'
import { KINDS, type Kind } from '../../../server/domain/kinds.ts'
import { SLUG_PATTERN } from '../../../server/domain/parties.ts'
import { STATUSES, type Status } from '../../../server/domain/statuses.ts'
import { ApiError, type Api } from '../api.ts'
import type { LocationPrecision, NewZoneFeature, ZoneFeature } from '../api-types.ts'
import { todayIso } from '../dates.ts'
import { el, safeHttpUrl } from '../dom.ts'
import { KIND_LABELS, STATUS_LABELS } from '../labels.ts'
import { FormErrors } from './form-errors.ts'
import { button, field, input, select, textarea, valueOrNull } from './form-fields.ts'
import { ShapeFields } from './shape-fields.ts'
import { drawShapesFor } from './draw-shapes.ts'
import type { ShapeSession } from './shape-session.ts'

export interface NewZoneFormOptions {
  api: Api
  startShape: (geometry: Geometry | null, kind: Kind, onChange: (geometry: Geometry | null) => void) => ShapeSession
  onCreated: (feature: ZoneFeature) => void
  onCancel: () => void
}

/**
 * A new zone: its kind first (which decides how it is drawn: a point for an observation post, a
 * line for a corridor, an area otherwise), the shape drawn on the map, then its name, first status
 * with the date, reason and source. The server checks the shape; its verdict shows at the vertex.
 */
export class NewZoneForm {
  readonly element: HTMLFormElement
  readonly #options: NewZoneFormOptions
  #shape: ShapeSession | null = null
  readonly #fields: ShapeFields
  readonly #kind: HTMLSelectElement

  constructor(options: NewZoneFormOptions) {
    this.#options = options
    const form = el('form', { class: 'ta-form ta-new-zone-form', 'aria-labelledby': 'ta-new-zone-title', novalidate: true })
    const errors = new FormErrors(form, { geometry: 'geometry' })
    this.#kind = select('kind', KINDS.map((value) => ({ value, label: KIND_LABELS[value] })), 'ceasefire-zone')
    const drawHint = el('p', { class: 'ta-hint', role: 'status' })
    const name = input('name', { required: true, maxlength: 200 })
    const slug = input('slug', { maxlength: 100, pattern: SLUG_PATTERN, autocomplete: 'off' })
    const description = textarea('description', { maxlength: 10000 })
    const status = select<Status>('status', STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })), 'proposed')
    const date = input('effective_date', { type: 'date', required: true, value: todayIso() })
    const reason = textarea('reason', { required: true, maxlength: 2000 })
    const sourceUrl = input('source_url', { type: 'url', maxlength: 2000, placeholder: 'https://' })
    const sourceTitle = input('source_title', { maxlength: 500 })
    const precision = select<LocationPrecision>(
      'location_precision',
      [
        { value: 'approximate', label: 'Approximate (drawn from sourced places)' },
        { value: 'exact', label: 'Exact (an official or surveyed map)' },
        { value: 'region', label: 'Region only (where it lies is known, not its line)' },
      ],
      'approximate',
    )
    const note = textarea('geometry_note', { maxlength: 2000 })
    this.#fields = new ShapeFields({ onApply: (geometry) => this.#shape?.editor.setGeometry(geometry) })
    const save = el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, 'Create the zone')

    const describeDrawing = () => {
      const shapes = drawShapesFor(this.#kind.value as Kind)
      const words = { Polygon: 'an area', Line: 'a line', Marker: 'a point' }
      drawHint.textContent = `${KIND_LABELS[this.#kind.value as Kind]}: drawn as ${shapes.map((shape) => words[shape]).join(' or ')}. Use the shape tools at the top left of the map.`
    }
    this.#kind.addEventListener('change', () => {
      this.#startShape(this.#shape?.editor.geometry() ?? null)
      describeDrawing()
    })

    form.append(
      el('h2', { id: 'ta-new-zone-title', class: 'ta-tool-title', tabindex: -1 }, 'New zone'),
      errors.summary,
      field('Kind', this.#kind),
      drawHint,
      this.#fields.element,
      field('Name', name),
      field('Slug', slug, 'Optional: lowercase words joined by hyphens; made from the name when left empty.'),
      field('Description', description),
      el(
        'fieldset',
        { class: 'ta-fieldset' },
        el('legend', {}, 'First status'),
        field('Status', status),
        field('In effect from', date),
        field('Reason', reason, 'What happened, for the timeline.'),
        field('Source (address)', sourceUrl),
        field('Source title', sourceTitle),
      ),
      field('Outline', precision),
      field('Note on the outline', note),
      el('div', { class: 'ta-form-actions' }, save, button('Cancel', {}, options.onCancel)),
    )
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      errors.clear()
      this.#shape?.editor.clearProblems()
      if (!valueOrNull(name)) errors.fieldError('name', 'A zone needs a name.')
      if (valueOrNull(slug) && !new RegExp(SLUG_PATTERN).test(slug.value.trim())) errors.fieldError('slug', 'Lowercase words joined by hyphens.')
      if (!date.value) errors.fieldError('effective_date', 'Give the date the status took effect.')
      if (!valueOrNull(reason)) errors.fieldError('reason', 'Give a reason.')
      if (valueOrNull(sourceUrl) && !safeHttpUrl(sourceUrl.value.trim())) errors.fieldError('source_url', 'An http(s) address, or nothing.')
      const invalid = form.querySelector<HTMLElement>('[aria-invalid="true"]')
      if (invalid) {
        invalid.focus()
        return
      }
      const geometry = this.#shape?.editor.geometry() ?? null
      const optional = (key: string, value: string | null) => (value ? { [key]: value } : {})
      const feature: NewZoneFeature = {
        type: 'Feature',
        geometry,
        properties: {
          name: name.value.trim(),
          kind: this.#kind.value as Kind,
          ...optional('slug', valueOrNull(slug)),
          description: valueOrNull(description),
          status: status.value as Status,
          effective_date: date.value,
          reason: reason.value.trim(),
          ...optional('source_url', valueOrNull(sourceUrl)),
          ...optional('source_title', valueOrNull(sourceTitle)),
          location_precision: precision.value as LocationPrecision,
          geometry_note: valueOrNull(note),
        },
      }
      save.disabled = true
      form.setAttribute('aria-busy', 'true')
      options.api
        .createZone(feature)
        .then((created) => {
          this.destroy()
          options.onCreated(created.value)
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 422) this.#shape?.editor.showProblems(error.problem?.errors ?? [], geometry)
          errors.show(error, 'The zone was not created.')
        })
        .finally(() => {
          save.disabled = false
          form.removeAttribute('aria-busy')
        })
    })
    this.element = form
    describeDrawing()
    this.#startShape(null)
  }

  destroy(): void {
    this.#shape?.stop()
    this.#shape = null
  }

  #startShape(geometry: Geometry | null): void {
    this.#shape?.stop()
    this.#shape = this.#options.startShape(geometry, this.#kind.value as Kind, (changed) => this.#fields.show(changed))
    this.#fields.show(this.#shape.editor.geometry())
  }
}
