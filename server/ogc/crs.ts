import { checkBbox } from '../http/coordinates.ts'
import { badRequest } from '../http/problem.ts'
import type { Projection } from '../storage/sql/feature-collection.ts'

/**
 * The coordinate reference systems /ogc serves features in (OGC API - Features Part 2, by
 * reference): WGS 84 longitude/latitude (CRS84, the default and the stored one), WGS 84 as EPSG
 * defines it (latitude first) and Web Mercator in metres. PostGIS transforms the geometries; see
 * `projection` in FeatureShape.
 *
 *   crsOf('http://www.opengis.net/def/crs/EPSG/0/3857', 'query.crs').precision  // 2
 */
export interface OgcCrs {
  uri: string
  /** How PostGIS writes coordinates in it; none for CRS84, as stored. */
  projection?: Projection | undefined
  /** Decimals of its coordinates: about 10 cm in degrees, 1 cm in metres. */
  precision: number
  /** Short name for ETags and messages. */
  code: string
}

export const CRS84_URI = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const EPSG_4326_URI = 'http://www.opengis.net/def/crs/EPSG/0/4326'
export const EPSG_3857_URI = 'http://www.opengis.net/def/crs/EPSG/0/3857'

export const CRS84: OgcCrs = { uri: CRS84_URI, precision: 6, code: 'CRS84' }

export const SUPPORTED_CRS: readonly OgcCrs[] = [
  CRS84,
  { uri: EPSG_4326_URI, projection: { srid: 4326, northFirst: true }, precision: 6, code: 'EPSG:4326' },
  { uri: EPSG_3857_URI, projection: { srid: 3857, northFirst: false }, precision: 2, code: 'EPSG:3857' },
]

export const SUPPORTED_CRS_URIS: readonly string[] = SUPPORTED_CRS.map((crs) => crs.uri)

/** The CRS a parameter names (CRS84 without it); any other value is a 400 listing those supported. */
export function crsOf(uri: string | undefined, where: string): OgcCrs {
  if (uri === undefined) return CRS84
  const found = SUPPORTED_CRS.find((crs) => crs.uri === uri)
  if (!found) throw badRequest(where, `is not a CRS served here; use one of ${SUPPORTED_CRS_URIS.join(', ')}`)
  return found
}

/** Half the side of the Web Mercator square, in metres: the map's edge at longitude 180. */
const MERCATOR_EDGE = 20037508.342789244
const EARTH_RADIUS = 6378137

const degrees = (radians: number) => (radians * 180) / Math.PI

/**
 * A bbox given in `crs` (its axis order, `bbox-crs`) as west,south,east,north in CRS84, for the
 * filters, which work in longitude/latitude. Web Mercator maps each axis on its own, so its box is
 * exactly a longitude/latitude box (the spherical formulas EPSG:3857 is defined by).
 */
export function bboxInCrs84(bbox: readonly [number, number, number, number], crs: OgcCrs): [number, number, number, number] {
  const [a, b, c, d] = bbox
  if (crs.projection === undefined) return checkBbox(bbox)
  if (crs.projection.srid === 4326) {
    const outside = bbox.findIndex((value, index) => Math.abs(value) > (index % 2 === 0 ? 90 : 180))
    if (outside !== -1) throw badRequest(`query.bbox[${outside}]`, `${outside % 2 === 0 ? 'latitude' : 'longitude'} ${bbox[outside]} is out of range (EPSG:4326 gives latitude first)`)
    return checkBbox([b, a, d, c])
  }
  const outside = bbox.findIndex((value) => Math.abs(value) > MERCATOR_EDGE)
  if (outside !== -1) throw badRequest(`query.bbox[${outside}]`, `${bbox[outside]} is outside the EPSG:3857 extent, -${MERCATOR_EDGE}..${MERCATOR_EDGE} metres`)
  const longitude = (x: number) => degrees(x / EARTH_RADIUS)
  const latitude = (y: number) => degrees(2 * Math.atan(Math.exp(y / EARTH_RADIUS)) - Math.PI / 2)
  return checkBbox([longitude(a), latitude(b), longitude(c), latitude(d)])
}

/** The Content-Crs header of a response whose coordinates are in `crs`. */
export const contentCrs = (crs: OgcCrs) => `<${crs.uri}>`

/** `filter-crs`: the filter's geometries are read as CRS84 (longitude first), the only CRS taken there. */
export function checkFilterCrs(uri: string | undefined): void {
  if (uri !== undefined && uri !== CRS84_URI) throw badRequest('query.filter-crs', `is not supported; filter geometries are read in ${CRS84_URI} only`)
}
