import type { OgcFeatures, OgcSource } from './features.ts'
import { notFound } from '../http/problem.ts'
import { findCollection, type OgcCollection } from './collections.ts'

/** What the /ogc route plugins share; the write routes (Part 4) will take the same. */
export interface OgcContext {
  /** The zones, for the write routes (Part 4), which only zone collections take. */
  repository: OgcFeatures
  /** What each kind of collection reads its features through. */
  sources: Record<OgcCollection['features'], OgcSource>
}

export const OGC_TAGS = ['ogc']

/** The collection with this id, or a 404 problem. */
export function requireCollection(id: string): OgcCollection {
  const collection = findCollection(id)
  if (!collection) throw notFound(`The collection ${JSON.stringify(id)}`)
  return collection
}

const MAX_ID = 2_147_483_647

/** A feature id as a zone (or agreement) id, or null for one that cannot exist (not a positive 32-bit integer). */
export function zoneId(featureId: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(featureId)) return null
  const id = Number(featureId)
  return id <= MAX_ID ? id : null
}
