import type { Knex } from 'knex'
import { TABLES } from '../sql/tables.ts'
import type { Kind } from '../../domain/kinds.ts'
import type { Role } from '../../domain/parties.ts'
import type { Status } from '../../domain/statuses.ts'
import { readDataVersion } from '../sql/data-version.ts'
import { cappedMatchCount, readFeaturePage } from '../sql/feature-page.ts'
import { prepared } from '../database/prepared.ts'
import { KML_PARTS_SQL, PARTIES_LATERAL, PROPERTY_SQL, SOURCE_URLS_SQL, featureObject, likePattern, whereHasParty, whereIntersectsBbox, zonesSource, type EditorProperty, type ZoneProperty } from '../sql/zone-sql.ts'
import { citedSourcesSql, publicTextSql } from '../sql/cited-text.ts'

export interface ZoneFilter {
  status?: readonly Status[]
  kind?: readonly Kind[]
  sponsor?: readonly string[]
  party?: readonly string[]
  role?: readonly Role[]
  bbox?: readonly number[]
  contains?: readonly [number, number]
  asOf?: string
  q?: string
  /** The archived zones instead of the others (for admins, who may restore them). */
  archived?: boolean
}

export interface FeatureOptions {
  /** The properties to build; editor properties only for a signed-in editor's own request. */
  properties: readonly (ZoneProperty | EditorProperty)[]
  geometry: boolean
  precision: number
  /** Absolute URL of the API root, for the features' links. */
  baseUrl: string
  /** The map's zoom: draw the outline generalized for it (migration 009), with no more decimals than it shows. */
  zoom?: number | undefined
}

export interface FeaturePage {
  /** The features as a JSON array, as PostgreSQL wrote it. */
  featuresJson: string
  /** How many zones match; null when more than MATCH_COUNT_CAP do (not counted further). */
  numberMatched: number | null
  numberReturned: number
  /** The id to continue after, when there is a next page. */
  nextAfter: number | null
  /** The data version the page was read at (in the same statement). */
  dataVersion: number
}

/** Features of a streamed page (server/http/stream-collection.ts), read in one statement. */
export interface FeatureChunk {
  /** The features' JSON text, joined by commas (empty when there are none). */
  json: string
  count: number
  dataVersion: number
  /** On the last chunk of a page: the id a next page starts after, when zones remain; else null. */
  nextAfter: number | null
}

