/**
 * Agreements as records of their own (as PA-X and the ETH/PRIO ceasefire dataset keep them): what
 * kind of agreement it is, who took part and how, and what it did to which zones. These lists are
 * the ones migration 012 checks; a change to one reaches the database only through a migration.
 */

/** Who made it: one party declaring it, two, or more. */
export const CLASSES = ['unilateral', 'bilateral', 'multilateral'] as const
export type AgreementClass = (typeof CLASSES)[number]

/** How it was made. */
export const FORMS = ['written', 'verbal', 'declared'] as const
export type AgreementForm = (typeof FORMS)[number]

/** What it is for. */
export const PURPOSES = [
  'ceasefire', 'de-escalation', 'humanitarian', 'evacuation', 'deconfliction', 'demilitarisation', 'security-arrangement', 'political-settlement',
] as const
export type AgreementPurpose = (typeof PURPOSES)[number]

/** How a party stands to an agreement; `excluded` is a party the agreement leaves out (ISIS and HTS from Astana). */
export const AGREEMENT_ROLES = ['signatory', 'guarantor', 'mediator', 'observer', 'excluded'] as const
export type AgreementRole = (typeof AGREEMENT_ROLES)[number]

/** What an agreement does to a zone it names. */
export const EFFECTS = ['creates', 'changes', 'confirms', 'ends'] as const
export type AgreementEffect = (typeof EFFECTS)[number]

/** How precisely a signing date is known. */
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const
export type DatePrecision = (typeof DATE_PRECISIONS)[number]
