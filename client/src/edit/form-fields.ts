import { el, uniqueId } from '../dom.ts'

/**
 * The pieces of the editing forms: a labelled field with room for its error, and the form's error
 * summary. Every label is tied to its control, every error to its field (aria-describedby).
 */

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement

/** A `.ta-field` with the label, the control, an optional hint and the (empty) error line. */
export function field(label: string, control: Control, hint?: string): HTMLElement {
  const id = control.id || uniqueId(`ta-${control.name || 'field'}`)
  control.id = id
  const hintId = hint ? `${id}-hint` : null
  const errorId = `${id}-error`
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '))
  return el(
    'div',
    { class: 'ta-field', 'data-field': control.name },
    el('label', { for: id }, label, control.required ? el('span', { class: 'ta-required', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint ? el('p', { id: hintId!, class: 'ta-hint' }, hint) : null,
    el('p', { id: errorId, class: 'ta-field-error', 'data-error-for': control.name }),
  )
}

export function input(name: string, attributes: Record<string, string | number | boolean | null | undefined> = {}): HTMLInputElement {
  return el('input', { class: 'ta-input', name, ...attributes })
}

export function textarea(name: string, attributes: Record<string, string | number | boolean | null | undefined> = {}, value = ''): HTMLTextAreaElement {
  const element = el('textarea', { class: 'ta-input ta-textarea', name, rows: 3, ...attributes })
  element.value = value
  return element
}

export function select<T extends string>(name: string, options: readonly { value: T; label: string }[], value?: T | null, attributes: Record<string, string | boolean | undefined> = {}): HTMLSelectElement {
  const element = el('select', { class: 'ta-input', name, ...attributes }, ...options.map((option) => el('option', { value: option.value }, option.label)))
  if (value !== undefined && value !== null) element.value = value
  return element
}

export function button(label: string, attributes: Record<string, string | boolean | undefined> = {}, onClick?: () => void): HTMLButtonElement {
  const element = el('button', { type: 'button', class: 'ta-button', ...attributes }, label)
  if (onClick) element.addEventListener('click', onClick)
  return element
}

/** The value of a text control, trimmed; null when empty. */
export function valueOrNull(control: Control): string | null {
  const value = control.value.trim()
  return value === '' ? null : value
}
