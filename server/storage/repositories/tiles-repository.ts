import type { Knex } from 'knex'
import type { Geometry } from 'geojson'
import { readDataVersion } from '../sql/data-version.ts'
import { encodeMvtLayer } from '../../tiles/encode-mvt.ts'
import { geometryColumnForZoom } from '../sql/generalized-geometry.ts'
import { CURRENT_ZONES_SQL } from '../sql/zone-sql.ts'

/**
 * The zones as Mapbox Vector Tiles (one layer, `zones`, with each zone's id, slug, name, kind and
 * status), and the data version their ETags carry. PostGIS makes the tile with ST_AsMVT where it
 * was built with protobuf-c (PostgreSQL); the embedded database (PGlite) was not, so there PostGIS
 * clips, projects and snaps the same geometry and server/tiles/encode-mvt.ts writes the protobuf.
 * Outlines come from the generalized columns (migration 009) one zoom finer than the tile, as tiles
 * are drawn at 512 pixels.
 */
export interface TileAddress {
  z: number
  x: number
  y: number
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

const TILE_ZONES = `from ${CURRENT_ZONES_SQL} cross join env where not z.archived and z.geom && env.area`

export function tilesRepository(knex: Knex) {
  let nativeMvt: Promise<boolean> | undefined
  /** Whether PostGIS can write MVT itself (built with protobuf-c). */
  const hasNativeMvt = () =>
    (nativeMvt ??= knex.raw(`select postgis_full_version() like '%PROTOBUF%' as native`).then((result) => result.rows[0].native as boolean))

  async function nativeTile(address: TileAddress): Promise<Uint8Array> {
    const result = await knex.raw(
      `with ${ENVELOPE_CTE},
       features as (
         select z.id, z.slug, z.name, z.kind, z.status,
                ST_AsMVTGeom(${tileGeometry(address.z)}, env.tile, ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
           ${TILE_ZONES})
       select ST_AsMVT(features, '${TILE_LAYER}', ${TILE_EXTENT}, 'geom', 'id') as tile from features where geom is not null`,
      { ...address },
    )
    return result.rows[0].tile as Uint8Array
  }

  async function encodedTile(address: TileAddress): Promise<Uint8Array> {
    const scale = `(${TILE_EXTENT} / (ST_XMax(env.tile) - ST_XMin(env.tile)))`
    const result = await knex.raw(
      `with ${ENVELOPE_CTE}
       select id, slug, name, kind, status, ST_AsGeoJSON(geom, 0) as geometry
         from (select z.id, z.slug, z.name, z.kind, z.status,
                      ST_SnapToGrid(ST_Affine(${tileGeometry(address.z)}, ${scale}, 0, 0, -${scale}, -ST_XMin(env.tile) * ${scale}, ST_YMax(env.tile) * ${scale}), 1) as geom
                 ${TILE_ZONES}) drawn
        where geom is not null and not ST_IsEmpty(geom)
        order by id`,
      { ...address },
    )
    const rows = result.rows as Array<{ id: number; slug: string; name: string; kind: string; status: string; geometry: string }>
    return encodeMvtLayer(
      TILE_LAYER,
      rows.map((row) => ({ id: row.id, properties: { slug: row.slug, name: row.name, kind: row.kind, status: row.status }, geometry: JSON.parse(row.geometry) as Geometry })),
      TILE_EXTENT,
    )
  }

  return {
    /** A number that changes whenever a zone does (migration 009's trigger); one row, one read. */
    dataVersion: () => readDataVersion(knex),

    /** The tile's MVT bytes; empty when no zone is drawn in it. */
    async tile(address: TileAddress): Promise<Uint8Array> {
      return (await hasNativeMvt()) ? nativeTile(address) : encodedTile(address)
    },

    /** The tile as the embedded database makes it, on any backend (to compare the two in tests). */
    encodedTile,
  }
}

export type TilesRepository = ReturnType<typeof tilesRepository>
