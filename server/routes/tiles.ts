import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { baseUrl } from '../http/base-url.ts'
import { badRequest } from '../http/problem.ts'
import { matchesIfNoneMatch } from '../http/version-etag.ts'
import { MAX_ZOOM } from '../domain/zoom-levels.ts'
import { TILE_LAYER } from '../storage/repositories/tiles-repository.ts'
import { zoneTiles } from '../tiles/zone-tiles.ts'
import { tileCache } from '../tiles/tile-cache.ts'
import { CalendarDate, problemResponses } from '../schemas/common.ts'

export const MVT = 'application/vnd.mapbox-vector-tile'

/** Tiles kept in memory, by data version: a few hundred typical tiles. */
const TILE_CACHE_BYTES = 32 * 1024 * 1024
/** A tile asked for with the current data version (`?v=`, as the TileJSON gives) never changes. */
const VERSIONED_MAX_AGE = 'public, max-age=31536000, immutable'
/** Without it, caches keep it briefly and then revalidate with its ETag (a 304 while nothing changed). */
const UNVERSIONED_MAX_AGE = 'public, max-age=60, must-revalidate'

const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM, description: `zoom, 0 to ${MAX_ZOOM}` }),
  x: Type.Integer({ minimum: 0, maximum: 2 ** MAX_ZOOM - 1, description: 'column, 0 to 2^z - 1' }),
  y: Type.String({ pattern: '^[0-9]{1,10}\\.mvt$', description: 'row, 0 to 2^z - 1, then .mvt' }),
})

const AsOf = Type.Optional({ ...CalendarDate, description: 'the map as it stood on this date (YYYY-MM-DD): statuses and the boundary versions in force then' })

const TileQuery = Type.Object(
  {
    v: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the data version, as the TileJSON document gives it' })),
    as_of: AsOf,
  },
  { additionalProperties: false },
)

const TileJsonQuery = Type.Object({ as_of: AsOf }, { additionalProperties: false })

const tileKey = (version: number, z: number, x: number, y: number, asOf: string | undefined) => `${version}/${asOf ?? 'today'}/${z}/${x}/${y}`
/** The ETag of the tiles of a data version, as of a day. */
const tileEtag = (version: number, asOf: string | undefined) => `"zones-${version}${asOf ? `-${asOf}` : ''}"`
const tileBody = (tile: Uint8Array) => Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength)

/**
 * GET /tiles/{z}/{x}/{y}.mvt: the zones as Mapbox Vector Tiles (layer `zones`), for maps of
 * thousands of zones; GET /tiles: their TileJSON 3.0, whose URL template carries the data version.
 * ETags name the data version, so a revalidation costs one single-row read and a 304.
 */
const tilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tiles = zoneTiles(app.db.knex)
  const cache = tileCache(TILE_CACHE_BYTES)

  app.get(
    '/tiles',
    { schema: { tags: ['zones'], summary: 'TileJSON 3.0 of the zones vector tiles', querystring: TileJsonQuery, response: { 200: { description: 'application/json', type: 'object', additionalProperties: true }, ...problemResponses } } },
    async (request, reply) => {
      const version = await tiles.dataVersion()
      const root = baseUrl(request, app.config.PUBLIC_URL)
      return reply.type('application/json; charset=utf-8').send(
        JSON.stringify({
          tilejson: '3.0.0',
          name: 'Truce Atlas zones',
          version: '1.0.0',
          scheme: 'xyz',
          tiles: [`${root}/tiles/{z}/{x}/{y}.mvt?v=${version}${request.query.as_of ? `&as_of=${request.query.as_of}` : ''}`],
          minzoom: 0,
          maxzoom: MAX_ZOOM,
          bounds: [-180, -85.0511, 180, 85.0511],
          vector_layers: [{ id: TILE_LAYER, fields: { slug: 'String', name: 'String', kind: 'String', status: 'String' }, minzoom: 0, maxzoom: MAX_ZOOM }],
        }),
      )
    },
  )

  app.get(
    '/tiles/:z/:x/:y',
    {
      schema: {
        tags: ['zones'],
        summary: 'A Mapbox Vector Tile of the zones (layer "zones": id, slug, name, kind, status)',
        params: TileParams,
        querystring: TileQuery,
        response: { 200: { description: MVT }, 304: { description: 'Not modified: the ETag still names the data version' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { z, x } = request.params
      const y = Number(request.params.y.slice(0, -'.mvt'.length))
      const size = 2 ** z
      if (x >= size) throw badRequest('params.x', `must be from 0 to ${size - 1} at zoom ${z}`)
      if (y >= size) throw badRequest('params.y', `must be from 0 to ${size - 1} at zoom ${z}`)
      // A tile asked for by data version, as the TileJSON gives it, is immutable: from memory, no read.
      const { v: requested, as_of: asOf } = request.query
      const remembered = requested === undefined ? undefined : cache.peek(tileKey(requested, z, x, y, asOf))
      if (remembered) {
        void reply.header('etag', tileEtag(requested!, asOf)).header('cache-control', VERSIONED_MAX_AGE)
        if (matchesIfNoneMatch(request.headers['if-none-match'], tileEtag(requested!, asOf))) return reply.code(304).send()
        return reply.type(MVT).send(tileBody(remembered))
      }
      const version = await tiles.dataVersion()
      const etag = tileEtag(version, asOf)
      void reply.header('etag', etag).header('cache-control', request.query.v === version ? VERSIONED_MAX_AGE : UNVERSIONED_MAX_AGE)
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send()
      const tile = await cache.get(tileKey(version, z, x, y, asOf), () => tiles.tile({ z, x, y, asOf }))
      return reply.type(MVT).send(tileBody(tile))
    },
  )
}

export default tilesRoutes
