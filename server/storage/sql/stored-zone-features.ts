import type { FeatureShape, FeatureText } from './feature-collection.ts'
import { geometryColumnForZoom, precisionForZoom } from './generalized-geometry.ts'
import { TABLES } from './tables.ts'
import { PROPERTY_SQL } from './zone-sql.ts'

/**
 * The zones' features from the text kept for each zone (migration 020): the properties object of
 * the period that holds today (or the day read), and the outline at each level of detail, as
 * json_build_object and ST_AsGeoJSON wrote them when the zone last changed. Only `links`, which name
 * the API's address, are written on read. A shape kept this way reads the same bytes as
 * featureObject builds (test/api/stored-features.test.ts compares them).
 *
 *   storedZoneFeature({ properties: ZONE_PROPERTIES, geometry: true, precision: 6, baseUrl })
 *   // { sql: `'{"type" : "Feature", …' || fo.geometry || …`, bindings: [baseUrl, baseUrl], joins: [...] }
 */

/** The outline texts kept for each boundary version (migration 020), by the column a read draws from and its decimals. */
const STORED_OUTLINES: Readonly<Record<string, string>> = {
  'z.geom 6': 'fo.geometry',
  'z.geom_z4 2': 'fo.geometry_z4',
  'z.geom_z8 2': 'fo.geometry_z6',
  'z.geom_z8 3': 'fo.geometry_z8',
  'z.geom_z12 3': 'fo.geometry_z10',
  'z.geom_z12 4': 'fo.geometry_z12',
}

/** The outline of the boundary version the period shows. */
const OUTLINES = { sql: `left join ${TABLES.zoneBoundaryOutlines} fo on fo.boundary_id = fp.boundary_id`, bindings: [] }

/** The properties of the period holding today. */
const TODAY = { sql: `join ${TABLES.zoneFeatureProperties} fp on fp.zone_id = z.id and fp.valid_from <= current_date and current_date < fp.valid_to`, bindings: [] }

/** The properties of the period holding the day `asOf`. */
const onDay = (asOf: string) => ({
  sql: `join ${TABLES.zoneFeaturePropertiesAsOf} fp on fp.zone_id = z.id and fp.valid_from <= ?::date and ?::date < fp.valid_to`,
  bindings: [asOf, asOf],
})

/** Every public property, in the order the API writes them: what a read without `properties=` asks. */
const ALL_PROPERTIES = Object.keys(PROPERTY_SQL)

/** A JSON object member as json_build_object writes it (names come from the allowlist: no escaping needed). */
const member = (name: string, value: string) => `'"${name}" : ' || ${value}`

function propertiesText(properties: readonly string[], column: string): { sql: string; links: number } {
  const links = `(${PROPERTY_SQL.links})::text`
  if (properties.length === ALL_PROPERTIES.length && properties.every((name, at) => name === ALL_PROPERTIES[at])) {
    return { sql: `left(${column}::text, -1) || ', ' || ${member('links', links)} || '}'`, links: 1 }
  }
  if (properties.length === 0) return { sql: `'{}'`, links: 0 }
  const members = properties.map((name) => member(name, name === 'links' ? links : `(${column} -> '${name}')::text`))
  return { sql: `'{' || ${members.join(` || ', ' || `)} || '}'`, links: properties.filter((name) => name === 'links').length }
}

/**
 * The feature's text from what is kept, as the zone stands today or stood on `asOf`; undefined when
 * the shape asks what is not kept (another precision or CRS, multi types, an editor's property).
 */
export function storedZoneFeature(shape: FeatureShape, asOf?: string | undefined): FeatureText | undefined {
  if (!shape.properties.every((name) => Object.hasOwn(PROPERTY_SQL, name))) return undefined
  if (shape.geometry && (shape.projection || shape.multi)) return undefined
  let geometry = `'null'`
  const joins = [asOf === undefined ? TODAY : onDay(asOf)]
  if (shape.geometry) {
    const precision = shape.zoom === undefined ? shape.precision : Math.min(shape.precision, precisionForZoom(shape.zoom))
    const column = geometryColumnForZoom(shape.zoom)
    const outline = STORED_OUTLINES[`${column} ${precision}`]
    if (outline === undefined) return undefined
    // A zone outlined without a boundary version (data older than migration 014) is drawn here.
    geometry = `coalesce(${outline}, ST_AsGeoJSON(${column}, ${precision}), 'null')`
    joins.push(OUTLINES)
  }
  const properties = propertiesText(shape.properties, shape.language === 'ar' ? 'fp.properties_ar' : 'fp.properties')
  return {
    sql: `'{"type" : "Feature", "id" : ' || z.id || ', "geometry" : ' || ${geometry} || ', "properties" : ' || ${properties.sql} || '}'`,
    // Each `links` binds the API root twice (see PROPERTY_SQL.links).
    bindings: Array.from({ length: properties.links * 2 }, () => shape.baseUrl),
    joins,
  }
}
