import type { Kind } from '../domain/kinds.ts'
import type { ZoneFeatures } from '../services/zone-features.ts'
import type { FeatureFilter, FeatureShape } from '../storage/repositories/zone-features-repository.ts'
import { ZONE_PROPERTIES } from '../storage/sql/zone-sql.ts'

/** Decimals of the coordinates OGC features are written with. */
const OGC_PRECISION = 6

/** How OGC API - Features writes a zone: every public property; no geometry for the HTML pages. */
export function ogcShape(baseUrl: string, geometry = true): FeatureShape {
  return { properties: ZONE_PROPERTIES, geometry, precision: OGC_PRECISION, baseUrl }
}

/** The zones of a collection: of its kind, or every zone. */
export function collectionFilter(kind: Kind | undefined): FeatureFilter {
  return kind ? { kind: [kind] } : {}
}

/** The zone features as the /ogc route plugins read them (see server/services/zone-features.ts). */
export function ogcFeatures(zoneFeatures: ZoneFeatures) {
  return {
    collectionSummaries: () => zoneFeatures.collectionSummaries(),

    /** One feature (JSON text) by zone id, within a kind when given (as recorded at `recordedAsOf`, when given); null when there is none. */
    async getFeature(id: number, kind: Kind | undefined, page: { baseUrl: string; geometry?: boolean; recordedAsOf?: string | undefined }): Promise<{ featureJson: string; version: number } | null> {
      const found = await zoneFeatures.readOne(id, { ...collectionFilter(kind), recordedAsOf: page.recordedAsOf }, ogcShape(page.baseUrl, page.geometry))
      return found ? { featureJson: found.json, version: found.version } : null
    },
  }
}

export type OgcFeatures = ReturnType<typeof ogcFeatures>
