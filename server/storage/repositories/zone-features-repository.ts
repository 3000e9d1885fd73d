import type { Knex } from 'knex'
import type { Status } from '../../domain/statuses.ts'
import { geometryFamilySql, type FeatureFilter } from '../sql/feature-filter.ts'
import { GEOMETRY_FAMILIES } from '../../domain/geometry-families.ts'
import { ZONE_FEATURES } from '../sql/zone-features.ts'
import { CURRENT_ZONES_SQL, KML_PARTS_SQL, VALIDITY_START_SQL } from '../sql/zone-sql.ts'
import { featureCollectionRepository } from './feature-collection-repository.ts'

export type { FeatureFilter } from '../sql/feature-filter.ts'
export { MATCH_COUNT_CAP, STREAM_CHUNK, type FeatureChunk, type FeaturePage, type FeatureShape, type FeatureWindow, type ReadOptions } from './feature-collection-repository.ts'

/** A zone as the CSV and KML exports write it: its public properties as plain values. */
export interface ZoneExportRow {
  id: number
  slug: string
  name: string
  /** The name in Arabic, or null where none is known. */
  name_ar: string | null
  kind: string
  status: Status
  status_since: string
  proposed_on: string | null
  in_force_from: string | null
  ended_on: string | null
  area_km2: number | null
  approximate: boolean
  sponsors: string[]
  parties: Array<{ slug: string; name: string; role: string }>
  description: string | null
  source_urls: string[]
  /** The grade of each source in source_urls, in the same order. */
  source_reliability: string[]
}

/** A zone for CSV: its shape as WKT (WGS 84). */
export interface ZoneCsvRow extends ZoneExportRow {
  wkt: string | null
}

/** One simple part of a shape, with the KML coordinate text of each ring (see KML_PARTS_SQL). */
export interface KmlPart {
  type: 'POINT' | 'LINESTRING' | 'POLYGON'
  rings: string[]
}

/** A zone for KML: its shape as the parts KML draws. */
export interface ZoneKmlRow extends ZoneExportRow {
  kml_parts: KmlPart[]
}

export interface CollectionSummary {
  count: number
  /** [west, south, east, north], or null when no zone in it has a geometry. */
  bbox: [number, number, number, number] | null
  /** The first validity date, or null when no zone in it is dated. */
  start: string | null
  /** The last end date, or null when a zone in it has not ended. */
  end: string | null
}

/** Which zones of the window an export reads: `limit` of them (all without one) after the zone `after`. */
export interface ExportWindow {
  limit?: number | undefined
  after?: number | undefined
}

/** The reads of the zones as features: pages, streams, one zone, counts, exports and the OGC collections' summaries. */
export function zoneFeaturesRepository(knex: Knex) {
  const features = featureCollectionRepository(knex, ZONE_FEATURES)
  return {
    ...features,

    /** The zones as CSV rows, with the shape in WKT. */
    csvRows: (filter: FeatureFilter, window: ExportWindow) => features.streamExportRows<ZoneCsvRow>(filter, window, knex.raw('ST_AsText(z.geom) as wkt')),

    /** The zones as KML rows, with the shape as KML parts to `precision` decimals. */
    kmlRows: (filter: FeatureFilter, window: ExportWindow, precision: number) =>
      features.streamExportRows<ZoneKmlRow>(filter, window, knex.raw(`${KML_PARTS_SQL} as kml_parts`, [precision, precision])),

    /**
     * Count, extent and dates of the zones of each kind (keyed by kind), of each geometry family
     * (keyed by family: areas, lines, points) and of all zones (key '').
     */
    async collectionSummaries(): Promise<Map<string, CollectionSummary>> {
      const family = `case ${GEOMETRY_FAMILIES.map((name) => `when ${geometryFamilySql(name)} then '${name}'`).join(' ')} end`
      const result = await knex.raw(
        `select case when grouping(z.kind) = 0 then z.kind when grouping(z.family) = 0 then z.family else '' end as key, count(*)::int as count,
                ST_XMin(ST_Extent(z.geom)) as west, ST_YMin(ST_Extent(z.geom)) as south,
                ST_XMax(ST_Extent(z.geom)) as east, ST_YMax(ST_Extent(z.geom)) as north,
                min(z.start_on)::text as start,
                case when bool_or(z.ended_on is null) then null else max(z.ended_on)::text end as end
           from (select z.kind, z.geom, z.ended_on, ${VALIDITY_START_SQL} as start_on, ${family} as family
                   from ${CURRENT_ZONES_SQL}
                  where not z.archived) z
          group by grouping sets ((z.kind), (z.family), ())
         having grouping(z.family) = 1 or z.family is not null`,
      )
      const summaries = new Map<string, CollectionSummary>()
      for (const row of result.rows as Array<Record<string, unknown>>) {
        const edges = [row.west, row.south, row.east, row.north]
        summaries.set(row.key as string, {
          count: row.count as number,
          bbox: edges.some((edge) => edge === null) ? null : (edges.map(Number) as [number, number, number, number]),
          start: (row.start as string | null) ?? null,
          end: (row.end as string | null) ?? null,
        })
      }
      return summaries
    },
  }
}

export type ZoneFeaturesRepository = ReturnType<typeof zoneFeaturesRepository>
