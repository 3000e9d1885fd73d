import { Readable } from 'node:stream'

/**
 * A GeoJSON FeatureCollection written piece by piece as its features are read (issue 8: `limit=all`
 * over 100,000 zones), so the response starts at once and memory holds one chunk, not the result.
 * The counts come last, once known; JSON does not care about the order of members.
 *
 *   reply.type(GEOJSON).send(streamCollection(zones.streamFeatures(filter, options), links))
 *
 * `chunks` yields the JSON text of one or more features joined by commas, and how many. Node's
 * stream backpressure applies: the next chunk is read when the client has taken the last.
 */
export interface FeatureChunk {
  json: string
  count: number
}

export function streamCollection(chunks: AsyncIterable<FeatureChunk>, links: readonly object[]): Readable {
  async function* pieces(): AsyncGenerator<string> {
    yield `{"type":"FeatureCollection","links":${JSON.stringify(links)},"features":[`
    let returned = 0
    let first = true
    for await (const chunk of chunks) {
      yield first ? chunk.json : `,${chunk.json}`
      first = false
      returned += chunk.count
    }
    yield `],"numberMatched":${returned},"numberReturned":${returned}}`
  }
  return Readable.from(pieces(), { objectMode: false })
}
