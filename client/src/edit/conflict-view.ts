import type { ZoneFeature } from '../api-types.ts'
import { el } from '../dom.ts'
import { button } from './form-fields.ts'
import { compareZone, type LocalChange } from './zone-diff.ts'

export interface ConflictViewOptions {
  /** The zone as the editor loaded it. */
  base: ZoneFeature
  /** The zone as the server has it now. */
  current: ZoneFeature
  /** The editor's unsaved change. */
  change: LocalChange
  partyNames?: ReadonlyMap<string, string>
  onReapply: () => void
  onDiscard: () => void
}

/**
 * Someone saved the zone first (412): what they changed, beside the editor's own change, field by
 * field; then reapply the change onto the new version, or discard it. Nothing is overwritten
 * without the editor choosing to.
 */
export function conflictView(options: ConflictViewOptions): HTMLElement {
  const { base, current, change } = options
  const rows = compareZone(base, current, change, options.partyNames)
  const shown = rows.filter((row) => row.changedOnServer || row.mine !== null)
  const conflicts = rows.filter((row) => row.conflict)
  const headingId = `ta-conflict-${current.id}`
  const reapply = button(`Reapply my change to version ${current.properties.version}`, { class: 'ta-button ta-button-primary ta-conflict-reapply' }, options.onReapply)
  const discard = button('Discard my change', { class: 'ta-button ta-conflict-discard' }, options.onDiscard)
  return el(
    'section',
    { class: 'ta-conflict', role: 'alert', 'aria-labelledby': headingId, 'data-version': current.properties.version },
    el('h4', { id: headingId, tabindex: -1 }, 'Someone saved this zone first'),
    el(
      'p',
      {},
      `You started from version ${base.properties.version}; the server now has version ${current.properties.version}. Your change was not saved. `,
      conflicts.length
        ? `Both of you changed: ${conflicts.map((row) => row.label.toLowerCase()).join(', ')}. Reapplying puts your value over theirs.`
        : 'The other changes do not touch the fields you changed.',
    ),
    el(
      'table',
      { class: 'ta-conflict-table' },
      el('caption', { class: 'visually-hidden' }, 'What changed on the server since you loaded the zone, beside your change'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'On the server now'), el('th', { scope: 'col' }, 'Your change'))),
      el(
        'tbody',
        {},
        ...shown.map((row) =>
          el(
            'tr',
            { class: row.conflict ? 'is-conflict' : row.changedOnServer ? 'is-theirs' : 'is-mine', 'data-field': row.field, 'data-changed-on-server': String(row.changedOnServer) },
            el('th', { scope: 'row' }, row.label),
            el(
              'td',
              { class: 'ta-conflict-server' },
              row.changedOnServer
                ? el('span', {}, el('span', { class: 'ta-conflict-now' }, row.field === 'geometry' ? 'changed' : row.server), el('span', { class: 'ta-conflict-was' }, row.field === 'geometry' ? 'a new shape was saved' : `was: ${row.base}`))
                : el('span', { class: 'ta-muted' }, 'unchanged'),
            ),
            el('td', { class: 'ta-conflict-mine' }, row.mine ?? el('span', { class: 'ta-muted' }, 'unchanged')),
          ),
        ),
      ),
    ),
    el('div', { class: 'ta-form-actions' }, reapply, discard),
  )
}
