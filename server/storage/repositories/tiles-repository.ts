import type { Knex } from 'knex'
import type { Geometry } from 'geojson'
import { readDataVersion } from '../sql/data-version.ts'
import { geometryColumnForZoom } from '../sql/generalized-geometry.ts'
import { matchingFeatures } from '../sql/feature-collection.ts'
import { ZONE_FEATURES } from '../sql/zone-features.ts'

/**
 * The zones of a map tile (one layer, `zones`, with each zone's id, slug, name, kind and status),
 * and the data version their ETags carry. PostGIS writes the Mapbox Vector Tile itself with ST_AsMVT
 * where it was built with protobuf-c (PostgreSQL); the embedded database (PGlite) was not, so there
 * PostGIS clips, projects, snaps and orients the same geometry in tile coordinates and the caller
 * encodes it (server/tiles/zone-tiles.ts). Outlines come from the generalized columns (migration
 * 009) one zoom finer than the tile, as tiles are drawn at 512 pixels.
 */
export interface TileAddress {
  z: number
  x: number
  y: number
  /** The day the map is drawn as of (YYYY-MM-DD): statuses and the boundary versions in force then; today without it. */
  asOf?: string | undefined
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

export const TILE_LAYER = 'zones'
export const TILE_EXTENT = 4096
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

/** The zones a tile draws: today's unarchived zones, as every other read of features selects them, that reach the tile's area. */
const TILE_ZONES = 'from (:zones) z cross join env where z.geom && env.area'

export function tilesRepository(knex: Knex) {
  const zones = (asOf: string | undefined) => matchingFeatures(knex, ZONE_FEATURES, { asOf })
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

  /** The tile's MVT bytes as ST_AsMVT writes them (only where hasNativeMvt); empty when no zone is drawn in it. */
  async function nativeTile(address: TileAddress): Promise<Uint8Array> {
    const result = await knex.raw(
      `with ${ENVELOPE_CTE},
       features as (
         select z.id, z.slug, z.name, z.kind, z.status,
                ST_AsMVTGeom(${tileGeometry(address.z)}, env.tile, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           ${TILE_ZONES})
       select ST_AsMVT(features, '${TILE_LAYER}', ${TILE_EXTENT}, 'geom', 'id') as tile from features where geom is not null`,
      { z: address.z, x: address.x, y: address.y, zones: zones(address.asOf) },
    )
    return result.rows[0].tile as Uint8Array
  }

  /**
   * The zones drawn in the tile as GeoJSON in tile coordinates: integers from 0 to TILE_EXTENT, y
   * down, clipped to the buffered tile, exterior rings with positive area by the surveyor's formula
   * and holes with negative area, as the MVT specification wants (counterclockwise in PostGIS's
   * y-up sense), in id order.
   */
  async function tileRows(address: TileAddress): Promise<TileRow[]> {
    const scale = `(${TILE_EXTENT} / (ST_XMax(env.tile) - ST_XMin(env.tile)))`
    const result = await knex.raw(
      `with ${ENVELOPE_CTE}
       select id, slug, name, kind, status, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 0) as geometry
         from (select z.id, z.slug, z.name, z.kind, z.status,
                      ST_SnapToGrid(ST_Affine(${tileGeometry(address.z)}, ${scale}, 0, 0, -${scale}, -ST_XMin(env.tile) * ${scale}, ST_YMax(env.tile) * ${scale}), 1) as geom
                 ${TILE_ZONES}) drawn
        where geom is not null and not ST_IsEmpty(geom)
        order by id`,
      { z: address.z, x: address.x, y: address.y, zones: zones(address.asOf) },
    )
    const rows = result.rows as Array<Omit<TileRow, 'geometry'> & { geometry: string }>
    return rows.map((row) => ({ ...row, geometry: JSON.parse(row.geometry) as Geometry }))
  }

  return {
    /** A number that changes whenever a zone does (migration 009's trigger); one row, one read. */
    dataVersion: () => readDataVersion(knex),
    hasNativeMvt,
    nativeTile,
    tileRows,
  }
}

export type TilesRepository = ReturnType<typeof tilesRepository>
