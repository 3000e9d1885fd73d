/**
 * One row of a conflict view (a zone's or an agreement's): a field as the editor loaded it, as the
 * server has it now, and as the editor's unsaved change would set it.
 */
export interface FieldComparison {
  field: string
  label: string
  /** As the editor loaded it. */
  base: string
  /** As stored on the server now. */
  server: string
  /** The editor's unsaved value, or null when the change leaves the field alone. */
  mine: string | null
  changedOnServer: boolean
  /** Both changed it: the reapplied change overwrites what the other editor saved. */
  conflict: boolean
}

/** How an empty field reads in a conflict view. */
export const NONE = '—'

/** A field's value as text; empty (null, undefined, '') reads as NONE. */
export function textOrNone(value: unknown): string {
  return value === null || value === undefined || value === '' ? NONE : String(value)
}

/** Items of a list field, sorted so two versions compare by content, not order; NONE when empty. */
export function listText(items: string[]): string {
  return items.length === 0 ? NONE : items.sort((a, b) => a.localeCompare(b, 'en')).join('; ')
}
