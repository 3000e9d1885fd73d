import { Readable } from 'node:stream'
import type { FeatureChunk } from '../domain/feature-pages.ts'

/**
 * A GeoJSON FeatureCollection written piece by piece as its features are read (`limit=all`
 * over 100,000 zones, and pages larger than one chunk), so the response starts at once and memory
 * holds one chunk, not the result. The counts and links come last, once known; JSON does not care
 * about the order of members.
 *
 *   const chunks = await startStream(app.zoneFeatures.streamChunks(filter, shape, window))
 *   reply.header('etag', etagOf(chunks.first.dataVersion))
 *   reply.type(GEOJSON).send(streamCollection(chunks, (end) => ({ links: [self] })))
 *
 * Node's stream backpressure applies: the next chunk is read when the client has taken the last.
 */
export interface CollectionEnd {
  /** Omitted when not known (more matched than were counted). */
  numberMatched?: number
  links: readonly object[]
  /** OGC API - Features: when the data last changed. */
  timeStamp?: string
}

/** What the last chunk told: how many features were sent, and where a next page would start. */
export interface StreamedPage {
  returned: number
  nextAfter: number | null
}

/** A stream whose first chunk has been read (headers such as the ETag depend on it). */
export interface StartedStream<Chunk extends FeatureChunk = FeatureChunk> {
  first: Chunk
  rest: AsyncIterator<Chunk>
}

export async function startStream<Chunk extends FeatureChunk>(chunks: AsyncGenerator<Chunk>): Promise<StartedStream<Chunk>> {
  const first = await chunks.next()
  if (first.done) throw new Error('a feature stream ends with a last chunk; this one yielded none')
  return { first: first.value, rest: chunks }
}

/** `head`: members written before the features (foreign members a reader sees first, such as the citation of an export). */
export function streamCollection(stream: StartedStream, end: (page: StreamedPage) => CollectionEnd | Promise<CollectionEnd>, head: Record<string, unknown> = {}): Readable {
  async function* pieces(): AsyncGenerator<string> {
    yield `${JSON.stringify({ type: 'FeatureCollection', ...head }).slice(0, -1)},"features":[`
    let returned = 0
    let nextAfter: number | null = null
    let chunk: FeatureChunk | undefined = stream.first
    while (chunk) {
      if (chunk.count > 0) {
        if (returned > 0) yield ','
        yield chunk.json
      }
      returned += chunk.count
      nextAfter = chunk.nextAfter
      const next = await stream.rest.next()
      chunk = next.done ? undefined : next.value
    }
    const { numberMatched, links, timeStamp } = await end({ returned, nextAfter })
    const counts = `${numberMatched === undefined ? '' : `"numberMatched":${numberMatched},`}"numberReturned":${returned}`
    yield `],${counts},${timeStamp === undefined ? '' : `"timeStamp":${JSON.stringify(timeStamp)},`}"links":${JSON.stringify(links)}}`
  }
  return Readable.from(pieces(), { objectMode: false })
}
