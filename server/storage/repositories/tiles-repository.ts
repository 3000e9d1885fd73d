import type { Knex } from 'knex'
import type { Geometry } from 'geojson'
import { readDataVersion } from '../sql/data-version.ts'
import { geometryColumnForZoom } from '../sql/generalized-geometry.ts'
import { matchingFeatures } from '../sql/feature-collection.ts'
import { INCIDENT_FEATURES } from '../sql/incident-features.ts'
import { ZONE_FEATURES } from '../sql/zone-features.ts'

/**
 * The two layers of a map tile and the data version their ETags carry: `zones` (each zone's id,
 * slug, name, kind and status) and `incidents` (each incident's id, slug, event_type, occurred_on,
 * fatalities_best and location_precision, drawn at its point; an area at a point on its surface).
 * PostGIS writes the Mapbox Vector Tile itself with ST_AsMVT where it was built with protobuf-c
 * (PostgreSQL); the embedded database (PGlite) was not, so there PostGIS clips, projects, snaps and
 * orients the same geometry in tile coordinates and the caller encodes it (server/tiles/map-tiles.ts).
 * Outlines come from the generalized columns (migration 009) one zoom finer than the tile, as tiles
 * are drawn at 512 pixels.
 */
export interface TileAddress {
  z: number
  x: number
  y: number
  /** The day the map is drawn as of (YYYY-MM-DD): statuses and the boundary versions in force then; today without it. */
  asOf?: string | undefined
  /** The incidents drawn: those whose days meet the `incidentDays` days up to asOf (DEFAULT_INCIDENT_DAYS without it). */
  incidentDays?: number | undefined
}

/** A zone drawn in a tile, its shape in tile coordinates (see tileRows). */
export interface TileRow {
  id: number
  slug: string
  name: string
  kind: string
  status: string
  geometry: Geometry
}

/** An incident drawn in a tile, at its point in tile coordinates (see tileRows). */
export interface IncidentTileRow {
  id: number
  slug: string
  event_type: string
  occurred_on: string
  fatalities_best: number | null
  location_precision: string
  geometry: Geometry
}

/** The rows of each layer of a tile. */
export interface TileLayerRows {
  zones: TileRow[]
  incidents: IncidentTileRow[]
}

export const TILE_LAYER = 'zones'
export const INCIDENT_TILE_LAYER = 'incidents'
export const TILE_EXTENT = 4096
/** How many days of incidents a tile draws without `incident_days`, and the most it may ask for. */
export const DEFAULT_INCIDENT_DAYS = 30
export const MAX_INCIDENT_DAYS = 366
/** Tile units drawn beyond each edge, so outlines do not show seams. */
const TILE_BUFFER = 64

/** The tile and its buffered area in lon/lat (for the GiST index on geom), as a CTE `env`. */
const ENVELOPE_CTE = `env as (
    select ST_TileEnvelope(:z, :x, :y) as tile,
           ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => ${TILE_BUFFER / TILE_EXTENT}), 4326) as area)`

/** The zones drawn in the tile, as rows of `z` and `env`; collections keep their highest dimension, as ST_AsMVTGeom does. */
function tileGeometry(zoom: number): string {
  const column = geometryColumnForZoom(zoom + 1)
  const drawn = `case when ST_GeometryType(${column}) = 'ST_GeometryCollection' then ST_CollectionExtract(${column}) else ${column} end`
  return `ST_Transform(ST_ClipByBox2D(${drawn}, env.area), 3857)`
}

/** Where an incident aliased `z` is drawn, in web mercator: its point(s), or a point on its area. */
const INCIDENT_POINT_3857 = `ST_Transform(case when GeometryType(z.geom) in ('POINT', 'MULTIPOINT') then z.geom else ST_PointOnSurface(z.geom) end, 3857)`

/** The zones a tile draws: today's unarchived zones, as every other read of features selects them, that reach the tile's area. */
const TILE_ZONES = 'from (:zones) z cross join env where z.geom && env.area'
/** The incidents a tile draws: those of the days asked for that reach the tile's area. */
const TILE_INCIDENTS = 'from (:incidents) z cross join env where z.geom && env.area'

/** The days [from, to] of the incidents a tile draws: `days` days up to `asOf` (today without it). */
export function incidentDayWindow(asOf: string | undefined, days: number = DEFAULT_INCIDENT_DAYS): { from: string; to: string } {
  const to = asOf ?? new Date().toISOString().slice(0, 10)
  const first = new Date(`${to}T00:00:00Z`)
  first.setUTCDate(first.getUTCDate() - (days - 1))
  const from = first.toISOString().slice(0, 10)
  // PostgreSQL has no year 0: a window reaching before year 1 starts on its first day.
  return { from: /^\d{4}-/.test(from) && !from.startsWith('0000') ? from : '0001-01-01', to }
}

