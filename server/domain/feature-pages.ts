/**
 * What a read of features gives, as storage reads it and the responses write it: a page read in
 * one statement, or the chunks of a streamed window. The features stay JSON text as PostgreSQL
 * wrote them; nothing parses them on the way.
 */

export interface FeaturePage {
  /** The features as a JSON array, as PostgreSQL wrote it. */
  featuresJson: string
  /** How many features match; null when more than the count's cap do (not counted further). */
  numberMatched: number | null
  numberReturned: number
  /** The id a next page starts after, when features remain after this one; else null. */
  nextAfter: number | null
  /** The data version the page was read at (in the same statement). */
  dataVersion: number
  /** When asked for: when the collection last changed (RFC 3339 UTC), in the same statement. */
  timeStamp?: string
}

/** A piece of a streamed window of features, read in one statement. */
export interface FeatureChunk {
  /** The features' JSON text, joined by commas (empty when there are none). */
  json: string
  count: number
  dataVersion: number
  /** On the last chunk: the id a next page starts after, when features remain; else null. */
  nextAfter: number | null
  /** When asked for, on the first chunk: when the collection last changed. */
  timeStamp?: string
}
