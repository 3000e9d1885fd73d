import type { Knex } from 'knex'
import { precisionForZoom } from './generalized-geometry.ts'
import type { Language } from '../../domain/languages.ts'

/**
 * A feature collection described by its columns, and the one SQL composition every read of
 * features goes through: a page, a streamed chunk, one feature, a count, export rows. Adding a
 * collection (agreements, incidents) is a new description, not new queries.
 *
 *   const rows = featureRows(knex, ZONE_FEATURES, { status: ['active'] }, shape, { limit: 100, after: 0 })
 *
 * Every description's relation is aliased `z` and has an integer `z.id` (the order and keyset of
 * every read), a text `z.slug` and an integer `z.version`. Its SQL comes from the server, never from
 * a request: values are bound parameters.
 */
export interface FeatureCollectionDescription<Filter> {
  /**
   * The relation of its features as they stand on `asOf` (YYYY-MM-DD), or today, aliased `z`; as
   * recorded at `recordedAsOf` (an RFC 3339 instant) when given, for a collection that keeps that record.
   */
  source(knex: Knex, asOf: string | undefined, recordedAsOf?: string | undefined): Knex.Raw
  /** The (lateral) joins its properties read from. */
  joins: readonly string[]
  /** Each property's SQL on `z` and the joins. A `?` in it is bound to the API root (for links). */
  properties: Readonly<Record<string, string>>
  /** Properties that read otherwise in a language other than English (the name in Arabic): their SQL by language. */
  propertiesInLanguage?: Readonly<Partial<Record<Language, Readonly<Record<string, string>>>>>
  /** The geometry column to draw at a map zoom; full detail without one. */
  geometryColumn(zoom: number | undefined): string
  /** Adds the filter's conditions on `z` to the query. */
  where(query: Knex.QueryBuilder, filter: Filter): void
  /** When any feature last changed, as RFC 3339 UTC text (null when there are none): the OGC timeStamp. */
  lastChangeSql: string
  /** The columns of an export row: name to SQL on `z` and the joins, as plain values. */
  exportColumns: Readonly<Record<string, string>>
  /**
   * For a collection that keeps its features as text: the Feature's text in the shape, as the features
   * stand on `asOf` (today without it), from what is kept, with the joins that read it; undefined when
   * the shape is not kept.
   */
  storedFeature?(shape: FeatureShape, asOf: string | undefined): FeatureText | undefined
}

/** A Feature as SQL text, with the bindings and the joins it reads (each with its own bindings). */
export interface FeatureText extends SqlWithBindings {
  joins: readonly SqlWithBindings[]
}

/** How each feature is written. */
export interface FeatureShape {
  /** The properties to build, in this order (names of the description's properties). */
  properties: readonly string[]
  geometry: boolean
  /** Decimals of coordinates. */
  precision: number
  /** Absolute URL of the API root, for the features' links. */
  baseUrl: string
  /** The map's zoom: draw the outline generalized for it, with no more decimals than it shows. */
  zoom?: number | undefined
  /** The language of the names (`name` in Arabic where there is one); English without it. */
  language?: Language | undefined
  /** The coordinates in another CRS than GeoJSON's longitude/latitude (WGS 84), which is the stored one. */
  projection?: Projection | undefined
  /** Each geometry as its multi type (a Polygon as a MultiPolygon), for layers of one type. */
  multi?: boolean | undefined
}

/** A CRS PostGIS transforms to: its SRID, and whether its first axis is northing (EPSG:4326 as EPSG defines it). */
export interface Projection {
  srid: number
  northFirst: boolean
}

/** The geometry SQL in the projection: transformed (no `crs` member in the GeoJSON), then its axes swapped. */
function projected(geometry: string, projection: Projection): string {
  const transformed = projection.srid === 4326 ? geometry : `ST_Transform(${geometry}, ${Number(projection.srid)})`
  return projection.northFirst ? `ST_FlipCoordinates(${transformed})` : transformed
}

/**
 * Which features of the matches, in id order: those after the id `after` (keyset: /zones cursors and
 * every chunk after the first of a stream), or from the `offset`th (OGC pages). `limit` may be
 * Infinity when streaming every match.
 */
export type FeatureWindow = { limit: number; after?: number } | { limit: number; offset: number }

/** When a read looks at the features: on the day `asOf`, as recorded at `recordedAsOf`; today and now without them. */
export interface ReadTime {
  asOf?: string | undefined
  recordedAsOf?: string | undefined
}

/** A read of one feature: by id, or by slug. */
export type FeatureKey = number | string

export interface SqlWithBindings {
  sql: string
  bindings: string[]
}

/** The features matching the filter, as a query on `z` to select from. */
export function matchingFeatures<Filter>(knex: Knex, collection: FeatureCollectionDescription<Filter>, filter: Filter & ReadTime): Knex.QueryBuilder {
  const query = knex.from(collection.source(knex, filter.asOf, filter.recordedAsOf))
  collection.where(query, filter)
  return query
}

