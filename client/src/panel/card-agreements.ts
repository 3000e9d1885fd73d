import type { ZoneAgreementRef } from '../api-types.ts'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { dateTime } from './card-dates.ts'

/** What an agreement did to the zone, in the card's words. */
export const EFFECT_LABELS: Record<ZoneAgreementRef['effect'], string> = {
  creates: t('card.effectCreates'),
  changes: t('card.effectChanges'),
  confirms: t('card.effectConfirms'),
  ends: t('card.effectEnds'),
}

/**
 * The card's list of the agreements that made, changed, confirmed or ended the zone, oldest first:
 * each its title (a link to the agreement's record), its signing date as precisely as it is known,
 * and its effect. Null when the zone cites none.
 */
export function agreementsSection(agreements: readonly ZoneAgreementRef[] | undefined): HTMLElement | null {
  if (!agreements || agreements.length === 0) return null
  const sorted = [...agreements].sort((a, b) => (a.signed_on ?? '9999').localeCompare(b.signed_on ?? '9999'))
  return el(
    'section',
    { class: 'ta-card-section ta-card-agreements', 'aria-label': t('card.agreements') },
    el('h3', {}, t('card.agreements')),
    el(
      'ul',
      { class: 'ta-agreements' },
      ...sorted.map((agreement) =>
        el(
          'li',
          { class: 'ta-agreement', 'data-agreement': agreement.slug, 'data-effect': agreement.effect },
          el('a', { href: `/agreements/${encodeURIComponent(agreement.slug)}`, class: 'ta-agreement-title' }, agreement.title),
          el(
            'span',
            { class: 'ta-agreement-meta' },
            agreement.signed_on ? dateTime(agreement.signed_on, agreement.signed_precision) : el('span', { class: 'ta-muted' }, t('card.dateNotRecorded')),
            agreement.signed_on && agreement.signed_precision !== 'day' ? el('span', { class: 'ta-badge' }, t('card.knownTo', { precision: agreement.signed_precision })) : null,
            ` · ${EFFECT_LABELS[agreement.effect]}`,
          ),
        ),
      ),
    ),
  )
}

