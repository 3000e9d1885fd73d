import type { FeatureCollectionDescription } from './feature-collection.ts'
import { whereFeatureFilter, type FeatureFilter } from './feature-filter.ts'
import { geometryColumnForZoom } from './generalized-geometry.ts'
import { storedZoneFeature } from './stored-zone-features.ts'
import { ANY_PROPERTY_SQL, EXPORT_COLUMN_SQL, LAST_CHANGE_SQL, PARTIES_LATERAL, ZONE_PROPERTY_SQL_IN_LANGUAGE, zonesSource } from './zone-sql.ts'

/** The zones as a feature collection: what /zones, OGC API - Features and the exports read. */
export const ZONE_FEATURES: FeatureCollectionDescription<FeatureFilter> = {
  source: zonesSource,
  joins: [PARTIES_LATERAL],
  properties: ANY_PROPERTY_SQL,
  propertiesInLanguage: ZONE_PROPERTY_SQL_IN_LANGUAGE,
  geometryColumn: geometryColumnForZoom,
  where: whereFeatureFilter,
  lastChangeSql: LAST_CHANGE_SQL,
  exportColumns: EXPORT_COLUMN_SQL,
  storedFeature: storedZoneFeature,
}
