import type { SiegeAssessment } from '../api-types.ts'
import { el, externalLink } from '../dom.ts'
import { dateTime } from './card-dates.ts'

/** Siege Watch's grades, in its words. */
export const SEVERITY_LABELS: Record<NonNullable<SiegeAssessment['severity']>, string> = {
  'tier-1': 'Tier 1 (most severe)',
  'tier-2': 'Tier 2',
  watchlist: 'Watchlist',
}

const PEOPLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })

/** The assessments of a siege, oldest first (sources that disagree are separate entries): the grade, the people inside, the source. Null for none. */
export function siegeSection(assessments: readonly SiegeAssessment[] | undefined): HTMLElement | null {
  if (!assessments || assessments.length === 0) return null
  const sorted = [...assessments].sort((a, b) => a.assessed_on.localeCompare(b.assessed_on))
  return el(
    'section',
    { class: 'ta-card-section ta-card-sieges', 'aria-label': 'Siege assessments' },
    el('h3', {}, 'Siege assessments'),
    el(
      'ol',
      { class: 'ta-sieges' },
      ...sorted.map((assessment) =>
        el(
          'li',
          { class: 'ta-siege', 'data-severity': assessment.severity ?? 'ungraded' },
          el('p', { class: 'ta-siege-head' }, dateTime(assessment.assessed_on, assessment.assessed_precision), ' ', assessment.severity ? el('strong', {}, SEVERITY_LABELS[assessment.severity]) : el('span', { class: 'ta-muted' }, 'not graded by this source')),
          assessment.population !== null ? el('p', { class: 'ta-siege-population' }, `About ${PEOPLE.format(assessment.population)} people inside`) : null,
          assessment.note ? el('p', { class: 'ta-siege-note' }, assessment.note) : null,
          el('p', { class: 'ta-siege-source' }, 'Source: ', externalLink(assessment.source.title, assessment.source.url)),
        ),
      ),
    ),
  )
}
