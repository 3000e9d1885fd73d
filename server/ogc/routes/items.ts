import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { splitCommaLists } from '../../http/comma-lists.ts'
import { checkBbox } from '../../http/coordinates.ts'
import { collectionBody } from '../../http/collection-body.ts'
import { badRequest, notFound } from '../../http/problem.ts'
import { matchesIfNoneMatch, versionEtag } from '../../http/version-etag.ts'
import { zoneEtag } from '../../http/zone-etag.ts'
import { problemResponses } from '../../schemas/common.ts'
import { OGC_TAGS, requireCollection, zoneId, type OgcContext } from '../context.ts'
import { parseDatetime } from '../datetime.ts'
import { compileFilter } from '../filter.ts'
import { chooseFormat } from '../format.ts'
import { featurePage, itemsPage, type FeatureSummary } from '../html/pages.ts'
import { LinkBuilder, MEDIA, QUERYABLES_REL } from '../links.ts'
import { effectiveLimit, pageLinks } from '../paging.ts'
import { send } from '../reply.ts'
import { startStream, streamCollection, type StreamedPage } from '../../http/stream-collection.ts'
import { STREAM_CHUNK } from '../../storage/repositories/zones-repository.ts'
import { CollectionParams, FeatureParams, FormatQuery, ITEMS_COMMA_LISTS, ItemsQuery } from '../schemas.ts'

/** bbox as 4 numbers; 6 (with heights) lose their heights. */
function boxOf(bbox: readonly number[]): readonly number[] {
  if (bbox.length === 4) return checkBbox(bbox)
  if (bbox.length === 6) return checkBbox([bbox[0]!, bbox[1]!, bbox[3]!, bbox[4]!])
  throw badRequest('query.bbox', 'must have 4 numbers (west,south,east,north), or 6 with heights')
}

/**
 * GET /ogc/collections/{id}/items and /items/{featureId}: the zones as GeoJSON written by
 * PostgreSQL, or as HTML. The write operations of Part 4 belong beside these, in their own plugin.
 */
const itemRoutes: FastifyPluginAsyncTypebox<OgcContext> = async (app, { repository }) => {
  app.get(
    '/collections/:collectionId/items',
    {
      preValidation: splitCommaLists(ITEMS_COMMA_LISTS),
      schema: {
        tags: OGC_TAGS,
        summary: 'The features of a collection, filtered (bbox, datetime, status, sponsor, CQL2 filter) and paged',
        params: CollectionParams,
        querystring: ItemsQuery,
        response: { 200: { description: 'application/geo+json or text/html' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const collection = requireCollection(request.params.collectionId)
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const { bbox, datetime, status, sponsor, filter, offset } = request.query
      const limit = effectiveLimit(request.query.limit)
      const filterText = filter?.trim() ? filter : undefined
      // Performance (issue 8): the ETag names the data version (and the representation), so a revalidation reads one row.
      const etagOf = (version: number) => versionEtag(`ogc-items-${format}`, version, `${links.root}${request.url}`)
      const ifNoneMatch = request.headers['if-none-match']
      if (ifNoneMatch) {
        const current = etagOf(await repository.dataVersion())
        if (matchesIfNoneMatch(ifNoneMatch, current)) return reply.code(304).header('etag', current).header('vary', 'Accept').send()
      }
      const filters = {
        ...(collection.kind ? { kind: collection.kind } : {}),
        ...(status ? { status } : {}),
        ...(sponsor ? { sponsor } : {}),
        ...(bbox ? { bbox: boxOf(bbox) } : {}),
        ...(datetime !== undefined ? { during: parseDatetime(datetime) } : {}),
        ...(filterText ? { condition: compileFilter(filterText) } : {}),
      }
      const window = { limit, offset, baseUrl: links.root, geometry: format === 'json' }
      const linksOf = (more: boolean) => [
        ...links.selfAndAlternate(format, MEDIA.geojson, 'This page'),
        ...pageLinks(links, format, MEDIA.geojson, { limit, offset, more }),
        links.link('collection', `/collections/${collection.id}`, 'json', collection.title),
      ]
      void reply.header('link', `<${links.url(`/collections/${collection.id}/queryables`)}>; rel="${QUERYABLES_REL}"; type="${MEDIA.schema}"`)
      // Performance (issue 8): a page larger than one chunk is streamed, so memory per request stays bounded.
      if (format === 'json' && limit > STREAM_CHUNK) {
        const counting = repository.cappedCount(filters)
        counting.catch(() => undefined) // awaited at the end of the stream; a failure before then is the stream's
        const stream = await startStream(repository.streamFeatures(filters, window))
        void reply.header('etag', etagOf(stream.first.dataVersion))
        const collectionEnd = async ({ nextAfter }: StreamedPage) => {
          const numberMatched = await counting
          return { ...(numberMatched === null ? {} : { numberMatched }), timeStamp: stream.first.timeStamp, links: linksOf(nextAfter !== null) }
        }
        return send(reply, 'geojson', streamCollection(stream, collectionEnd))
      }
      const page = await repository.listFeatures(filters, window)
      void reply.header('etag', etagOf(page.dataVersion))
      const pageLinksList = linksOf(page.more)
      if (format === 'html') {
        const features = JSON.parse(page.featuresJson) as FeatureSummary[]
        const html = itemsPage({ root: links.url(''), collection, features, numberMatched: page.numberMatched, offset, links: pageLinksList, timeStamp: page.timeStamp, filter: filterText, limit })
        return send(reply, 'html', html)
      }
      const members = {
        type: 'FeatureCollection',
        ...(page.numberMatched === null ? {} : { numberMatched: page.numberMatched }),
        numberReturned: page.numberReturned,
        timeStamp: page.timeStamp,
        links: pageLinksList,
      }
      return send(reply, 'geojson', collectionBody(members, page.featuresJson))
    },
  )

  app.get(
    '/collections/:collectionId/items/:featureId',
    {
      schema: {
        tags: OGC_TAGS,
        summary: 'One feature of a collection, by zone id',
        params: FeatureParams,
        querystring: FormatQuery,
        response: { 200: { description: 'application/geo+json or text/html' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const collection = requireCollection(request.params.collectionId)
      const { featureId } = request.params
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const id = zoneId(featureId)
      const found = id === null ? null : await repository.getFeature(id, collection.kind, { baseUrl: links.root, geometry: format === 'json' })
      if (!found) throw notFound(`The feature ${JSON.stringify(featureId)} in the collection ${collection.id}`)
      const featureLinks = [
        ...links.selfAndAlternate(format, MEDIA.geojson, 'This feature'),
        links.link('collection', `/collections/${collection.id}`, 'json', collection.title),
      ]
      if (format === 'html') {
        void reply.header('etag', `"zone-${id}-v${found.version}-html"`)
        const feature = JSON.parse(found.featureJson) as FeatureSummary
        return send(reply, 'html', featurePage(links.url(''), collection, feature, featureLinks))
      }
      // The ETag that Part 4 writes take in If-Match (the HTML page is another representation).
      void reply.header('etag', zoneEtag(id!, found.version))
      return send(reply, 'geojson', `${found.featureJson.slice(0, -1)},"links":${JSON.stringify(featureLinks)}}`)
    },
  )
}

export default itemRoutes
