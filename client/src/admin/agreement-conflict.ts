import type { AgreementFeature, AgreementPatch } from '../api-types.ts'
import { el } from '../dom.ts'
import { button } from '../edit/form-fields.ts'
import { AGREEMENT_EFFECT_LABELS, AGREEMENT_ROLE_LABELS } from './agreement-labels.ts'

/** One row of the agreement's conflict view: a field as loaded, as stored now, and as the editor changed it. */
export interface AgreementFieldComparison {
  field: string
  label: string
  base: string
  server: string
  /** null: the editor's change leaves the field alone. */
  mine: string | null
  changedOnServer: boolean
  conflict: boolean
}

const NONE = '—'

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
export function compareAgreement(base: AgreementFeature, server: AgreementFeature, patch: AgreementPatch): AgreementFieldComparison[] {
  const rows: AgreementFieldComparison[] = []
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
  const value = (p as unknown as Record<string, unknown>)[key]
  return value === null || value === undefined || value === '' ? NONE : String(value)
}

function patchText(key: string, patch: AgreementPatch, server: AgreementFeature): string {
  const names = new Map([...server.properties.parties, ...server.properties.zones].map((item) => [item.slug, item.name]))
  if (key === 'parties') return listText((patch.parties ?? []).map((party) => `${names.get(party.party) ?? party.party} (${AGREEMENT_ROLE_LABELS[party.role]})`))
  if (key === 'zones') return listText((patch.zones ?? []).map((zone) => `${names.get(String(zone.zone)) ?? zone.zone} (${AGREEMENT_EFFECT_LABELS[zone.effect]})`))
  if (key === 'sources') return listText((patch.sources ?? []).map((source) => source.url))
  const value = (patch as Record<string, unknown>)[key]
  return value === null || value === undefined || value === '' ? NONE : String(value)
}

function listText(items: string[]): string {
  return items.length === 0 ? NONE : items.sort((a, b) => a.localeCompare(b, 'en')).join('; ')
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
  const rows = compareAgreement(base, current, options.patch)
  const conflicts = rows.filter((row) => row.conflict)
  const headingId = `ta-agreement-conflict-${current.id}`
  return el(
    'section',
    { class: 'ta-conflict', role: 'alert', 'aria-labelledby': headingId, 'data-version': current.properties.version },
    el('h3', { id: headingId, tabindex: -1 }, 'Someone saved this agreement first'),
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
      el('caption', { class: 'visually-hidden' }, 'What changed on the server since you loaded the agreement, beside your change'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'On the server now'), el('th', { scope: 'col' }, 'Your change'))),
      el(
        'tbody',
        {},
        ...rows.map((row) =>
          el(
            'tr',
            { class: row.conflict ? 'is-conflict' : row.changedOnServer ? 'is-theirs' : 'is-mine', 'data-field': row.field, 'data-changed-on-server': String(row.changedOnServer) },
            el('th', { scope: 'row' }, row.label),
            el(
              'td',
              { class: 'ta-conflict-server' },
              row.changedOnServer
                ? el('span', {}, el('span', { class: 'ta-conflict-now' }, row.server), el('span', { class: 'ta-conflict-was' }, `was: ${row.base}`))
                : el('span', { class: 'ta-muted' }, 'unchanged'),
            ),
            el('td', { class: 'ta-conflict-mine' }, row.mine ?? el('span', { class: 'ta-muted' }, 'unchanged')),
          ),
        ),
      ),
    ),
    el(
      'div',
      { class: 'ta-form-actions' },
      button(`Reapply my change to version ${current.properties.version}`, { class: 'ta-button ta-button-primary ta-conflict-reapply' }, options.onReapply),
      button('Reload the agreement (drop my change)', { class: 'ta-button ta-conflict-reload' }, options.onReload),
    ),
  )
}
