import type { AgreementClass, AgreementEffect, AgreementForm, AgreementPurpose, AgreementRole } from '../../../server/domain/agreements.ts'
import type { DatePrecision } from '../api-types.ts'

/** The words the agreements pages use for the codes of an agreement (the lists of migration 012). */

export const AGREEMENT_CLASS_LABELS: Record<AgreementClass, string> = {
  unilateral: 'Unilateral',
  bilateral: 'Bilateral',
  multilateral: 'Multilateral',
}

export const AGREEMENT_FORM_LABELS: Record<AgreementForm, string> = {
  written: 'Written',
  verbal: 'Verbal',
  declared: 'Declared',
}

export const AGREEMENT_PURPOSE_LABELS: Record<AgreementPurpose, string> = {
  ceasefire: 'Ceasefire',
  'de-escalation': 'De-escalation',
  humanitarian: 'Humanitarian',
  evacuation: 'Evacuation',
  deconfliction: 'Deconfliction',
  demilitarisation: 'Demilitarisation',
  'security-arrangement': 'Security arrangement',
  'political-settlement': 'Political settlement',
}

export const AGREEMENT_ROLE_LABELS: Record<AgreementRole, string> = {
  signatory: 'signatory',
  guarantor: 'guarantor',
  mediator: 'mediator',
  observer: 'observer',
  excluded: 'excluded',
}

export const AGREEMENT_EFFECT_LABELS: Record<AgreementEffect, string> = {
  creates: 'creates',
  changes: 'changes',
  confirms: 'confirms',
  ends: 'ends',
}

export const PRECISION_LABELS: Record<DatePrecision, string> = {
  day: 'To the day',
  month: 'To the month',
  year: 'To the year',
}

/** [{value, label}] of a label table, in its order: the options of a select. */
export function optionsOf<T extends string>(labels: Record<T, string>): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }))
}
