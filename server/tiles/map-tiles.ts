import type { Knex } from 'knex'
import { tilesRepository, type TileAddress } from '../storage/repositories/tiles-repository.ts'
import { encodeTile } from './encode-tile.ts'

/**
 * The map's vector tiles (layers `zones` and `incidents`): PostGIS's own ST_AsMVT where it has it
 * (PostgreSQL), else the features in tile coordinates encoded here (the embedded database, built
 * without protobuf-c).
 */
export function mapTiles(knex: Knex) {
  const repository = tilesRepository(knex)

  /** The tile as the embedded database has it made, on any backend (to compare the two in tests). */
  const encodedTile = async (address: TileAddress): Promise<Uint8Array> => encodeTile(await repository.tileRows(address))

  return {
    dataVersion: repository.dataVersion,

    /** The tile's MVT bytes; empty when nothing is drawn in it. */
    async tile(address: TileAddress): Promise<Uint8Array> {
      return (await repository.hasNativeMvt()) ? repository.nativeTile(address) : encodedTile(address)
    },

    encodedTile,
  }
}

export type MapTiles = ReturnType<typeof mapTiles>
