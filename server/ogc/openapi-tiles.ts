import { MAX_ZOOM } from '../domain/zoom-levels.ts'
import { MVT } from '../tiles/vector-tiles.ts'
import type { OgcCollection } from './collections.ts'
import { hasTiles } from './tilesets.ts'

/** The OGC API - Tiles paths in the OpenAPI definition of /ogc: the tile matrix sets, and the tiles of each tiled collection. */

const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } })
const problem = (name: 'BadRequest' | 'NotFound' | 'ServerError') => ({ $ref: `#/components/responses/${name}` })
const pathParameter = (name: string, description: string, schema: object) => ({ name, in: 'path', required: true, description, schema })

const tileMatrixSetId = pathParameter('tileMatrixSetId', 'The tile matrix set: WebMercatorQuad.', { type: 'string', enum: ['WebMercatorQuad'] })

function get(operationId: string, summary: string, tags: string[], parameters: object[], success: object) {
  return { get: { operationId, summary, tags, parameters, responses: { 200: success, 400: problem('BadRequest'), 404: problem('NotFound'), 500: problem('ServerError') } } }
}

/** /tileMatrixSets and /tileMatrixSets/{tileMatrixSetId}. */
export function tileMatrixSetPaths(tags: string[]): Record<string, unknown> {
  return {
    '/tileMatrixSets': get('getTileMatrixSetsList', 'The tile matrix sets of the vector tiles', tags, [], json('The list of tile matrix sets.')),
    '/tileMatrixSets/{tileMatrixSetId}': get('getTileMatrixSet', 'A tile matrix set, as OGC 17-083r4 defines it', tags, [tileMatrixSetId], json('The tile matrix set.')),
  }
}

/** /collections/{id}/tiles and below, for a collection that has tiles. */
export function collectionTilePaths(collection: OgcCollection, name: string, tags: string[]): Record<string, unknown> {
  if (!hasTiles(collection)) return {}
  const base = `/collections/${collection.id}/tiles`
  const tile = [
    tileMatrixSetId,
    pathParameter('tileMatrix', `The zoom level, 0 to ${MAX_ZOOM}.`, { type: 'string', pattern: '^[0-9]{1,2}$' }),
    pathParameter('tileRow', 'The row, from the north: 0 to 2^tileMatrix - 1.', { type: 'integer', minimum: 0 }),
    pathParameter('tileCol', 'The column, from the west: 0 to 2^tileMatrix - 1.', { type: 'integer', minimum: 0 }),
    { name: 'v', in: 'query', required: false, description: 'The data version, as the tileset template gives it: the tile is then immutable.', schema: { type: 'integer', minimum: 0 } },
  ]
  return {
    [base]: get(`get${name}Tilesets`, `The vector tilesets of ${collection.title}`, tags, [], json('The tilesets.')),
    [`${base}/{tileMatrixSetId}`]: get(`get${name}Tileset`, `The vector tileset of ${collection.title}`, tags, [tileMatrixSetId], json('The tileset, with the template of its tiles.')),
    [`${base}/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}`]: get(`get${name}Tile`, `A vector tile of ${collection.title}`, tags, tile, {
      description: 'A Mapbox Vector Tile with the layers zones and incidents (empty where nothing is drawn).',
      content: { [MVT]: { schema: { type: 'string', format: 'binary' } } },
    }),
  }
}
