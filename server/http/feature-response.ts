import type { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { collectionBody } from './collection-body.ts'
import type { FeatureChunk, FeaturePage } from '../domain/feature-pages.ts'
import { startStream, streamCollection } from './stream-collection.ts'
import { matchesIfNoneMatch } from './version-etag.ts'

/**
 * The one way a feature collection is answered, for /zones and OGC API - Features alike: a window
 * no larger than one chunk is one page read in one statement (features, count and data version);
 * a larger one is streamed chunk by chunk, its count read beside it, so memory per request stays
 * bounded. The ETag names the data version the features were read at.
 *
 *   if (await notModified(request, reply, etagOf, app.zoneFeatures.dataVersion)) return reply.send()
 *   const body = await featureCollection(reply, app.zoneFeatures.window(filter, shape, window), { etagOf, end })
 *   return reply.type(GEOJSON).send(body)
 */

/** The reads of one window of features (see `window` in server/services/zone-features.ts). */
export interface FeatureReads {
  /** How many features the window holds at most (Infinity: every match). */
  limit: number
  /** Features per streamed chunk: a larger window is streamed. */
  chunk: number
  page(): Promise<FeaturePage>
  chunks(): AsyncGenerator<FeatureChunk>
  count(): Promise<number | null>
}

/** What a response says of its page besides the features, and in which order. */
export interface CollectionMembers {
  /** The ETag of the data version read; without it, none is sent. */
  etagOf?: (dataVersion: number) => string
  /** Members written before the features (the citation of /zones), read at this data version. */
  head?: (dataVersion: number) => Record<string, unknown>
  /** The links (and OGC timeStamp), once it is known where a next page starts and how many features were sent. */
  end: (page: { nextAfter: number | null; timeStamp: string | undefined; returned: number }) => { links: readonly object[]; timeStamp?: string }
  /** The window is every match: numberMatched is how many were sent, not counted apart. */
  everyMatch?: boolean
}

/**
 * Answers If-None-Match: when it names the ETag of the current data version, the reply is made a
 * 304 with that ETag (the caller sends it) and true returned. A revalidation reads one row.
 */
export async function notModified(request: FastifyRequest, reply: FastifyReply, etagOf: (dataVersion: number) => string, dataVersion: () => Promise<number>): Promise<boolean> {
  const ifNoneMatch = request.headers['if-none-match']
  if (!ifNoneMatch) return false
  const current = etagOf(await dataVersion())
  if (!matchesIfNoneMatch(ifNoneMatch, current)) return false
  void reply.code(304).header('etag', current)
  return true
}

/** The collection's body (one Buffer, or a stream when the window is larger than a chunk), its ETag set on the reply. */
export async function featureCollection(reply: FastifyReply, reads: FeatureReads, members: CollectionMembers): Promise<Buffer | Readable> {
  const head = members.head ?? (() => ({}))
  if (reads.limit > reads.chunk) {
    const counting = members.everyMatch ? undefined : reads.count()
    counting?.catch(() => undefined) // awaited at the end of the stream; a failure before then is the stream's
    const stream = await startStream(reads.chunks())
    if (members.etagOf) void reply.header('etag', members.etagOf(stream.first.dataVersion))
    return streamCollection(
      stream,
      async ({ returned, nextAfter }) => {
        const numberMatched = counting ? await counting : returned
        return { ...(numberMatched === null ? {} : { numberMatched }), ...members.end({ nextAfter, timeStamp: stream.first.timeStamp, returned }) }
      },
      head(stream.first.dataVersion),
    )
  }
  const page = await reads.page()
  if (members.etagOf) void reply.header('etag', members.etagOf(page.dataVersion))
  const { links, timeStamp } = members.end({ nextAfter: page.nextAfter, timeStamp: page.timeStamp, returned: page.numberReturned })
  return collectionBody(
    {
      type: 'FeatureCollection',
      ...head(page.dataVersion),
      ...(page.numberMatched === null ? {} : { numberMatched: page.numberMatched }),
      numberReturned: page.numberReturned,
      ...(timeStamp === undefined ? {} : { timeStamp }),
      links,
    },
    page.featuresJson,
  )
}
