import { MAX_ZOOM } from '../domain/zoom-levels.ts'
import { INCIDENT_TILE_LAYER, TILE_LAYER } from '../storage/repositories/tiles-repository.ts'
import { MVT } from '../tiles/vector-tiles.ts'
import type { OgcCollection } from './collections.ts'
import { EPSG_3857_URI } from './crs.ts'
import type { LinkBuilder, OgcLink } from './links.ts'
import { WEB_MERCATOR_QUAD_ID, WEB_MERCATOR_QUAD_URI } from './tile-matrix-sets.ts'

/**
 * The documents of OGC API - Tiles (20-057) for the map's vector tiles: the tilesets of a collection
 * and the metadata of its one tileset, WebMercatorQuad. The tiles are those of /tiles, drawn for the
 * whole map (layers `zones` and `incidents`), so only the collection of every zone offers them: a
 * kind's collection would get zones of every kind.
 */

export const TILESETS_VECTOR_REL = 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector'
export const TILING_SCHEME_REL = 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme'
export const TILING_SCHEMES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes'
const GEODATA_REL = 'http://www.opengis.net/def/rel/ogc/1.0/geodata'

const TILED_COLLECTIONS: ReadonlySet<string> = new Set(['zones'])

export function hasTiles(collection: OgcCollection): boolean {
  return TILED_COLLECTIONS.has(collection.id)
}

/** The link from a collection to its tilesets, when it has tiles. */
export function tilesetsLinks(collection: OgcCollection, links: LinkBuilder): OgcLink[] {
  if (!hasTiles(collection)) return []
  return [links.link(TILESETS_VECTOR_REL, `/collections/${collection.id}/tiles`, 'json', `Vector tiles of ${collection.title}`)]
}

const tilesetPath = (collection: OgcCollection) => `/collections/${collection.id}/tiles/${WEB_MERCATOR_QUAD_ID}`
const tilingSchemeLink = (links: LinkBuilder) => links.link(TILING_SCHEME_REL, `/tileMatrixSets/${WEB_MERCATOR_QUAD_ID}`, 'json', 'The WebMercatorQuad tile matrix set')

/** GET /collections/{id}/tiles: its one tileset. */
export function tilesetsDocument(collection: OgcCollection, links: LinkBuilder) {
  return {
    links: [links.link('self', `/collections/${collection.id}/tiles`, 'json', `Tilesets of ${collection.title}`)],
    tilesets: [
      {
        title: `${collection.title}: vector tiles`,
        dataType: 'vector',
        crs: EPSG_3857_URI,
        tileMatrixSetURI: WEB_MERCATOR_QUAD_URI,
        links: [links.link('self', tilesetPath(collection), 'json', 'The tileset'), tilingSchemeLink(links)],
      },
    ],
  }
}

/** Every tile matrix of the set that is served, each in full: the zooms of /tiles. */
const tileMatrixSetLimits = Array.from({ length: MAX_ZOOM + 1 }, (_, level) => ({
  tileMatrix: String(level),
  minTileRow: 0,
  maxTileRow: 2 ** level - 1,
  minTileCol: 0,
  maxTileCol: 2 ** level - 1,
}))

/**
 * GET /collections/{id}/tiles/WebMercatorQuad: the tileset, with the template of its tiles. The
 * template names the data version, so its tiles are immutable; the document changes with the data.
 */
export function tilesetDocument(collection: OgcCollection, links: LinkBuilder, dataVersion: number) {
  const layer = (id: string, title: string, collectionId: string) => ({
    id,
    title,
    dataType: 'vector',
    minTileMatrix: '0',
    maxTileMatrix: String(MAX_ZOOM),
    links: [links.link(GEODATA_REL, `/collections/${collectionId}`, 'json', title)],
  })
  return {
    title: `${collection.title}: vector tiles`,
    description: 'The map of the zones (layer zones: slug, name, kind, status) and of the incidents of the last 30 days (layer incidents), as on /tiles.',
    dataType: 'vector',
    crs: EPSG_3857_URI,
    tileMatrixSetURI: WEB_MERCATOR_QUAD_URI,
    tileMatrixSetLimits,
    mediaTypes: [MVT],
    links: [
      links.link('self', tilesetPath(collection), 'json', 'This tileset'),
      tilingSchemeLink(links),
      links.link(GEODATA_REL, `/collections/${collection.id}`, 'json', collection.title),
      {
        rel: 'item',
        type: MVT,
        title: 'A tile (Mapbox Vector Tile)',
        href: `${links.url(`${tilesetPath(collection)}/{tileMatrix}/{tileRow}/{tileCol}`)}?v=${dataVersion}`,
        templated: true,
      },
    ],
    layers: [layer(TILE_LAYER, 'Zones', collection.id), layer(INCIDENT_TILE_LAYER, 'Incidents of the last 30 days', 'incidents')],
  }
}

/** GET /tileMatrixSets: the sets tiles are served in. */
export function tileMatrixSetsDocument(links: LinkBuilder) {
  return {
    links: [links.link('self', '/tileMatrixSets', 'json', 'The tile matrix sets')],
    tileMatrixSets: [
      {
        id: WEB_MERCATOR_QUAD_ID,
        title: 'Google Maps Compatible for the World',
        uri: WEB_MERCATOR_QUAD_URI,
        links: [links.link('self', `/tileMatrixSets/${WEB_MERCATOR_QUAD_ID}`, 'json', 'The WebMercatorQuad tile matrix set')],
      },
    ],
  }
}
