import { SLUG_PATTERN } from '../../../server/domain/parties.ts'
import type { AgreementClass, AgreementEffect, AgreementForm, AgreementPurpose, AgreementRole } from '../../../server/domain/agreements.ts'
import type { AgreementFeature, AgreementInput, AgreementPatch, DatePrecision, Party } from '../api-types.ts'
import { el, safeHttpUrl } from '../dom.ts'
import { FormErrors } from '../edit/form-errors.ts'
import { button, field, input, select, textarea, valueOrNull } from '../edit/form-fields.ts'
import {
  AGREEMENT_CLASS_LABELS,
  AGREEMENT_EFFECT_LABELS,
  AGREEMENT_FORM_LABELS,
  AGREEMENT_PURPOSE_LABELS,
  AGREEMENT_ROLE_LABELS,
  PRECISION_LABELS,
  optionsOf,
} from './agreement-labels.ts'
import { LinkedItems } from './linked-items.ts'
import { SourceList } from './source-list.ts'

export interface AgreementFormOptions {
  /** The agreement to edit (as stored now), or null for a new one. */
  base: AgreementFeature | null
  /** Every party, to choose signatories and the others from. */
  parties: readonly Party[]
  /** Every zone, to link. */
  zones: readonly { slug: string; name: string }[]
  /** A new agreement: the whole record; an edit: only the fields that changed. */
  onSubmit: (body: AgreementInput | AgreementPatch) => void
  onCancel: () => void
}

export interface AgreementFormView {
  element: HTMLFormElement
  errors: FormErrors
}

/** The largest value a PostgreSQL integer holds: ids and durations above it are refused here already. */
const MAX_INTEGER = 2_147_483_647
/** The longest duration the API takes: a hundred years. */
const MAX_DURATION_DAYS = 36_500

/** Keys compared to tell what an edit changed (the slug is fixed once created). */
const EDITABLE_KEYS = [
  'title',
  'signed_on',
  'signed_precision',
  'place',
  'class',
  'form',
  'purpose',
  'description',
  'text_url',
  'pax_id',
  'ucdp_conflict_id',
  'duration_days',
  'expires_on',
  'renewal_terms',
  'curation_note',
  'parties',
  'zones',
  'sources',
] as const satisfies readonly (keyof AgreementInput)[]

/**
 * Creating or editing an agreement: its title and date, what sort it is, its terms, references to
 * PA-X and UCDP, who signed (and guaranteed, mediated, observed, or was left out), which zones it
 * creates, changes, confirms or ends, and a source. Each field's problem shows beside it; the
 * server's too (problem+json paths).
 */
