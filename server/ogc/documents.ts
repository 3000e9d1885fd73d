import type { CollectionSummary } from '../storage/repositories/zone-features-repository.ts'
import type { OgcCollection } from './collections.ts'
import { GEOMETRY_DIMENSION } from '../domain/geometry-families.ts'
import type { CollectionDocument } from './html/pages.ts'
import { CRS84_URI, SUPPORTED_CRS_URIS } from './crs.ts'
import { QUERYABLES_REL, type LinkBuilder, type OgcLink } from './links.ts'
import { tilesetsLinks } from './tilesets.ts'

const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian'

export interface CollectionJson extends CollectionDocument {
  itemType: 'feature'
  crs: string[]
  storageCrs: string
  /** For a collection of one geometry family: JSON-FG's geometryDimension (0 points, 1 curves, 2 surfaces). */
  geometryDimension?: 0 | 1 | 2
}

/**
 * A collection as /collections and /collections/{id} describe it: the extent from the data (dates
 * as whole UTC days), and links to its items (GeoJSON and HTML) and queryables. `self` gives the
 * links of the collection itself; by default its canonical JSON and HTML URLs.
 */
export function collectionDocument(collection: OgcCollection, summary: CollectionSummary | undefined, links: LinkBuilder, self?: OgcLink[]): CollectionJson {
  const path = `/collections/${collection.id}`
  const extent: NonNullable<CollectionJson['extent']> = {}
  if (summary?.bbox) extent.spatial = { bbox: [summary.bbox], crs: CRS84_URI }
  if (summary?.start) extent.temporal = { interval: [[`${summary.start}T00:00:00Z`, summary.end ? `${summary.end}T23:59:59Z` : null]], trs: GREGORIAN }
  return {
    id: collection.id,
    title: collection.title,
    description: collection.description,
    links: [
      ...(self ?? [links.link('self', path, 'json', collection.title), links.link('alternate', path, 'html', collection.title)]),
      links.link('items', `${path}/items`, 'geojson', `${collection.title} (GeoJSON)`),
      links.link('items', `${path}/items`, 'html', `${collection.title} (HTML)`),
      links.link(QUERYABLES_REL, `${path}/queryables`, 'schema', `Queryables of ${collection.title}`),
      ...tilesetsLinks(collection, links),
    ],
    ...(Object.keys(extent).length > 0 ? { extent } : {}),
    itemType: 'feature',
    crs: [...SUPPORTED_CRS_URIS],
    storageCrs: CRS84_URI,
    ...(collection.geometryFamily ? { geometryDimension: GEOMETRY_DIMENSION[collection.geometryFamily] } : {}),
  }
}
