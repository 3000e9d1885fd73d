import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { matchesIfNoneMatch } from '../http/version-etag.ts'
import { DEFAULT_INCIDENT_DAYS } from '../storage/repositories/tiles-repository.ts'
import { mapTiles } from './map-tiles.ts'
import { tileCache } from './tile-cache.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The map's vector tiles as HTTP responses, for /tiles and OGC API - Tiles (see server/tiles/vector-tiles.ts). */
    vectorTiles: VectorTiles
  }
}

export const MVT = 'application/vnd.mapbox-vector-tile'

/** Tiles kept in memory, by data version: a few hundred typical tiles. */
const TILE_CACHE_BYTES = 32 * 1024 * 1024
/** A tile asked for with the current data version (`?v=`, as the TileJSON gives) never changes. */
const VERSIONED_MAX_AGE = 'public, max-age=31536000, immutable'
/** Without it, caches keep it briefly and then revalidate with its ETag (a 304 while nothing changed). */
const UNVERSIONED_MAX_AGE = 'public, max-age=60, must-revalidate'

/** A tile's address in XYZ numbering (row y from the north) and what it is drawn as of; checked by the route. */
export interface TileRequest {
  z: number
  x: number
  y: number
  /** The data version the client names (`?v=`), if it names one. */
  v?: number | undefined
  asOf?: string | undefined
  incidentDays: number
}

/** What a tile depends on besides its address: the day (today's tiles change at midnight UTC) and the incidents' days. */
const variant = (asOf: string | undefined, incidentDays: number) => `${asOf ?? 'today'}/${incidentDays}`
const tileKey = (version: number, { z, x, y, asOf, incidentDays }: TileRequest) =>
  `${version}/${variant(asOf, incidentDays)}/${z}/${x}/${y}/${asOf ? '' : new Date().toISOString().slice(0, 10)}`
/** The ETag of the tiles of a data version, as of a day, with the incidents of so many days. */
const tileEtag = (version: number, asOf: string | undefined, incidentDays: number) =>
  `"zones-${version}${asOf ? `-${asOf}` : ''}${incidentDays === DEFAULT_INCIDENT_DAYS ? '' : `-i${incidentDays}`}"`
const tileBody = (tile: Uint8Array) => Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength)

/**
 * The zones and incidents as Mapbox Vector Tiles, answered with the caching every tile route shares:
 * ETags name the data version, so a revalidation costs one single-row read and a 304, and a tile
 * asked for by the current data version is immutable and served from memory.
 *
 *   return app.vectorTiles.send(request, reply, { z: 7, x: 77, y: 50, incidentDays: 30 })
 */
export function vectorTiles(tiles: ReturnType<typeof mapTiles>) {
  const cache = tileCache(TILE_CACHE_BYTES)
  return {
    dataVersion: tiles.dataVersion,

    async send(request: FastifyRequest, reply: FastifyReply, tile: TileRequest): Promise<FastifyReply> {
      const { v: requested, asOf, incidentDays } = tile
      const remembered = requested === undefined ? undefined : cache.peek(tileKey(requested, tile))
      if (remembered) {
        void reply.header('etag', tileEtag(requested!, asOf, incidentDays)).header('cache-control', VERSIONED_MAX_AGE)
        if (matchesIfNoneMatch(request.headers['if-none-match'], tileEtag(requested!, asOf, incidentDays))) return reply.code(304).send()
        return reply.type(MVT).send(tileBody(remembered))
      }
      const version = await tiles.dataVersion()
      const etag = tileEtag(version, asOf, incidentDays)
      void reply.header('etag', etag).header('cache-control', requested === version ? VERSIONED_MAX_AGE : UNVERSIONED_MAX_AGE)
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send()
      const bytes = await cache.get(tileKey(version, tile), () => tiles.tile({ z: tile.z, x: tile.x, y: tile.y, asOf, incidentDays }))
      return reply.type(MVT).send(tileBody(bytes))
    },
  }
}

export type VectorTiles = ReturnType<typeof vectorTiles>

export default fp(
  async (app) => {
    app.decorate('vectorTiles', vectorTiles(mapTiles(app.db.knex)))
  },
  { name: 'vector-tiles', dependencies: ['database'] },
)
