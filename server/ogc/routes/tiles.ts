import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { MAX_ZOOM } from '../../domain/zoom-levels.ts'
import { notFound } from '../../http/problem.ts'
import { problemResponses } from '../../schemas/common.ts'
import { TileQuery } from '../../schemas/tiles.ts'
import { MVT } from '../../tiles/vector-tiles.ts'
import type { OgcCollection } from '../collections.ts'
import { OGC_TAGS, requireCollection } from '../context.ts'
import { LinkBuilder } from '../links.ts'
import { send } from '../reply.ts'
import { CollectionParams } from '../schemas.ts'
import { WEB_MERCATOR_QUAD_ID, webMercatorQuad } from '../tile-matrix-sets.ts'
import { hasTiles, tileMatrixSetsDocument, tilesetDocument, tilesetsDocument } from '../tilesets.ts'

/** Tile metadata is JSON only; `f=json` is taken, as clients add it. */
const JsonQuery = Type.Object({ f: Type.Optional(Type.Literal('json', { description: 'json, the only representation' })) }, { additionalProperties: false })

// Plain strings, so that an id that cannot exist is a 404 rather than a 400 (the router caps their length).
const TileMatrixSetParams = Type.Object({ tileMatrixSetId: Type.String({ description: 'WebMercatorQuad' }) })
const TilesetParams = Type.Object({ ...CollectionParams.properties, ...TileMatrixSetParams.properties })
const TileParams = Type.Object({
  ...TilesetParams.properties,
  tileMatrix: Type.String({ description: `the zoom level, 0 to ${MAX_ZOOM}` }),
  tileRow: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the row, from the north, 0 to 2^tileMatrix - 1' }),
  tileCol: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the column, from the west, 0 to 2^tileMatrix - 1' }),
})
const TileTileQuery = Type.Object({ ...TileQuery.properties, f: Type.Optional(Type.Literal('mvt', { description: 'mvt, the only tile format' })) }, { additionalProperties: false })

const json = { 200: { description: 'application/json' }, ...problemResponses }

/** The collection, when it has tiles; else a 404 problem. */
function tiledCollection(id: string): OgcCollection {
  const collection = requireCollection(id)
  if (!hasTiles(collection)) throw notFound(`Tiles of the collection ${collection.id}`)
  return collection
}

function requireWebMercatorQuad(id: string): void {
  if (id !== WEB_MERCATOR_QUAD_ID) throw notFound(`The tile matrix set ${JSON.stringify(id)}`)
}

/** The zoom a tile matrix id names, when a tile of that zoom is served; null otherwise. */
function zoomOf(tileMatrix: string): number | null {
  if (!/^(0|[1-9]\d?)$/.test(tileMatrix)) return null
  const zoom = Number(tileMatrix)
  return zoom <= MAX_ZOOM ? zoom : null
}

/**
 * OGC API - Tiles (Part 1: Core; tileset, tilesets list, geodata tilesets, Mapbox Vector Tiles) for
 * the map's vector tiles: GET /tileMatrixSets, /tileMatrixSets/WebMercatorQuad,
 * /collections/{id}/tiles, …/tiles/WebMercatorQuad and …/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol},
 * the last answered as /tiles/{z}/{x}/{y}.mvt is (app.vectorTiles).
 */
const tileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const linksOf = (request: FastifyRequest) => new LinkBuilder(request, app.config.PUBLIC_URL)

  app.get('/tileMatrixSets', { schema: { tags: OGC_TAGS, summary: 'The tile matrix sets of the tiles', querystring: JsonQuery, response: json } }, async (request, reply) =>
    send(reply, 'json', JSON.stringify(tileMatrixSetsDocument(linksOf(request)))),
  )

  app.get(
    '/tileMatrixSets/:tileMatrixSetId',
    { schema: { tags: OGC_TAGS, summary: 'A tile matrix set, as OGC 17-083r4 defines it', params: TileMatrixSetParams, querystring: JsonQuery, response: json } },
    async (request, reply) => {
      requireWebMercatorQuad(request.params.tileMatrixSetId)
      return send(reply, 'json', JSON.stringify(webMercatorQuad))
    },
  )

  app.get(
    '/collections/:collectionId/tiles',
    { schema: { tags: OGC_TAGS, summary: 'The vector tilesets of a collection', params: CollectionParams, querystring: JsonQuery, response: json } },
    async (request, reply) => send(reply, 'json', JSON.stringify(tilesetsDocument(tiledCollection(request.params.collectionId), linksOf(request)))),
  )

  app.get(
    '/collections/:collectionId/tiles/:tileMatrixSetId',
    { schema: { tags: OGC_TAGS, summary: 'A vector tileset: its tile matrix set, limits, layers and the template of its tiles', params: TilesetParams, querystring: JsonQuery, response: json } },
    async (request, reply) => {
      const collection = tiledCollection(request.params.collectionId)
      requireWebMercatorQuad(request.params.tileMatrixSetId)
      const document = tilesetDocument(collection, linksOf(request), await app.vectorTiles.dataVersion())
      return send(reply.header('cache-control', 'no-cache'), 'json', JSON.stringify(document))
    },
  )

  app.get(
    '/collections/:collectionId/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol',
    {
      schema: {
        tags: OGC_TAGS,
        summary: 'A vector tile (Mapbox Vector Tile), the same as /tiles/{z}/{x}/{y}.mvt with z = tileMatrix, x = tileCol, y = tileRow',
        params: TileParams,
        querystring: TileTileQuery,
        response: { 200: { description: MVT }, 304: { description: 'Not modified: the ETag still names the data version' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { collectionId, tileMatrixSetId, tileMatrix, tileRow, tileCol } = request.params
      tiledCollection(collectionId)
      requireWebMercatorQuad(tileMatrixSetId)
      const z = zoomOf(tileMatrix)
      if (z === null) throw notFound(`The tile matrix ${JSON.stringify(tileMatrix)} of ${WEB_MERCATOR_QUAD_ID} (tiles are served at 0 to ${MAX_ZOOM})`)
      if (tileRow >= 2 ** z || tileCol >= 2 ** z) throw notFound(`The tile ${tileRow}/${tileCol}: tile matrix ${z} has rows and columns 0 to ${2 ** z - 1}`)
      const { v, as_of: asOf, incident_days: incidentDays } = request.query
      return app.vectorTiles.send(request, reply, { z, x: tileCol, y: tileRow, v, asOf, incidentDays })
    },
  )
}

export default tileRoutes
