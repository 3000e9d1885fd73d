import { EPSG_3857_URI } from './crs.ts'

/**
 * The tile matrix sets /ogc serves tiles in: WebMercatorQuad alone, the XYZ scheme of web maps, as
 * OGC 17-083r4 (Two Dimensional Tile Matrix Set, Annex D) defines it: 25 levels, 0 to 24, each
 * halving the last one's cell size, with the origin at the top left and rows counted southwards.
 *
 *   webMercatorQuad.tileMatrices[7]  // { id: '7', matrixWidth: 128, cellSize: 1222.99…, … }
 */
export const WEB_MERCATOR_QUAD_ID = 'WebMercatorQuad'
export const WEB_MERCATOR_QUAD_URI = 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad'

/** Half the side of the Web Mercator square, in metres. */
const EDGE = 20037508.3427892
const TILE_SIZE = 256
const LEVELS = 25
/** The standard rendering pixel of 0.28 mm, which turns a cell size into a scale denominator. */
const PIXEL_METRES = 0.00028

/**
 * GDAL before 3.7 (its OGCAPI driver) reads only the 2017 encoding (17-083r2: `identifier`,
 * `supportedCRS`, `topLeftCorner`, corners of the bounding box), so those names ride along.
 */
export const webMercatorQuad = {
  id: WEB_MERCATOR_QUAD_ID,
  identifier: WEB_MERCATOR_QUAD_ID,
  supportedCRS: EPSG_3857_URI,
  title: 'Google Maps Compatible for the World',
  uri: WEB_MERCATOR_QUAD_URI,
  crs: EPSG_3857_URI,
  orderedAxes: ['X', 'Y'],
  wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
  boundingBox: { lowerLeft: [-EDGE, -EDGE], upperRight: [EDGE, EDGE], lowerCorner: [-EDGE, -EDGE], upperCorner: [EDGE, EDGE], crs: EPSG_3857_URI },
  tileMatrices: Array.from({ length: LEVELS }, (_, level) => {
    const tiles = 2 ** level
    const cellSize = (2 * EDGE) / TILE_SIZE / tiles
    return {
      id: String(level),
      identifier: String(level),
      scaleDenominator: cellSize / PIXEL_METRES,
      cellSize,
      cornerOfOrigin: 'topLeft',
      pointOfOrigin: [-EDGE, EDGE],
      topLeftCorner: [-EDGE, EDGE],
      tileWidth: TILE_SIZE,
      tileHeight: TILE_SIZE,
      matrixWidth: tiles,
      matrixHeight: tiles,
    }
  }),
} as const

export const TILE_MATRIX_SETS = [webMercatorQuad] as const
