import { toKML } from '@placemarkio/tokml'
import type { Feature, Geometry } from 'geojson'
import type { FeatureChunk } from '../storage/zones-repository.ts'

// tokml writes a whole document; the placemarks of each chunk are cut from between these two.
const [KML_START, KML_END] = ((empty) => [empty.slice(0, empty.indexOf('</Document>')), empty.slice(empty.indexOf('</Document>'))])(
  toKML({ type: 'FeatureCollection', features: [] }),
)

/**
 * Zones as KML for Google Earth and other desktop tools, read in chunks (a page or more) and
 * written as they come, so memory holds one chunk. Arrays in the properties (parties, sponsors,
 * links) become JSON text, as KML data values are strings.
 */
export async function* kmlDocument(chunks: AsyncIterable<FeatureChunk>): AsyncGenerator<string> {
  yield KML_START
  for await (const chunk of chunks) {
    if (chunk.count === 0) continue
    const features = JSON.parse(`[${chunk.json}]`) as Array<Feature<Geometry | null>>
    const kml = toKML({ type: 'FeatureCollection', features })
    if (!kml.startsWith(KML_START) || !kml.endsWith(KML_END)) throw new Error('@placemarkio/tokml wrote a document of another shape: update kmlDocument')
    yield kml.slice(KML_START.length, kml.length - KML_END.length)
  }
  yield KML_END
}
