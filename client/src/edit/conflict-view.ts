import { el } from '../dom.ts'
import type { FieldComparison } from './field-comparison.ts'

export interface ConflictViewOptions {
  /** What was saved first, as the heading and caption name it: 'zone', 'agreement'. */
  subject: string
  /** Unique in the page; labels the section. */
  headingId: string
  headingLevel: 'h3' | 'h4'
  /** The version the editor loaded. */
  baseVersion: number
  /** The version the server has now. */
  currentVersion: number
  rows: readonly FieldComparison[]
  /** How a field the server changed is told; by default its value now and what it was. */
  serverChange?: (row: FieldComparison) => { now: string; was: string }
  /** The editor's ways out (reapply, discard or reload). */
  actions: HTMLElement[]
}

const valueNowAndWas = (row: FieldComparison) => ({ now: row.server, was: `was: ${row.base}` })

/**
 * Someone saved the same thing first (412): what they changed, beside the editor's own change, field
 * by field, and the editor's choices. Nothing is overwritten without the editor choosing to.
 */
export function conflictView(options: ConflictViewOptions): HTMLElement {
  const { subject, headingId, baseVersion, currentVersion } = options
  const serverChange = options.serverChange ?? valueNowAndWas
  const shown = options.rows.filter((row) => row.changedOnServer || row.mine !== null)
  const conflicts = options.rows.filter((row) => row.conflict)
  return el(
    'section',
    { class: 'ta-conflict', role: 'alert', 'aria-labelledby': headingId, 'data-version': currentVersion },
    el(options.headingLevel, { id: headingId, tabindex: -1 }, `Someone saved this ${subject} first`),
    el(
      'p',
      {},
      `You started from version ${baseVersion}; the server now has version ${currentVersion}. Your change was not saved. `,
      conflicts.length
        ? `Both of you changed: ${conflicts.map((row) => row.label.toLowerCase()).join(', ')}. Reapplying puts your value over theirs.`
        : 'The other changes do not touch the fields you changed.',
    ),
    el(
      'table',
      { class: 'ta-conflict-table' },
      el('caption', { class: 'visually-hidden' }, `What changed on the server since you loaded the ${subject}, beside your change`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'On the server now'), el('th', { scope: 'col' }, 'Your change'))),
      el('tbody', {}, ...shown.map((row) => comparisonRow(row, serverChange))),
    ),
    el('div', { class: 'ta-form-actions' }, ...options.actions),
  )
}

function comparisonRow(row: FieldComparison, serverChange: (row: FieldComparison) => { now: string; was: string }): HTMLElement {
  const change = row.changedOnServer ? serverChange(row) : null
  return el(
    'tr',
    { class: row.conflict ? 'is-conflict' : row.changedOnServer ? 'is-theirs' : 'is-mine', 'data-field': row.field, 'data-changed-on-server': String(row.changedOnServer) },
    el('th', { scope: 'row' }, row.label),
    el(
      'td',
      { class: 'ta-conflict-server' },
      change
        ? el('span', {}, el('span', { class: 'ta-conflict-now' }, change.now), el('span', { class: 'ta-conflict-was' }, change.was))
        : el('span', { class: 'ta-muted' }, 'unchanged'),
    ),
    el('td', { class: 'ta-conflict-mine' }, row.mine ?? el('span', { class: 'ta-muted' }, 'unchanged')),
  )
}
