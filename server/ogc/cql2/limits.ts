/**
 * What a filter may cost. A filter past any of these is refused before it reaches the database,
 * so a hostile filter costs the server no more than parsing 4 KiB of text.
 */
export interface Cql2Limits {
  /** Characters of filter text. */
  maxLength: number
  /** Nesting of parentheses, NOT and geometry collections. */
  maxDepth: number
  /** Values in one IN (...) list. */
  maxListItems: number
  /** Predicates (comparisons, LIKE, IN, spatial functions, TRUE/FALSE...) in the whole filter. */
  maxPredicates: number
  /** Positions in all the filter's geometries together. */
  maxVertices: number
  /**
   * Edge comparisons (and point-in-ring steps) the validity check of all its polygons may spend;
   * past it the filter is refused as too intricate. About 20 ms of work at worst: on PGlite, which
   * runs on the event loop and cannot cancel a statement, these caps are the whole work budget.
   */
  maxComparisons: number
}

export const CQL2_LIMITS: Cql2Limits = { maxLength: 4096, maxDepth: 20, maxListItems: 100, maxPredicates: 50, maxVertices: 1000, maxComparisons: 200_000 }
