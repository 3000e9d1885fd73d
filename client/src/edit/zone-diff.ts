import type { StatusChangeBody, ZoneFeature, ZonePatch } from '../api-types.ts'
import { KIND_LABELS, ROLE_LABELS, STATUS_LABELS } from '../labels.ts'
import { type FieldComparison, listText, textOrNone } from './field-comparison.ts'
import { roundGeometry } from './geometry-parts.ts'

/** A change an editor made and has not saved yet: what a conflict shows and what "reapply" sends again. */
export type LocalChange =
  | { type: 'patch'; patch: ZonePatch }
  | { type: 'status'; body: StatusChangeBody }
  | { type: 'undo'; reason: string }
  | { type: 'archive' }

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
    { field: 'description', label: 'Description', base: textOrNone(b.description), server: textOrNone(s.description), mine: 'description' in patch ? textOrNone(patch.description) : null },
    { field: 'kind', label: 'Kind', base: KIND_LABELS[b.kind], server: KIND_LABELS[s.kind], mine: patch.kind ? KIND_LABELS[patch.kind] : null },
    { field: 'proposed_on', label: 'Proposed on', base: textOrNone(b.proposed_on), server: textOrNone(s.proposed_on), mine: 'proposed_on' in patch ? textOrNone(patch.proposed_on) : null },
    { field: 'in_force_from', label: 'In force from', base: textOrNone(b.in_force_from), server: textOrNone(s.in_force_from), mine: 'in_force_from' in patch ? textOrNone(patch.in_force_from) : null },
    { field: 'ended_on', label: 'Ended on', base: textOrNone(b.ended_on), server: textOrNone(s.ended_on), mine: 'ended_on' in patch ? textOrNone(patch.ended_on) : null },
    {
      field: 'location_precision',
      label: 'Outline',
      base: b.location_precision,
      server: s.location_precision,
      mine: patch.location_precision ?? null,
    },
    { field: 'geometry_note', label: 'Note on the outline', base: textOrNone(b.geometry_note), server: textOrNone(s.geometry_note), mine: 'geometry_note' in patch ? textOrNone(patch.geometry_note) : null },
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
  return listText(parties.map((party) => `${party.name} (${ROLE_LABELS[party.role]})`))
}
