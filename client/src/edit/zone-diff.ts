import type { StatusChangeBody, ZoneFeature, ZonePatch } from '../api-types.ts'
import { KIND_LABELS, ROLE_LABELS, STATUS_LABELS } from '../labels.ts'
import { roundGeometry } from './geometry-parts.ts'

/** A change an editor made and has not saved yet: what a conflict shows and what "reapply" sends again. */
export type LocalChange =
  | { type: 'patch'; patch: ZonePatch }
  | { type: 'status'; body: StatusChangeBody }
  | { type: 'undo'; reason: string }
  | { type: 'archive' }

/** One row of the conflict view. */
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

const NONE = '—'

/**
 * Field by field: the zone as the editor loaded it, as the server has it now, and the editor's change.
 *
 * @example
 * compareZone(loaded, current, { type: 'patch', patch: { name: 'New name' } })
 * // [{ field: 'name', base: 'Old', server: 'Old', mine: 'New name', changedOnServer: false, conflict: false }, ...]
 */
export function compareZone(base: ZoneFeature, server: ZoneFeature, change: LocalChange, partyNames: ReadonlyMap<string, string> = new Map()): FieldComparison[] {
  const b = base.properties
  const s = server.properties
  const patch = change.type === 'patch' ? change.patch : {}
  const text = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? NONE : value)
  const partiesText = (feature: ZoneFeature) => formatParties(feature.properties.parties.map((party) => ({ name: party.name, role: party.role })))
  const mineParties = patch.parties
    ? formatParties(patch.parties.map((party) => ({ name: partyNames.get(party.party) ?? party.party, role: party.role })))
    : null
  const sameGeometry = JSON.stringify(roundGeometry(base.geometry)) === JSON.stringify(roundGeometry(server.geometry))
  const status = (feature: ZoneFeature) => `${STATUS_LABELS[feature.properties.status]} since ${feature.properties.status_since}`
  const mineStatus =
    change.type === 'status'
      ? `${STATUS_LABELS[change.body.status]} since ${change.body.effective_date}`
      : change.type === 'undo'
        ? 'the latest change undone'
        : null

  const rows: Omit<FieldComparison, 'changedOnServer' | 'conflict'>[] = [
    { field: 'name', label: 'Name', base: b.name, server: s.name, mine: patch.name ?? null },
    { field: 'status', label: 'Status', base: status(base), server: status(server), mine: mineStatus },
    { field: 'description', label: 'Description', base: text(b.description), server: text(s.description), mine: 'description' in patch ? text(patch.description) : null },
    { field: 'kind', label: 'Kind', base: KIND_LABELS[b.kind], server: KIND_LABELS[s.kind], mine: patch.kind ? KIND_LABELS[patch.kind] : null },
    { field: 'proposed_on', label: 'Proposed on', base: text(b.proposed_on), server: text(s.proposed_on), mine: 'proposed_on' in patch ? text(patch.proposed_on) : null },
    { field: 'in_force_from', label: 'In force from', base: text(b.in_force_from), server: text(s.in_force_from), mine: 'in_force_from' in patch ? text(patch.in_force_from) : null },
    { field: 'ended_on', label: 'Ended on', base: text(b.ended_on), server: text(s.ended_on), mine: 'ended_on' in patch ? text(patch.ended_on) : null },
    {
      field: 'location_precision',
      label: 'Outline',
      base: b.location_precision,
      server: s.location_precision,
      mine: patch.location_precision ?? null,
    },
    { field: 'geometry_note', label: 'Note on the outline', base: text(b.geometry_note), server: text(s.geometry_note), mine: 'geometry_note' in patch ? text(patch.geometry_note) : null },
    { field: 'parties', label: 'Parties', base: partiesText(base), server: partiesText(server), mine: mineParties },
    {
      field: 'geometry',
      label: 'Shape',
      base: base.geometry ? 'as loaded' : 'none',
      server: sameGeometry ? 'unchanged' : 'changed',
      mine: patch.geometry !== undefined ? (patch.geometry ? (patch.boundary?.change === 'new-version' ? `your new outline, in force from ${patch.boundary.effective_date}` : 'your new shape') : 'removed') : null,
    },
    { field: 'archived', label: 'Archived', base: 'no', server: 'no', mine: change.type === 'archive' ? 'yes' : null },
  ]
  return rows.map((row) => {
    const changedOnServer = row.field === 'geometry' ? !sameGeometry : row.base !== row.server
    return { ...row, changedOnServer, conflict: changedOnServer && row.mine !== null }
  })
}

function formatParties(parties: { name: string; role: keyof typeof ROLE_LABELS }[]): string {
  if (parties.length === 0) return NONE
  return parties
    .map((party) => `${party.name} (${ROLE_LABELS[party.role]})`)
    .sort((a, b) => a.localeCompare(b, 'en'))
    .join('; ')
}
