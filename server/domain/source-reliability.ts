/**
 * How far a source can be relied on, graded by the outlet that published it:
 * - primary-document: the statement or document itself, from the body that made it (UN, a ministry,
 *   a military command), to be read as what that body says;
 * - wire-agency: a news agency that is not a party to the arrangements (Reuters, Xinhua);
 * - established-outlet: a newspaper, broadcaster or research centre with named editors;
 * - reference-work: an encyclopaedia (Wikipedia), for places and summaries;
 * - state-or-partisan-outlet: state media of a party, or an outlet aligned with one side;
 * - blog-or-mirror: a blog, an aggregator, a reprint or a copy of another site.
 */
export const SOURCE_RELIABILITIES = [
  'primary-document',
  'wire-agency',
  'established-outlet',
  'reference-work',
  'state-or-partisan-outlet',
  'blog-or-mirror',
] as const
export type SourceReliability = (typeof SOURCE_RELIABILITIES)[number]

/** The grades that a statement should not rest on alone. */
export const WEAK_RELIABILITIES: readonly SourceReliability[] = ['state-or-partisan-outlet', 'blog-or-mirror']
