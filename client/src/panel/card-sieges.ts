import type { SiegeAssessment } from '../api-types.ts'
import { el, externalLink } from '../dom.ts'
import { t } from '../i18n/index.ts'
import { dateTime } from './card-dates.ts'

/** Siege Watch's grades, in its words. */
export const SEVERITY_LABELS: Record<NonNullable<SiegeAssessment['severity']>, string> = {
  'tier-1': t('card.tier1'),
  'tier-2': t('card.tier2'),
  watchlist: t('card.watchlist'),
}

/** The assessments of a siege, oldest first (sources that disagree are separate entries): the grade, the people inside, the source. Null for none. */
export function siegeSection(assessments: readonly SiegeAssessment[] | undefined): HTMLElement | null {
  if (!assessments || assessments.length === 0) return null
  const sorted = [...assessments].sort((a, b) => a.assessed_on.localeCompare(b.assessed_on))
  return el(
    'section',
    { class: 'ta-card-section ta-card-sieges', 'aria-label': t('card.sieges') },
    el('h3', {}, t('card.sieges')),
    el(
      'ol',
      { class: 'ta-sieges' },
      ...sorted.map((assessment) =>
        el(
          'li',
          { class: 'ta-siege', 'data-severity': assessment.severity ?? 'ungraded' },
          el('p', { class: 'ta-siege-head' }, dateTime(assessment.assessed_on, assessment.assessed_precision), ' ', assessment.severity ? el('strong', {}, SEVERITY_LABELS[assessment.severity]) : el('span', { class: 'ta-muted' }, t('card.notGraded'))),
          assessment.population !== null ? el('p', { class: 'ta-siege-population' }, t('card.peopleInside', { count: Math.round(assessment.population) })) : null,
          assessment.note ? el('p', { class: 'ta-siege-note' }, assessment.note) : null,
          el('p', { class: 'ta-siege-source' }, `${t('card.source')} `, externalLink(assessment.source.title, assessment.source.url)),
        ),
      ),
    ),
  )
}
