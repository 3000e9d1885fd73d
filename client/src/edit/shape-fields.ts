import type { Geometry } from 'geojson'
import { el, uniqueId } from '../dom.ts'
import { button } from './form-fields.ts'

export interface ShapeFieldsOptions {
  /** The shape typed in as GeoJSON, to put on the map. */
  onApply: (geometry: Geometry | null) => void
}

/**
 * The shape's part of a form: where the server's verdict on the shape goes, and the shape as
 * GeoJSON text, which can be edited and applied (the keyboard's way to change a shape).
 */
export class ShapeFields {
  readonly element: HTMLElement
  readonly #text: HTMLTextAreaElement
  readonly #summary: HTMLElement

  constructor(options: ShapeFieldsOptions) {
    const textId = uniqueId('ta-geometry-json')
    this.#text = el('textarea', { id: textId, class: 'ta-input ta-textarea ta-geojson', name: 'geometry_json', rows: 6, spellcheck: 'false', 'aria-describedby': `${textId}-error` })
    const error = el('p', { id: `${textId}-error`, class: 'ta-field-error', 'data-error-for': 'geometry_json' })
    this.#summary = el('p', { class: 'ta-shape-summary', role: 'status' })
    const apply = button('Apply the GeoJSON', {}, () => {
      error.textContent = ''
      try {
        const text = this.#text.value.trim()
        const value = text === '' || text === 'null' ? null : (JSON.parse(text) as Geometry)
        if (value !== null && (typeof value !== 'object' || typeof (value as { type?: unknown }).type !== 'string')) throw new Error('a GeoJSON geometry is an object with a "type"')
        options.onApply(value)
      } catch (reason) {
        error.textContent = `Not applied: ${reason instanceof Error ? reason.message : String(reason)}`
        this.#text.setAttribute('aria-invalid', 'true')
        this.#text.focus()
      }
    })
    this.element = el(
      'div',
      { class: 'ta-field ta-shape-field', 'data-field': 'geometry' },
      el('p', { class: 'ta-field-label' }, 'Shape'),
      this.#summary,
      el('p', { class: 'ta-field-error', 'data-error-for': 'geometry', role: 'alert' }),
      el(
        'details',
        { class: 'ta-geojson-box' },
        el('summary', {}, 'Edit as GeoJSON'),
        el('label', { for: textId }, 'The shape as a GeoJSON geometry (longitude, latitude)'),
        this.#text,
        error,
        apply,
      ),
    )
  }

  /** Shows the shape as it now is. */
  show(geometry: Geometry | null): void {
    this.#text.value = geometry ? JSON.stringify(geometry) : ''
    this.#text.removeAttribute('aria-invalid')
    this.#summary.textContent = describeGeometry(geometry)
  }
}

/** "An area with 1 hole", "2 lines", "No shape yet". */
export function describeGeometry(geometry: Geometry | null): string {
  if (!geometry) return 'No shape yet: draw one with the tools at the top left of the map.'
  switch (geometry.type) {
    case 'Polygon':
      return `An area of ${geometry.coordinates[0]!.length - 1} vertices${geometry.coordinates.length > 1 ? ` with ${plural(geometry.coordinates.length - 1, 'hole')}` : ''}.`
    case 'MultiPolygon':
      return `${plural(geometry.coordinates.length, 'area')}.`
    case 'LineString':
      return `A line of ${geometry.coordinates.length} vertices.`
    case 'MultiLineString':
      return `${plural(geometry.coordinates.length, 'line')}.`
    case 'Point':
      return `A point at ${geometry.coordinates[1]!.toFixed(4)}, ${geometry.coordinates[0]!.toFixed(4)}.`
    case 'MultiPoint':
      return `${plural(geometry.coordinates.length, 'point')}.`
    case 'GeometryCollection':
      return `${plural(geometry.geometries.length, 'part')} of different sorts.`
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
