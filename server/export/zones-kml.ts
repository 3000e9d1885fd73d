import { toKML } from '@placemarkio/tokml'
import type { FeatureCollection, Geometry } from 'geojson'

/**
 * A FeatureCollection of zones as KML for Google Earth and other desktop tools. Arrays in the
 * properties (parties, sponsors, links) become JSON text, as KML data values are strings.
 */
export function zonesToKml(collectionJson: string): string {
  const collection = JSON.parse(collectionJson) as FeatureCollection<Geometry | null>
  return toKML({ type: 'FeatureCollection', features: collection.features })
}