export function agreementForm(options: AgreementFormOptions): AgreementFormView {
  const base = options.base?.properties ?? null
  const editing = base !== null
  const form = el('form', { class: 'ta-form ta-agreement-form', 'aria-label': editing ? `Edit the agreement ${base.title}` : 'New agreement', novalidate: true })
  const errors = new FormErrors(form)

  const title = input('title', { required: true, maxlength: 300, value: base?.title ?? '' })
  const slug = input('slug', { maxlength: 100, pattern: SLUG_PATTERN, autocomplete: 'off', value: base?.slug ?? '', disabled: editing })
  const signedOn = input('signed_on', { type: 'date', value: base?.signed_on ?? '' })
  const signedPrecision = select<DatePrecision>('signed_precision', optionsOf(PRECISION_LABELS), base?.signed_precision ?? 'day')
  const place = input('place', { maxlength: 200, value: base?.place ?? '' })
  const agreementClass = select<AgreementClass>('class', optionsOf(AGREEMENT_CLASS_LABELS), base?.class ?? 'bilateral')
  const agreementForm = select<AgreementForm>('form', optionsOf(AGREEMENT_FORM_LABELS), base?.form ?? 'written')
  const purpose = select<AgreementPurpose>('purpose', optionsOf(AGREEMENT_PURPOSE_LABELS), base?.purpose ?? 'ceasefire')
  const description = textarea('description', { maxlength: 10_000, rows: 5 }, base?.description ?? '')
  const textUrl = input('text_url', { type: 'url', maxlength: 2000, placeholder: 'https://', inputmode: 'url', value: base?.text_url ?? '' })
  const paxId = input('pax_id', { maxlength: 50, autocomplete: 'off', value: base?.pax_id ?? '' })
  const ucdpId = input('ucdp_conflict_id', { type: 'number', min: 1, max: MAX_INTEGER, step: 1, value: base?.ucdp_conflict_id ?? '' })
  const duration = input('duration_days', { type: 'number', min: 1, max: MAX_DURATION_DAYS, step: 1, value: base?.duration_days ?? '' })
  const expiresOn = input('expires_on', { type: 'date', value: base?.expires_on ?? '' })
  const renewal = textarea('renewal_terms', { maxlength: 2000 }, base?.renewal_terms ?? '')
  const curation = textarea('curation_note', { maxlength: 10_000 }, base?.curation_note ?? '')
  const sources = new SourceList(sourcesOf(options.base))

  const parties = new LinkedItems<AgreementRole>({
    name: 'parties',
    legend: 'Parties',
    itemLabel: 'Party',
    relationLabel: 'Role',
    choices: options.parties.map((party) => ({ value: party.slug, label: party.name })),
    relations: AGREEMENT_ROLE_LABELS,
    initial: (base?.parties ?? []).map((party) => ({ value: party.slug, relation: party.role, note: party.note })),
    oncePerItem: false,
  })
  const zones = new LinkedItems<AgreementEffect>({
    name: 'zones',
    legend: 'Zones',
    itemLabel: 'Zone',
    relationLabel: 'Effect',
    choices: options.zones.map((zone) => ({ value: zone.slug, label: zone.name })),
    relations: AGREEMENT_EFFECT_LABELS,
    initial: (base?.zones ?? []).map((zone) => ({ value: zone.slug, relation: zone.effect, note: zone.note })),
    oncePerItem: true,
  })

  form.append(
    errors.summary,
    el(
      'fieldset',
      { class: 'ta-fieldset' },
      el('legend', {}, 'The agreement'),
      field('Title', title),
      field('Slug', slug, editing ? 'Fixed once the agreement is created.' : 'Lowercase words joined by hyphens, e.g. astana-memorandum-2017; made from the title when left empty.'),
      el('div', { class: 'ta-filter-row' }, field('Signed on', signedOn), field('Date known', signedPrecision, 'A date known only to the month or year: give its first day.')),
      field('Place', place),
      el('div', { class: 'ta-filter-row' }, field('Class', agreementClass), field('Form', agreementForm), field('Purpose', purpose)),
      field('Description', description, 'May cite its sources as [S1], as zone descriptions do.'),
      field('Text of the agreement (address)', textUrl),
    ),
    el(
      'fieldset',
      { class: 'ta-fieldset' },
      el('legend', {}, 'Terms'),
      el('div', { class: 'ta-filter-row' }, field('Duration (days)', duration), field('Expires on', expiresOn)),
      field('Renewal terms', renewal),
    ),
    el(
      'fieldset',
      { class: 'ta-fieldset' },
      el('legend', {}, 'References'),
      el('div', { class: 'ta-filter-row' }, field('PA-X id', paxId, 'The agreement’s id in the Peace Agreements Database.'), field('UCDP conflict id', ucdpId)),
    ),
    parties.element,
    zones.element,
    sources.element,
    field('Curation note (editors only)', curation, 'How the record was made; never shown to readers.'),
    el(
      'div',
      { class: 'ta-form-actions' },
      el('button', { type: 'submit', class: 'ta-button ta-button-primary' }, editing ? 'Save the agreement' : 'Create the agreement'),
      button('Cancel', {}, options.onCancel),
    ),
  )

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    errors.clear()
    const problems: [string, string][] = []
    if (!valueOrNull(title)) problems.push(['title', 'Give the agreement a title.'])
    if (!editing && valueOrNull(slug) && !new RegExp(SLUG_PATTERN).test(slug.value.trim())) problems.push(['slug', 'Lowercase words joined by hyphens, e.g. astana-memorandum-2017.'])
    if (signedOn.value && expiresOn.value && expiresOn.value < signedOn.value) problems.push(['expires_on', 'Cannot be before the signing date.'])
    const ucdp = integerOrNull(ucdpId, MAX_INTEGER)
    if (ucdp === undefined) problems.push(['ucdp_conflict_id', `A whole number from 1 to ${MAX_INTEGER}.`])
    const days = integerOrNull(duration, MAX_DURATION_DAYS)
    if (days === undefined) problems.push(['duration_days', `A whole number of days from 1 to ${MAX_DURATION_DAYS} (a hundred years).`])
    if (valueOrNull(textUrl) && !safeHttpUrl(textUrl.value.trim())) problems.push(['text_url', 'An http(s) address.'])
    if (!sources.commitPending()) problems.push(['source_url', 'Add the source, or empty its address.'])
    if (problems.length > 0) {
      for (const [name, message] of problems) errors.fieldError(name, message)
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    const record: AgreementInput = {
      title: title.value.trim(),
      signed_on: signedOn.value || null,
      signed_precision: signedPrecision.value as DatePrecision,
      place: valueOrNull(place),
      class: agreementClass.value as AgreementClass,
      form: agreementForm.value as AgreementForm,
      purpose: purpose.value as AgreementPurpose,
      description: valueOrNull(description),
      text_url: valueOrNull(textUrl),
      pax_id: valueOrNull(paxId),
      ucdp_conflict_id: ucdp ?? null,
      duration_days: days ?? null,
      expires_on: expiresOn.value || null,
      renewal_terms: valueOrNull(renewal),
      curation_note: valueOrNull(curation),
      parties: parties.items().map((item) => ({ party: item.value, role: item.relation, ...(item.note ? { note: item.note } : {}) })),
      zones: zones.items().map((item) => ({ zone: item.value, effect: item.relation, ...(item.note ? { note: item.note } : {}) })),
      sources: sources.items(),
    }
    if (!options.base) {
      const slugValue = valueOrNull(slug)
      options.onSubmit({ ...withoutNulls(record), ...(slugValue ? { slug: slugValue } : {}) } as AgreementInput)
      return
    }
    const patch = changedFields(inputOf(options.base), record)
    if (Object.keys(patch).length === 0) {
      errors.fieldError('form', 'Nothing has changed.')
      return
    }
    options.onSubmit(patch)
  })
  return { element: form, errors }
}

