import type { AgreementFeature, AgreementPatch } from '../api-types.ts'
import { conflictView } from '../edit/conflict-view.ts'
import { type FieldComparison, listText, textOrNone } from '../edit/field-comparison.ts'
import { button } from '../edit/form-fields.ts'
import { AGREEMENT_EFFECT_LABELS, AGREEMENT_ROLE_LABELS } from './agreement-labels.ts'

const LABELS: Record<string, string> = {
  title: 'Title',
  signed_on: 'Signed on',
  signed_precision: 'Date known',
  place: 'Place',
  class: 'Class',
  form: 'Form',
  purpose: 'Purpose',
  description: 'Description',
  text_url: 'Text of the agreement',
  pax_id: 'PA-X id',
  ucdp_conflict_id: 'UCDP conflict id',
  duration_days: 'Duration (days)',
  expires_on: 'Expires on',
  renewal_terms: 'Renewal terms',
  curation_note: 'Curation note',
  parties: 'Parties',
  zones: 'Zones',
  sources: 'Sources',
}

/**
 * Field by field: the agreement as the editor loaded it, as the server has it now, and the
 * editor's change (only fields that someone changed are returned).
 */
export function compareAgreement(base: AgreementFeature, server: AgreementFeature, patch: AgreementPatch): FieldComparison[] {
  const rows: FieldComparison[] = []
  for (const [key, label] of Object.entries(LABELS)) {
    const was = textOf(base, key)
    const now = textOf(server, key)
    const mine = key in patch ? patchText(key, patch, server) : null
    const changedOnServer = was !== now
    if (!changedOnServer && mine === null) continue
    rows.push({ field: key, label, base: was, server: now, mine, changedOnServer, conflict: changedOnServer && mine !== null })
  }
  return rows
}

function textOf(agreement: AgreementFeature, key: string): string {
  const p = agreement.properties
  if (key === 'parties') return listText(p.parties.map((party) => `${party.name} (${AGREEMENT_ROLE_LABELS[party.role]})`))
  if (key === 'zones') return listText(p.zones.map((zone) => `${zone.name} (${AGREEMENT_EFFECT_LABELS[zone.effect]})`))
  if (key === 'sources') return listText([...(p.source_urls ?? [])])
  return textOrNone((p as unknown as Record<string, unknown>)[key])
}

function patchText(key: string, patch: AgreementPatch, server: AgreementFeature): string {
  const names = new Map([...server.properties.parties, ...server.properties.zones].map((item) => [item.slug, item.name]))
  if (key === 'parties') return listText((patch.parties ?? []).map((party) => `${names.get(party.party) ?? party.party} (${AGREEMENT_ROLE_LABELS[party.role]})`))
  if (key === 'zones') return listText((patch.zones ?? []).map((zone) => `${names.get(String(zone.zone)) ?? zone.zone} (${AGREEMENT_EFFECT_LABELS[zone.effect]})`))
  if (key === 'sources') return listText((patch.sources ?? []).map((source) => source.url))
  return textOrNone((patch as Record<string, unknown>)[key])
}

export interface AgreementConflictOptions {
  base: AgreementFeature
  current: AgreementFeature
  patch: AgreementPatch
  onReapply: () => void
  onReload: () => void
}

/**
 * Someone saved the agreement first (412): what they changed beside the editor's change; then
 * reapply the change onto the new version, or reload the agreement as it is now (the change is
 * dropped). Nothing is overwritten without the editor choosing to.
 */
export function agreementConflictView(options: AgreementConflictOptions): HTMLElement {
  const { base, current } = options
  const version = current.properties.version
  return conflictView({
    subject: 'agreement',
    headingId: `ta-agreement-conflict-${current.id}`,
    headingLevel: 'h3',
    baseVersion: base.properties.version,
    currentVersion: version,
    rows: compareAgreement(base, current, options.patch),
    actions: [
      button(`Reapply my change to version ${version}`, { class: 'ta-button ta-button-primary ta-conflict-reapply' }, options.onReapply),
      button('Reload the agreement (drop my change)', { class: 'ta-button ta-conflict-reload' }, options.onReload),
    ],
  })
}