/** A zone as the CSV and KML exports write it: its public properties as plain values. */
export interface ZoneExportRow {
  id: number
  slug: string
  name: string
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

/** The zones matching the filter (unarchived unless it asks for the archived), as a query on `z` to select from. */
export function filteredZones(knex: Knex, filter: ZoneFilter): Knex.QueryBuilder {
  const query = knex.from(zonesSource(knex, filter.asOf)).where('z.archived', filter.archived ?? false)
  if (filter.status) query.whereIn('z.status', filter.status)
  if (filter.kind) query.whereIn('z.kind', filter.kind)
  if (filter.sponsor) whereHasParty(query, filter.sponsor, ['sponsor', 'guarantor'])
  if (filter.party || filter.role) whereHasParty(query, filter.party, filter.role)
  if (filter.bbox) whereIntersectsBbox(query, filter.bbox)
  if (filter.contains) query.whereRaw('ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326))', [...filter.contains])
  // Every word somewhere in the zone's name, slug, description or a party's name: as the map's list search.
  for (const word of filter.q?.split(/\s+/).filter(Boolean) ?? []) {
    const pattern = likePattern(word)
    query.where((inner) =>
      inner
        .whereILike('z.name', pattern)
        .orWhereILike('z.slug', pattern)
        .orWhereILike('z.description', pattern)
        .orWhereExists((parties) =>
          parties.select(knex.raw('1')).from(`${TABLES.zoneParties} as qzp`).join(`${TABLES.parties} as qp`, 'qp.id', 'qzp.party_id').whereRaw('qzp.zone_id = z.id').whereILike('qp.name', pattern),
        ),
    )
  }
  return query
}

export { MATCH_COUNT_CAP } from '../sql/feature-page.ts'

/** Zones per query when streaming every match (limit=all). */
export const STREAM_CHUNK = 100

export function zonesRepository(knex: Knex) {
  /** One page of features as JSON text, in id order after `after` (see readFeaturePage). */
  async function readPage(filter: ZoneFilter, options: FeatureOptions & { limit: number; after?: number }, counting = false) {
    const feature = featureObject(options)
    const page = filteredZones(knex, filter)
      .select('z.id', knex.raw(`${feature.sql} as feature`, feature.bindings), knex.raw('row_number() over (order by z.id) as n'))
      .joinRaw(PARTIES_LATERAL)
      .where('z.id', '>', options.after ?? 0)
      .orderBy('z.id')
      .limit(options.limit + 1)
    const read = await readFeaturePage(knex, page, { limit: options.limit, ...(counting ? { countMatches: filteredZones(knex, filter) } : {}) })
    return { featuresJson: read.featuresJson, numberReturned: read.returned, nextAfter: read.more ? read.lastId : null, dataVersion: read.dataVersion, numberMatched: read.numberMatched }
  }

  /** A page of zones as plain rows for the exports, with their shape as `shape` (SQL with its bindings) names it. */
  async function readRows<Row extends ZoneExportRow>(filter: ZoneFilter, options: { limit: number; after?: number }, shape: Knex.Raw): Promise<Row[]> {
    const rows: unknown[] = await filteredZones(knex, filter)
      .joinRaw(PARTIES_LATERAL)
      .where('z.id', '>', options.after ?? 0)
      .orderBy('z.id')
      .limit(options.limit)
      .select(
        'z.id', 'z.slug', 'z.name', 'z.kind', 'z.status', 'z.status_since', 'z.proposed_on', 'z.in_force_from', 'z.ended_on',
        knex.raw(`${PROPERTY_SQL.description} as description`),
        knex.raw('round(z.area_km2::numeric, 1)::float8 as area_km2'),
        knex.raw("(z.geometry_precision = 'approximate') as approximate"),
        'zp.sponsors', 'zp.parties',
        knex.raw(`${SOURCE_URLS_SQL} as source_urls`),
        shape,
      )
    return rows as Row[]
  }

  /** The zones as export rows, STREAM_CHUNK at a time by keyset. */
  async function* streamRows<Row extends ZoneExportRow>(filter: ZoneFilter, options: { limit?: number; after?: number }, shape: Knex.Raw): AsyncGenerator<Row[]> {
    let after = options.after ?? 0
    let remaining = options.limit ?? Number.POSITIVE_INFINITY
    for (;;) {
      const chunk = Math.min(STREAM_CHUNK, remaining)
      const rows = await readRows<Row>(filter, { limit: chunk, after }, shape)
      yield rows
      remaining -= rows.length
      if (rows.length < chunk || remaining <= 0) return
      after = rows[rows.length - 1]!.id
    }
  }

  /** How many zones match; null when more than MATCH_COUNT_CAP do (not counted further). */
  const cappedCount = (filter: ZoneFilter) => cappedMatchCount(knex, filteredZones(knex, filter))

  return {
    /** The data version now (migration 009): to answer If-None-Match before reading anything else. */
    dataVersion: () => readDataVersion(knex),

    /** One page of zones matching the filter, in id order, after the zone `after`, and how many match (one statement). */
    async listFeatures(filter: ZoneFilter, options: FeatureOptions & { limit: number; after?: number }): Promise<FeaturePage> {
      const page = await readPage(filter, options, true)
      return { ...page, numberMatched: page.numberMatched ?? null }
    },

    /**
     * The zones matching the filter after the zone `after` (every one, or `limit` of them), as the
     * JSON text of their features joined by commas, in chunks of STREAM_CHUNK read one after another
     * by keyset. Each chunk is a short query of its own, so a slow reader holds no connection, and
     * memory does not grow with the result. The last chunk says where a next page would start.
     */
    async *streamFeatures(filter: ZoneFilter, options: FeatureOptions & { limit?: number; after?: number }): AsyncGenerator<FeatureChunk> {
      let after = options.after ?? 0
      let remaining = options.limit ?? Number.POSITIVE_INFINITY
      for (;;) {
        const page = await readPage(filter, { ...options, limit: Math.min(STREAM_CHUNK, remaining), after })
        remaining -= page.numberReturned
        const last = page.nextAfter === null || remaining <= 0
        yield { json: page.featuresJson.slice(1, -1), count: page.numberReturned, dataVersion: page.dataVersion, nextAfter: last ? page.nextAfter : null }
        if (last) return
        after = page.nextAfter!
      }
    },

    cappedCount,

    /** The same zones as streamFeatures, as plain rows with the shape in WKT (for CSV), STREAM_CHUNK at a time. */
    streamCsvRows: (filter: ZoneFilter, options: { limit?: number; after?: number }) =>
      streamRows<ZoneCsvRow>(filter, options, knex.raw('ST_AsText(z.geom) as wkt')),

    /** The same zones as plain rows with the shape as KML parts to `precision` decimals (for KML), STREAM_CHUNK at a time. */
    streamKmlRows: (filter: ZoneFilter, options: { limit?: number; after?: number; precision: number }) =>
      streamRows<ZoneKmlRow>(filter, options, knex.raw(`${KML_PARTS_SQL} as kml_parts`, [options.precision, options.precision])),

    /** One zone as a GeoJSON Feature (JSON text) with its id and version, by id or slug; null when there is none. */
    async getFeature(idOrSlug: number | string, options: FeatureOptions, asOf?: string): Promise<{ json: string; id: number; version: number } | null> {
      const feature = featureObject(options)
      const query = filteredZones(knex, { asOf })
        .select('z.id', 'z.version', knex.raw(`${feature.sql}::text as json`, feature.bindings))
        .joinRaw(PARTIES_LATERAL)
      if (typeof idOrSlug === 'number') query.where('z.id', idOrSlug)
      else query.where('z.slug', idOrSlug)
      const row = await prepared(knex, query.first()) // planning was half of this query's time
      return row ? { json: row.json as string, id: row.id as number, version: row.version as number } : null
    },

    /** The zone's id for an id or slug (among archived zones with archived: true), or null. */
    async findId(idOrSlug: number | string, options: { archived?: boolean } = {}): Promise<number | null> {
      const row = await knex(TABLES.zones)
        .where(typeof idOrSlug === 'number' ? { id: idOrSlug } : { slug: idOrSlug })
        .andWhere('archived', options.archived ?? false)
        .first('id')
      return row ? (row.id as number) : null
    },

    /** Which of these slugs are taken (archived zones included). */
    async existingSlugs(slugs: readonly string[]): Promise<string[]> {
      return slugs.length === 0 ? [] : knex(TABLES.zones).whereIn('slug', [...new Set(slugs)]).pluck('slug')
    },

    /** PostGIS's reason a shape is invalid, or null when it is valid. */
    async geometryProblem(geometry: object): Promise<string | null> {
      const { rows } = await knex.raw('select ST_IsValidReason(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)) as reason', [JSON.stringify(geometry)])
      return rows[0].reason === 'Valid Geometry' ? null : (rows[0].reason as string)
    },

    async kindOf(id: number): Promise<Kind> {
      return (await knex(TABLES.zones).where({ id }).first('kind')).kind as Kind
    },

    /**
     * The zone's status changes, oldest first, each with its sources, the sources its text cites and
     * whether it is still to take effect, as a JSON array (text); for an editor, with its curation note.
     */
    async historyJson(zoneId: number, options: { forEditor?: boolean } = {}): Promise<string> {
      const result = await knex.raw(
        `select coalesce(json_agg(json_build_object(
                  'id', sc.id, 'reverses_change_id', sc.reverses_change_id,
                  'from_status', sc.from_status, 'to_status', sc.to_status,
                  'effective_on', sc.effective_on, 'effective_precision', sc.effective_precision,
                  'scheduled', sc.effective_on > current_date,
                  'recorded_at', sc.recorded_at, 'recorded_by', sc.recorded_by,
                  'reason', ${publicTextSql('sc.reason')}, 'basis', sc.basis, 'note', ${publicTextSql('sc.note')},
                  'citations', ${citedSourcesSql(['sc.reason', 'sc.note'])},${options.forEditor ? `
                  'curation_note', sc.curation_note,` : ''}
                  'sources', (select coalesce(json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url, 'published_on', s.published_on) order by s.id), '[]'::json)
                                from ${TABLES.statusChangeSources} scs join ${TABLES.sources} s on s.id = scs.source_id
                               where scs.status_change_id = sc.id)
                ) order by sc.effective_on, sc.id)::text, '[]') as history
           from ${TABLES.statusChanges} sc where sc.zone_id = ?`,
        [zoneId],
      )
      return result.rows[0].history as string
    },
  }
}

export type ZonesRepository = ReturnType<typeof zonesRepository>
