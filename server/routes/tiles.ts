import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { baseUrl } from '../http/base-url.ts'
import { badRequest } from '../http/problem.ts'
import { MAX_ZOOM } from '../domain/zoom-levels.ts'
import { DEFAULT_INCIDENT_DAYS, INCIDENT_TILE_LAYER, TILE_LAYER } from '../storage/repositories/tiles-repository.ts'
import { MVT } from '../tiles/vector-tiles.ts'
import { problemResponses } from '../schemas/common.ts'
import { TileJsonQuery, TileQuery } from '../schemas/tiles.ts'

const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM, description: `zoom, 0 to ${MAX_ZOOM}` }),
  x: Type.Integer({ minimum: 0, maximum: 2 ** MAX_ZOOM - 1, description: 'column, 0 to 2^z - 1' }),
  y: Type.String({ pattern: '^[0-9]{1,10}\\.mvt$', description: 'row, 0 to 2^z - 1, then .mvt' }),
})

/**
 * GET /tiles/{z}/{x}/{y}.mvt: the zones and incidents as Mapbox Vector Tiles (layers `zones` and
 * `incidents`, the latter of `incident_days` days up to as_of), for maps of thousands of zones; GET /tiles: their TileJSON 3.0, whose URL template carries the data version.
 * ETags name the data version, so a revalidation costs one single-row read and a 304.
 */
const tilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/tiles',
    { schema: { tags: ['zones'], summary: 'TileJSON 3.0 of the vector tiles of the zones and incidents', querystring: TileJsonQuery, response: { 200: { description: 'application/json', type: 'object', additionalProperties: true }, ...problemResponses } } },
    async (request, reply) => {
      const version = await app.vectorTiles.dataVersion()
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
      const { v, as_of: asOf, incident_days: incidentDays } = request.query
      return app.vectorTiles.send(request, reply, { z, x, y, v, asOf, incidentDays })
    },
  )
}

export default tilesRoutes
