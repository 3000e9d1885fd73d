import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../schemas/common.ts'
import { OGC_COLLECTIONS } from '../collections.ts'
import { OGC_TAGS, requireCollection, type OgcContext } from '../context.ts'
import { collectionDocument } from '../documents.ts'
import { chooseFormat } from '../format.ts'
import { collectionPage, collectionsPage, queryablesPage } from '../html/pages.ts'
import { LinkBuilder, MEDIA } from '../links.ts'
import { send } from '../reply.ts'
import { CollectionParams, FormatQuery } from '../schemas.ts'
import { SUPPORTED_CRS_URIS } from '../crs.ts'

/** GET /ogc/collections, /ogc/collections/{id} and /ogc/collections/{id}/queryables. */
const collectionRoutes: FastifyPluginAsyncTypebox<OgcContext> = async (app, { sources }) => {
  /** The summaries of every collection, by id: one read per source. */
  async function summaries() {
    const bySource = await Promise.all(Object.values(sources).map((source) => source.summaries()))
    return new Map(bySource.flatMap((summary) => [...summary]))
  }

  app.get(
    '/collections',
    { schema: { tags: OGC_TAGS, summary: 'The feature collections: every zone, one per kind, the agreements and the incidents', querystring: FormatQuery, response: { 200: { description: 'application/json or text/html' }, ...problemResponses } } },
    async (request, reply) => {
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const summary = await summaries()
      const document = {
        links: links.selfAndAlternate(format, MEDIA.json, 'The collections'),
        collections: OGC_COLLECTIONS.map((collection) => collectionDocument(collection, summary.get(collection.id), links)),
        crs: SUPPORTED_CRS_URIS,
      }
      if (format === 'html') return send(reply, 'html', collectionsPage(links.url(''), document))
      return send(reply, 'json', JSON.stringify(document))
    },
  )

  app.get(
    '/collections/:collectionId',
    {
      schema: {
        tags: OGC_TAGS,
        summary: 'One collection: its extent and links',
        params: CollectionParams,
        querystring: FormatQuery,
        response: { 200: { description: 'application/json or text/html' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const collection = requireCollection(request.params.collectionId)
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const summary = (await sources[collection.features].summaries()).get(collection.id)
      const self = links.selfAndAlternate(format, MEDIA.json, collection.title)
      const document = collectionDocument(collection, summary, links, self)
      if (format === 'html') return send(reply, 'html', collectionPage(links.url(''), document))
      return send(reply, 'json', JSON.stringify(document))
    },
  )

  app.get(
    '/collections/:collectionId/queryables',
    {
      schema: {
        tags: OGC_TAGS,
        summary: 'The properties a CQL2 filter on the collection may use, as JSON Schema',
        params: CollectionParams,
        querystring: FormatQuery,
        response: { 200: { description: 'application/schema+json or text/html' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const collection = requireCollection(request.params.collectionId)
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const schema = sources[collection.features].queryables(links.url(`/collections/${collection.id}/queryables`), collection)
      if (format === 'html') {
        return send(reply, 'html', queryablesPage(links.url(''), collection, schema, links.selfAndAlternate(format, MEDIA.schema, 'The queryables')))
      }
      return send(reply, 'schema', JSON.stringify(schema))
    },
  )
}

export default collectionRoutes