/** The stored agreement as the form would send it: what an edit is compared with. */
export function inputOf(agreement: AgreementFeature): AgreementInput {
  const p = agreement.properties
  return {
    title: p.title,
    signed_on: p.signed_on,
    signed_precision: p.signed_precision,
    place: p.place,
    class: p.class,
    form: p.form,
    purpose: p.purpose,
    description: p.description,
    text_url: p.text_url,
    pax_id: p.pax_id,
    ucdp_conflict_id: p.ucdp_conflict_id,
    duration_days: p.duration_days,
    expires_on: p.expires_on,
    renewal_terms: p.renewal_terms,
    curation_note: p.curation_note ?? null,
    parties: p.parties.map((party) => ({ party: party.slug, role: party.role, ...(party.note ? { note: party.note } : {}) })),
    zones: p.zones.map((zone) => ({ zone: zone.slug, effect: zone.effect, ...(zone.note ? { note: zone.note } : {}) })),
    sources: (p.source_urls ?? []).map((url) => ({ url })),
  }
}

/** The stored sources, each named by the title a citation gives it, else by its address. */
function sourcesOf(agreement: AgreementFeature | null): { url: string; label: string }[] {
  const titles = new Map((agreement?.properties.citations ?? []).map((citation) => [citation.url, citation.title]))
  return (agreement?.properties.source_urls ?? []).map((url) => ({ url, label: titles.get(url) ?? url }))
}

/** The fields of `edited` that differ from `stored` (the lists compared whole, in any order). */
export function changedFields(stored: AgreementInput, edited: AgreementInput): AgreementPatch {
  const patch: Record<string, unknown> = {}
  for (const key of EDITABLE_KEYS) {
    if (comparable(stored[key]) !== comparable(edited[key])) patch[key] = edited[key]
  }
  return patch as AgreementPatch
}

function comparable(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify(value.map((item) => JSON.stringify(item)).sort())
  return JSON.stringify(value ?? null)
}

function withoutNulls<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null)) as Partial<T>
}

/** null for an empty field, the number for a whole number in range, undefined for anything else. */
function integerOrNull(control: HTMLInputElement, max: number): number | null | undefined {
  const text = control.value.trim()
  if (text === '' && !control.validity.badInput) return null
  const value = Number(text)
  return Number.isInteger(value) && value >= 1 && value <= max ? value : undefined
}
