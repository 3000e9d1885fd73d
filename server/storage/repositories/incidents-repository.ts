import type { Knex } from 'knex'
import { repositoryPlugin } from '../database/repository-plugin.ts'
import { INCIDENT_FEATURES, INCIDENTS_SUMMARY_SQL, type IncidentFilter } from '../sql/incident-features.ts'
import { TABLES } from '../sql/tables.ts'
import { featureCollectionRepository } from './feature-collection-repository.ts'
import type { CollectionSummary } from './zone-features-repository.ts'
import type { IncidentEvent } from '../../domain/incidents.ts'

export type { IncidentFilter } from '../sql/incident-features.ts'

/** An incident as the CSV export writes it: its properties as plain values, its place as lon/lat (a point) or WKT (an area). */
export interface IncidentCsvRow extends IncidentEvent {
  id: number
  slug: string
  dataset: string
  event_id: string
  date_precision: string
  event_count: number | null
  location_precision: string
  place: string | null
  admin1: string | null
  country: string | null
  reported_by: string | null
  source_name: string | null
  notes: string | null
  source_url: string | null
  lon: number | null
  lat: number | null
  wkt: string | null
}

/** A point as lon/lat; any other shape (an area, several points) as WKT. */
const CSV_PLACE_SQL = `case when GeometryType(z.geom) = 'POINT' then ST_X(z.geom) end as lon,
       case when GeometryType(z.geom) = 'POINT' then ST_Y(z.geom) end as lat,
       case when GeometryType(z.geom) <> 'POINT' then ST_AsText(z.geom) end as wkt`

/** The reads of incidents: as features (pages, streams, one, counts), CSV rows, ids and the extent. */
export function incidentsRepository(knex: Knex) {
  const features = featureCollectionRepository(knex, INCIDENT_FEATURES)
  return {
    ...features,

    /** The incidents as CSV rows, `limit` of them (all without one) after the incident `after`. */
    csvRows: (filter: IncidentFilter, window: { limit?: number | undefined; after?: number | undefined }) => features.streamExportRows<IncidentCsvRow>(filter, window, knex.raw(CSV_PLACE_SQL)),

    /** The id of the incident with this id or slug, or null. */
    async findId(idOrSlug: number | string): Promise<number | null> {
      const row = await knex(TABLES.incidents).where(typeof idOrSlug === 'number' ? { id: idOrSlug } : { slug: idOrSlug }).first('id')
      return row ? (row.id as number) : null
    },

    /** Count, extent and days of the incidents. */
    async summary(): Promise<CollectionSummary> {
      const row = (await knex.raw(INCIDENTS_SUMMARY_SQL)).rows[0] as Record<string, unknown>
      const edges = [row.west, row.south, row.east, row.north]
      return {
        count: row.count as number,
        bbox: edges.some((edge) => edge === null) ? null : (edges.map(Number) as [number, number, number, number]),
        start: (row.start as string | null) ?? null,
        end: (row.end as string | null) ?? null,
      }
    },
  }
}

export type IncidentsRepository = ReturnType<typeof incidentsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    incidents: IncidentsRepository
  }
}

export default repositoryPlugin('incidents', incidentsRepository)