/** The matches of the window with the joins their properties need, in id order, `extra` rows past its limit. */
export function windowedFeatures<Filter>(
  knex: Knex, collection: FeatureCollectionDescription<Filter>, filter: Filter & ReadTime, window: FeatureWindow, extra = 0, joins: readonly SqlWithBindings[] = plainJoins(collection),
): Knex.QueryBuilder {
  const query = matchingFeatures(knex, collection, filter)
  for (const join of joins) query.joinRaw(join.sql, join.bindings)
  query.where('z.id', '>', 'after' in window ? (window.after ?? 0) : 0).orderBy('z.id').limit(window.limit + extra)
  if ('offset' in window) query.offset(window.offset)
  return query
}

/** `json_build_object(...)` of the chosen properties, with the bindings (the API root) their links take. */
export function propertiesObject(
  collection: Pick<FeatureCollectionDescription<unknown>, 'properties' | 'propertiesInLanguage'>,
  properties: readonly string[],
  baseUrl: string,
  language?: Language | undefined,
): SqlWithBindings {
  const bindings: string[] = []
  const inLanguage = language === undefined ? undefined : collection.propertiesInLanguage?.[language]
  const pairs = properties.map((name) => {
    const sql = inLanguage?.[name] ?? collection.properties[name]
    if (sql === undefined) throw new Error(`no property ${JSON.stringify(name)} in this collection`)
    for (let at = sql.indexOf('?'); at !== -1; at = sql.indexOf('?', at + 1)) bindings.push(baseUrl)
    return `'${name}', ${sql}`
  })
  return { sql: `json_build_object(${pairs.join(', ')})`, bindings }
}

/**
 * A GeoJSON Feature as json, for a feature aliased `z`; geometry null when not wanted or not known.
 * With a zoom, the outline generalized for it and no more decimals than it shows.
 */
export function featureObject(collection: Pick<FeatureCollectionDescription<unknown>, 'properties' | 'propertiesInLanguage' | 'geometryColumn'>, shape: FeatureShape): SqlWithBindings {
  const properties = propertiesObject(collection, shape.properties, shape.baseUrl, shape.language)
  const precision = shape.zoom === undefined ? shape.precision : Math.min(shape.precision, precisionForZoom(shape.zoom))
  const column = shape.multi ? `ST_Multi(${collection.geometryColumn(shape.zoom)})` : collection.geometryColumn(shape.zoom)
  const drawn = shape.projection ? `ST_AsGeoJSON(${projected(column, shape.projection)}, ${Number(precision)}, 0)` : `ST_AsGeoJSON(${column}, ${Number(precision)})`
  const geometry = shape.geometry ? `${drawn}::json` : 'null::json'
  return {
    sql: `json_build_object('type', 'Feature', 'id', z.id, 'geometry', ${geometry}, 'properties', ${properties.sql})`,
    bindings: properties.bindings,
  }
}

/** The description's joins, which bind nothing. */
const plainJoins = (collection: Pick<FeatureCollectionDescription<unknown>, 'joins'>): SqlWithBindings[] => collection.joins.map((sql) => ({ sql, bindings: [] }))

/**
 * The Feature as text: read from what the collection keeps when it keeps this shape and the read is
 * of the record as it is now (no `recordedAsOf`), else built by featureObject.
 */
export function featureText(collection: FeatureCollectionDescription<unknown>, filter: ReadTime, shape: FeatureShape): FeatureText {
  const stored = filter.recordedAsOf ? undefined : collection.storedFeature?.(shape, filter.asOf || undefined)
  if (stored) return stored
  const built = featureObject(collection, shape)
  return { sql: `${built.sql}::text`, bindings: built.bindings, joins: plainJoins(collection) }
}

/**
 * The rows of a page of features for readFeaturePage: `id`, `feature` (text) and `n`, the row's
 * number in id order among the matches, one row past the window (to tell whether a next page exists).
 */
export function featureRows<Filter>(knex: Knex, collection: FeatureCollectionDescription<Filter>, filter: Filter & ReadTime, shape: FeatureShape, window: FeatureWindow): Knex.QueryBuilder {
  const feature = featureText(collection, filter, shape)
  return windowedFeatures(knex, collection, filter, window, 1, feature.joins)
    .select('z.id', knex.raw(`${feature.sql} as feature`, feature.bindings), knex.raw('row_number() over (order by z.id) as n'))
}

/** One matching feature by id or slug: its `id`, `version` and `json` (the Feature as text). */
export function oneFeature<Filter>(knex: Knex, collection: FeatureCollectionDescription<Filter>, key: FeatureKey, filter: Filter & ReadTime, shape: FeatureShape): Knex.QueryBuilder {
  const feature = featureText(collection, filter, shape)
  const query = matchingFeatures(knex, collection, filter).select('z.id', 'z.version', knex.raw(`${feature.sql} as json`, feature.bindings))
  for (const join of feature.joins) query.joinRaw(join.sql, join.bindings)
  return query.where(typeof key === 'number' ? 'z.id' : 'z.slug', key).first()
}

/** The window's matches as export rows: the description's export columns, and `shape` (the geometry as the format writes it). */
export function exportRows<Filter>(knex: Knex, collection: FeatureCollectionDescription<Filter>, filter: Filter & ReadTime, window: FeatureWindow, shape: Knex.Raw): Knex.QueryBuilder {
  const columns = Object.entries(collection.exportColumns).map(([name, sql]) => (/^\w+\.(\w+)$/.exec(sql)?.[1] === name ? sql : knex.raw(`${sql} as ${name}`)))
  return windowedFeatures(knex, collection, filter, window).select(...columns, shape)
}
