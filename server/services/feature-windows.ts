import {
  STREAM_CHUNK, type featureCollectionRepository, type FeatureShape, type FeatureWindow, type ReadOptions,
} from '../storage/repositories/feature-collection-repository.ts'

/** The reads of a feature collection a window needs (see feature-collection-repository.ts). */
export type WindowReader<Filter> = Pick<ReturnType<typeof featureCollectionRepository<Filter>>, 'readPage' | 'streamChunks' | 'cappedCount'>

/**
 * The ways to read one window of a collection's features: as one page (with its count), as chunks
 * streamed one after another, and the count apart. Which one a response takes depends on the
 * window's size (see featureCollection in server/http/feature-response.ts).
 *
 *   reply.send(await featureCollection(reply, featureWindow(app.agreements, filter, shape, { limit: 100, after: 0 }), members))
 */
export function featureWindow<Filter>(reader: WindowReader<Filter>, filter: Filter & { asOf?: string | undefined }, shape: FeatureShape, window: FeatureWindow, options: ReadOptions = {}) {
  return {
    limit: window.limit,
    chunk: STREAM_CHUNK,
    // Looked up on the reader when called, so that what replaces one of its reads (a test holding the stream) is used.
    page: () => reader.readPage(filter, shape, window, options),
    chunks: () => reader.streamChunks(filter, shape, window, options),
    count: () => reader.cappedCount(filter),
  }
}
