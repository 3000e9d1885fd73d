import { CRS84_URI, SUPPORTED_CRS_URIS } from './crs.ts'

/** The parameters of OGC API - Features Part 2 (and Part 3's filter-crs) in the OpenAPI definition of /ogc. */

/** Their names, in the order the items operations list them. */
export const CRS_PARAMETERS = ['crs', 'bbox-crs', 'filter-crs'] as const

const crsParameter = (name: string, description: string, values: readonly string[]) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string', format: 'uri', enum: [...values], default: CRS84_URI },
  style: 'form',
  explode: false,
})

export const crsParameters = {
  crs: crsParameter(
    'crs',
    'The CRS of the coordinates in the response (its URI; the Content-Crs header repeats it). EPSG:4326 gives latitude first, as EPSG defines it; ' +
      'EPSG:3857 gives metres, to the centimetre. Without it, CRS84: longitude, latitude.',
    SUPPORTED_CRS_URIS,
  ),
  'bbox-crs': crsParameter('bbox-crs', 'The CRS of bbox, whose corners are then in its axis order (latitude first for EPSG:4326). Without it, CRS84.', SUPPORTED_CRS_URIS),
  'filter-crs': crsParameter('filter-crs', 'The CRS of the geometries in filter: CRS84 only.', [CRS84_URI]),
}
