import type { ZoneFeature } from '../api-types.ts'
import { conflictView } from './conflict-view.ts'
import type { FieldComparison } from './field-comparison.ts'
import { button } from './form-fields.ts'
import { compareZone, type LocalChange } from './zone-diff.ts'

export interface ZoneConflictOptions {
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

/** A shape is not shown as text: a changed one is only said to have changed. */
function shapeOrValueChange(row: FieldComparison): { now: string; was: string } {
  return row.field === 'geometry' ? { now: 'changed', was: 'a new shape was saved' } : { now: row.server, was: `was: ${row.base}` }
}

/**
 * Someone saved the zone first (412): what they changed, beside the editor's own change; then
 * reapply the change onto the new version, or discard it.
 */
export function zoneConflictView(options: ZoneConflictOptions): HTMLElement {
  const { base, current } = options
  const version = current.properties.version
  return conflictView({
    subject: 'zone',
    headingId: `ta-conflict-${current.id}`,
    headingLevel: 'h4',
    baseVersion: base.properties.version,
    currentVersion: version,
    rows: compareZone(base, current, options.change, options.partyNames),
    serverChange: shapeOrValueChange,
    actions: [
      button(`Reapply my change to version ${version}`, { class: 'ta-button ta-button-primary ta-conflict-reapply' }, options.onReapply),
      button('Discard my change', { class: 'ta-button ta-conflict-discard' }, options.onDiscard),
    ],
  })
}
