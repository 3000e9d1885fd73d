import type { SourceReliability } from '../../../server/domain/source-reliability.ts'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'

const LABEL_KEYS: Record<SourceReliability, string> = {
  'primary-document': 'card.gradePrimaryDocument',
  'wire-agency': 'card.gradeWireAgency',
  'established-outlet': 'card.gradeEstablishedOutlet',
  'reference-work': 'card.gradeReferenceWork',
  'state-or-partisan-outlet': 'card.gradeStateOrPartisanOutlet',
  'blog-or-mirror': 'card.gradeBlogOrMirror',
}

/**
 * A source's grade, shown small beside its link ("state or partisan outlet"); null for an ungraded
 * source. The grade itself is in data-reliability for styling.
 *
 *   append(item, externalLink(source.title, source.url), sourceGrade(source.reliability))
 */
export function sourceGrade(reliability: SourceReliability | null | undefined): HTMLElement | null {
  if (!reliability || !(reliability in LABEL_KEYS)) return null
  return el('span', { class: 'ta-source-grade', 'data-reliability': reliability, title: t('card.gradeTitle') }, t(LABEL_KEYS[reliability]))
}
