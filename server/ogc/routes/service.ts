import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '../../schemas/common.ts'
import { OGC_COLLECTIONS } from '../collections.ts'
import { CONFORMANCE_CLASSES } from '../conformance.ts'
import { OGC_TAGS, type OgcContext } from '../context.ts'
import { chooseFormat } from '../format.ts'
import { conformancePage, landingPage } from '../html/pages.ts'
import { LinkBuilder, MEDIA } from '../links.ts'
import { openApiDocument } from '../openapi.ts'
import { send } from '../reply.ts'
import { FormatQuery } from '../schemas.ts'
import { TILING_SCHEMES_REL } from '../tilesets.ts'

const TITLE = 'Truce Atlas'
const DESCRIPTION =
  'Ceasefire and de-escalation zones in Syria since 2017, with their status, history, parties and sponsors, ' +
  'as OGC API - Features with CQL2 filtering. All geometries in the seed dataset are approximate.'

/** GET /ogc (landing page), /ogc/conformance and /ogc/api (the OpenAPI definition). */
const serviceRoutes: FastifyPluginAsyncTypebox<OgcContext> = async (app) => {
  app.get(
    '/',
    { schema: { tags: OGC_TAGS, summary: 'OGC API - Features landing page', querystring: FormatQuery, response: { 200: { description: 'application/json or text/html' }, ...problemResponses } } },
    async (request, reply) => {
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const document = {
        title: TITLE,
        description: DESCRIPTION,
        links: [
          ...links.selfAndAlternate(format, MEDIA.json, 'This landing page'),
          links.link('service-desc', '/api', 'openapi', 'The API definition (OpenAPI 3.0)'),
          { rel: 'service-doc', type: MEDIA.html, title: 'The API documentation', href: `${links.root}/docs` },
          links.link('conformance', '/conformance', 'json', 'The conformance classes this API implements'),
          links.link('data', '/collections', 'json', 'The feature collections'),
          links.link(TILING_SCHEMES_REL, '/tileMatrixSets', 'json', 'The tile matrix sets of the vector tiles'),
        ],
      }
      if (format === 'html') return send(reply, 'html', landingPage(document))
      return send(reply, 'json', JSON.stringify(document))
    },
  )

  app.get(
    '/conformance',
    { schema: { tags: OGC_TAGS, summary: 'The conformance classes implemented', querystring: FormatQuery, response: { 200: { description: 'application/json or text/html' }, ...problemResponses } } },
    async (request, reply) => {
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      const format = chooseFormat(request)
      const document = { conformsTo: [...CONFORMANCE_CLASSES] }
      if (format === 'html') return send(reply, 'html', conformancePage(links.url(''), document, links.selfAndAlternate(format, MEDIA.json, 'The conformance declaration')))
      return send(reply, 'json', JSON.stringify(document))
    },
  )

  app.get(
    '/api',
    { schema: { tags: OGC_TAGS, summary: 'The OpenAPI 3.0 definition of /ogc', querystring: FormatQuery, response: { 200: { description: MEDIA.openapi }, ...problemResponses } } },
    async (request, reply) => {
      const links = new LinkBuilder(request, app.config.PUBLIC_URL)
      // The browsable documentation is Swagger UI at /docs.
      if (chooseFormat(request) === 'html') return reply.redirect(`${links.root}/docs`, 303)
      return send(reply, 'openapi', JSON.stringify(openApiDocument(links.url(''), OGC_COLLECTIONS)))
    },
  )
}

export default serviceRoutes
