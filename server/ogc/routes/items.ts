import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { splitCommaLists } from '../../http/comma-lists.ts'
import { featureCollection, notModified } from '../../http/feature-response.ts'
import { badRequest, notFound } from '../../http/problem.ts'
import { versionEtag } from '../../http/version-etag.ts'
import { problemResponses } from '../../schemas/common.ts'
import { OGC_TAGS, requireCollection, zoneId, type OgcContext } from '../context.ts'
import { parseDatetime } from '../datetime.ts'
import { chooseFormat } from '../format.ts'
import { featurePage, itemsPage, type FeatureSummary } from '../html/pages.ts'
import { LinkBuilder, MEDIA, QUERYABLES_REL } from '../links.ts'
import { effectiveLimit, pageLinks } from '../paging.ts'
import { send } from '../reply.ts'
import { CollectionParams, FeatureParams, ITEMS_COMMA_LISTS, ItemQuery, ItemsQuery } from '../schemas.ts'
import { recordedInstant } from '../../http/recorded-as-of.ts'
import { requestLanguage, sendsLanguage } from '../../http/language.ts'
import { bboxInCrs84, checkFilterCrs, contentCrs, crsOf, type OgcCrs } from '../crs.ts'

/** bbox as 4 numbers in CRS84, from its CRS (`bbox-crs`); 6 (with heights) lose their heights. */
function boxOf(bbox: readonly number[], crs: OgcCrs): readonly number[] {
  if (bbox.length === 4) return bboxInCrs84([bbox[0]!, bbox[1]!, bbox[2]!, bbox[3]!], crs)
  if (bbox.length === 6) return bboxInCrs84([bbox[0]!, bbox[1]!, bbox[3]!, bbox[4]!], crs)
  throw badRequest('query.bbox', 'must have 4 numbers (west,south,east,north), or 6 with heights')
}

/**
 * GET /ogc/collections/{id}/items and /items/{featureId}: the zones as GeoJSON written by
 * PostgreSQL, or as HTML. The write operations of Part 4 belong beside these, in their own plugin.
 */
const itemRoutes: FastifyPluginAsyncTypebox<OgcContext> = async (app, { sources }) => {
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
      const source = sources[collection.features]
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const { bbox, datetime, status, sponsor, filter, offset, recorded_as_of: recordedText, lang } = request.query
      const limit = effectiveLimit(request.query.limit)
      const filterText = filter?.trim() ? filter : undefined
      const crs = crsOf(request.query.crs, 'query.crs')
      const bboxCrs = crsOf(request.query['bbox-crs'], 'query.bbox-crs')
      checkFilterCrs(request.query['filter-crs'])
      const language = requestLanguage(request, lang)
      sendsLanguage(reply, language)
      // The ETag names the data version (and the representation and its language), so a revalidation reads one row.
      const etagOf = (version: number) => versionEtag(language === 'en' ? `ogc-items-${format}` : `ogc-items-${format}-${language}`, version, `${links.root}${request.url}`)
      if (await notModified(request, reply, etagOf, source.dataVersion)) return reply.header('vary', 'Accept, Accept-Language').send()
      const items = {
        status,
        sponsor,
        bbox: bbox && boxOf(bbox, bboxCrs),
        during: datetime === undefined ? undefined : parseDatetime(datetime),
        filter: filterText,
        recordedAsOf: recordedText === undefined ? undefined : recordedInstant(recordedText),
      }
      const reads = source.items(collection, items, { baseUrl: links.root, geometry: format === 'json', language, crs }, { limit, offset })
      const linksOf = (more: boolean, returned: number) => [
        ...links.selfAndAlternate(format, MEDIA.geojson, 'This page'),
        ...pageLinks(links, format, MEDIA.geojson, { limit, offset, more, empty: returned === 0 }),
        links.link('collection', `/collections/${collection.id}`, 'json', collection.title),
      ]
      void reply.header('link', `<${links.url(`/collections/${collection.id}/queryables`)}>; rel="${QUERYABLES_REL}"; type="${MEDIA.schema}"`)
      if (format === 'html') {
        const page = await reads.page()
        void reply.header('etag', etagOf(page.dataVersion))
        const features = JSON.parse(page.featuresJson) as FeatureSummary[]
        const html = itemsPage({ root: links.url(''), collection, columns: source.columns, features, numberMatched: page.numberMatched, offset, links: linksOf(page.nextAfter !== null, page.numberReturned), timeStamp: page.timeStamp!, filter: filterText, limit })
        return send(reply, 'html', html)
      }
      void reply.header('content-crs', contentCrs(crs))
      const end = ({ nextAfter, timeStamp, returned }: { nextAfter: number | null; timeStamp: string | undefined; returned: number }) => ({ timeStamp, links: linksOf(nextAfter !== null, returned) })
      return send(reply, 'geojson', await featureCollection(reply, reads, { etagOf, end }))
    },
  )

  app.get(
    '/collections/:collectionId/items/:featureId',
    {
      schema: {
        tags: OGC_TAGS,
        summary: 'One feature of a collection, by its id',
        params: FeatureParams,
        querystring: ItemQuery,
        response: { 200: { description: 'application/geo+json or text/html' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const collection = requireCollection(request.params.collectionId)
      const { featureId } = request.params
      const recordedText = request.query.recorded_as_of
      const recordedAsOf = recordedText === undefined ? undefined : recordedInstant(recordedText)
      const language = requestLanguage(request, request.query.lang)
      sendsLanguage(reply, language)
      const crs = crsOf(request.query.crs, 'query.crs')
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const source = sources[collection.features]
      const id = zoneId(featureId)
      const found = id === null ? null : await source.getFeature(id, collection, { baseUrl: links.root, geometry: format === 'json', recordedAsOf, language, crs })
      if (!found) throw notFound(`The feature ${JSON.stringify(featureId)} in the collection ${collection.id}`)
      const featureLinks = [
        ...links.selfAndAlternate(format, MEDIA.geojson, 'This feature'),
        links.link('collection', `/collections/${collection.id}`, 'json', collection.title),
      ]
      if (format === 'html') {
        void reply.header('etag', `${source.etag(id!, found.version).slice(0, -1)}-html-${language}"`)
        const feature = JSON.parse(found.featureJson) as FeatureSummary
        return send(reply, 'html', featurePage(links.url(''), collection, feature, featureLinks))
      }
      // The ETag that Part 4 writes take in If-Match (the HTML page, a past record, are other representations).
      const inLanguage = language === 'en' ? source.etag(id!, found.version) : `${source.etag(id!, found.version).slice(0, -1)}-${language}"`
      const etag = crs.projection ? `${inLanguage.slice(0, -1)}-${crs.code.replace(':', '')}"` : inLanguage
      void reply.header('etag', recordedText === undefined ? etag : `${etag.slice(0, -1)}-recorded-${encodeURIComponent(recordedText)}"`)
      void reply.header('content-crs', contentCrs(crs))
      return send(reply, 'geojson', `${found.featureJson.slice(0, -1)},"links":${JSON.stringify(featureLinks)}}`)
    },
  )
}

export default itemRoutes