export function tilesRepository(knex: Knex) {
  const zones = (asOf: string | undefined) => matchingFeatures(knex, ZONE_FEATURES, { asOf })
  const incidents = (address: TileAddress) => matchingFeatures(knex, INCIDENT_FEATURES, incidentDayWindow(address.asOf, address.incidentDays))
  const bindings = (address: TileAddress) => ({ z: address.z, x: address.x, y: address.y, zones: zones(address.asOf), incidents: incidents(address) })
  let nativeMvt: Promise<boolean> | undefined
  /** Whether PostGIS can write MVT itself (built with protobuf-c). */
  const hasNativeMvt = () =>
    (nativeMvt ??= knex.raw(`select postgis_full_version() like '%PROTOBUF%' as native`).then(
      (result) => result.rows[0].native as boolean,
      (error: unknown) => {
        nativeMvt = undefined // the database could not be asked (down, restarting): ask again next time
        throw error
      },
    ))

  /** The tile's MVT bytes as ST_AsMVT writes them (only where hasNativeMvt): one layer after the other; empty when nothing is drawn in it. */
  async function nativeTile(address: TileAddress): Promise<Uint8Array> {
    const result = await knex.raw(
      `with ${ENVELOPE_CTE},
       zone_features as (
         select z.id, z.slug, z.name, z.kind, z.status,
                ST_AsMVTGeom(${tileGeometry(address.z)}, env.tile, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           ${TILE_ZONES}),
       incident_features as (
         select z.id, z.slug, z.event_type, z.occurred_on::text as occurred_on, z.fatalities_best, z.location_precision,
                ST_AsMVTGeom(${INCIDENT_POINT_3857}, env.tile, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           ${TILE_INCIDENTS})
       select coalesce((select ST_AsMVT(f, '${TILE_LAYER}', ${TILE_EXTENT}, 'geom', 'id') from zone_features f where geom is not null), ''::bytea)
           || coalesce((select ST_AsMVT(f, '${INCIDENT_TILE_LAYER}', ${TILE_EXTENT}, 'geom', 'id') from incident_features f where geom is not null), ''::bytea) as tile`,
      bindings(address),
    )
    return result.rows[0].tile as Uint8Array
  }

  /**
   * What the tile draws as GeoJSON in tile coordinates: integers from 0 to TILE_EXTENT, y down,
   * clipped to the buffered tile, exterior rings with positive area by the surveyor's formula and
   * holes with negative area, as the MVT specification wants (counterclockwise in PostGIS's y-up
   * sense); each layer in id order.
   */
  async function tileRows(address: TileAddress): Promise<TileLayerRows> {
    const scale = `(${TILE_EXTENT} / (ST_XMax(env.tile) - ST_XMin(env.tile)))`
    const toTile = (geometry: string) => `ST_SnapToGrid(ST_Affine(${geometry}, ${scale}, 0, 0, -${scale}, -ST_XMin(env.tile) * ${scale}, ST_YMax(env.tile) * ${scale}), 1)`
    const zoneResult = await knex.raw(
      `with ${ENVELOPE_CTE}
       select id, slug, name, kind, status, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 0) as geometry
         from (select z.id, z.slug, z.name, z.kind, z.status, ${toTile(tileGeometry(address.z))} as geom
                 ${TILE_ZONES}) drawn
        where geom is not null and not ST_IsEmpty(geom)
        order by id`,
      bindings(address),
    )
    // Points beyond the buffered tile are left out, as ST_AsMVTGeom clips them.
    const incidentResult = await knex.raw(
      `with ${ENVELOPE_CTE}
       select id, slug, event_type, occurred_on, fatalities_best, location_precision, ST_AsGeoJSON(geom, 0) as geometry
         from (select z.id, z.slug, z.event_type, z.occurred_on::text as occurred_on, z.fatalities_best, z.location_precision,
                      ST_Intersection(${toTile(INCIDENT_POINT_3857)}, ST_MakeEnvelope(${-TILE_BUFFER}, ${-TILE_BUFFER}, ${TILE_EXTENT + TILE_BUFFER}, ${TILE_EXTENT + TILE_BUFFER}, 3857)) as geom
                 ${TILE_INCIDENTS}) drawn
        where not ST_IsEmpty(geom)
        order by id`,
      bindings(address),
    )
    const parsed = <Row extends { geometry: Geometry }>(rows: Array<Omit<Row, 'geometry'> & { geometry: string }>) => rows.map((row) => ({ ...row, geometry: JSON.parse(row.geometry) as Geometry }) as Row)
    return { zones: parsed<TileRow>(zoneResult.rows), incidents: parsed<IncidentTileRow>(incidentResult.rows) }
  }

  return {
    /** A number that changes whenever a zone or an incident does (migrations 009 and 016's triggers); one row, one read. */
    dataVersion: () => readDataVersion(knex),
    hasNativeMvt,
    nativeTile,
    tileRows,
  }
}

export type TilesRepository = ReturnType<typeof tilesRepository>
