import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { baseUrl } from '../http/base-url.ts'
import { badRequest } from '../http/problem.ts'
import { matchesIfNoneMatch } from '../http/version-etag.ts'
import { MAX_ZOOM } from '../domain/zoom-levels.ts'
import { DEFAULT_INCIDENT_DAYS, INCIDENT_TILE_LAYER, MAX_INCIDENT_DAYS, TILE_LAYER } from '../storage/repositories/tiles-repository.ts'
import { mapTiles } from '../tiles/map-tiles.ts'
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

const IncidentDays = Type.Integer({
  minimum: 1,
  maximum: MAX_INCIDENT_DAYS,
  default: DEFAULT_INCIDENT_DAYS,
  description: `the incidents drawn: those whose days meet this many days up to as_of (today without it), 1 to ${MAX_INCIDENT_DAYS}`,
})

const TileQuery = Type.Object(
  {
    v: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the data version, as the TileJSON document gives it' })),
    as_of: AsOf,
    incident_days: IncidentDays,
  },
  { additionalProperties: false },
)

const TileJsonQuery = Type.Object({ as_of: AsOf, incident_days: IncidentDays }, { additionalProperties: false })

/** What a tile depends on besides its address: the day (today's tiles change at midnight UTC) and the incidents' days. */
const variant = (asOf: string | undefined, incidentDays: number) => `${asOf ?? 'today'}/${incidentDays}`
const tileKey = (version: number, z: number, x: number, y: number, asOf: string | undefined, incidentDays: number) =>
  `${version}/${variant(asOf, incidentDays)}/${z}/${x}/${y}/${asOf ? '' : new Date().toISOString().slice(0, 10)}`
/** The ETag of the tiles of a data version, as of a day, with the incidents of so many days. */
const tileEtag = (version: number, asOf: string | undefined, incidentDays: number) =>
  `"zones-${version}${asOf ? `-${asOf}` : ''}${incidentDays === DEFAULT_INCIDENT_DAYS ? '' : `-i${incidentDays}`}"`
const tileBody = (tile: Uint8Array) => Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength)

/**
 * GET /tiles/{z}/{x}/{y}.mvt: the zones and incidents as Mapbox Vector Tiles (layers `zones` and
 * `incidents`, the latter of `incident_days` days up to as_of), for maps of thousands of zones; GET /tiles: their TileJSON 3.0, whose URL template carries the data version.
 * ETags name the data version, so a revalidation costs one single-row read and a 304.
 */
const tilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tiles = mapTiles(app.db.knex)
  const cache = tileCache(TILE_CACHE_BYTES)

  app.get(
    '/tiles',
    { schema: { tags: ['zones'], summary: 'TileJSON 3.0 of the vector tiles of the zones and incidents', querystring: TileJsonQuery, response: { 200: { description: 'application/json', type: 'object', additionalProperties: true }, ...problemResponses } } },
    async (request, reply) => {
      const version = await tiles.dataVersion()
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const { as_of: asOf, incident_days: incidentDays } = request.query
      return reply.type('application/json; charset=utf-8').send(
        JSON.stringify({
          tilejson: '3.0.0',
          name: 'Truce Atlas zones and incidents',
          version: '1.0.0',
          scheme: 'xyz',
          tiles: [`${root}/tiles/{z}/{x}/{y}.mvt?v=${version}${asOf ? `&as_of=${asOf}` : ''}${incidentDays === DEFAULT_INCIDENT_DAYS ? '' : `&incident_days=${incidentDays}`}`],
          minzoom: 0,
          maxzoom: MAX_ZOOM,
          bounds: [-180, -85.0511, 180, 85.0511],
          vector_layers: [
            { id: TILE_LAYER, fields: { slug: 'String', name: 'String', kind: 'String', status: 'String' }, minzoom: 0, maxzoom: MAX_ZOOM },
            {
              id: INCIDENT_TILE_LAYER,
              description: `incidents of the ${incidentDays} days up to ${asOf ?? 'today'}, each at its point (an area at a point on it)`,
              fields: { slug: 'String', event_type: 'String', occurred_on: 'String', fatalities_best: 'Number', location_precision: 'String' },
              minzoom: 0,
              maxzoom: MAX_ZOOM,
            },
          ],
        }),
      )
    },
  )

  app.get(
    '/tiles/:z/:x/:y',
    {
      schema: {
        tags: ['zones'],
        summary: 'A Mapbox Vector Tile of the zones (layer "zones": id, slug, name, kind, status) and incidents (layer "incidents": id, slug, event_type, occurred_on, fatalities_best, location_precision)',
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
      const { v: requested, as_of: asOf, incident_days: incidentDays } = request.query
      const remembered = requested === undefined ? undefined : cache.peek(tileKey(requested, z, x, y, asOf, incidentDays))
      if (remembered) {
        void reply.header('etag', tileEtag(requested!, asOf, incidentDays)).header('cache-control', VERSIONED_MAX_AGE)
        if (matchesIfNoneMatch(request.headers['if-none-match'], tileEtag(requested!, asOf, incidentDays))) return reply.code(304).send()
        return reply.type(MVT).send(tileBody(remembered))
      }
      const version = await tiles.dataVersion()
      const etag = tileEtag(version, asOf, incidentDays)
      void reply.header('etag', etag).header('cache-control', request.query.v === version ? VERSIONED_MAX_AGE : UNVERSIONED_MAX_AGE)
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send()
      const tile = await cache.get(tileKey(version, z, x, y, asOf, incidentDays), () => tiles.tile({ z, x, y, asOf, incidentDays }))
      return reply.type(MVT).send(tileBody(tile))
    },
  )
}

export default tilesRoutes
