import type { FastifyPluginAsync } from 'fastify'
import { PAGES_CSS } from '../pages/page-style.ts'

/**
 * GET /pages.css: the style of /docs and the OGC pages; GET /favicon.ico: the map's icon (an SVG,
 * which the pages link as such), for clients that ask for it by its old name.
 */
const pageStyleRoutes: FastifyPluginAsync = async (app) => {
  app.get('/pages.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PAGES_CSS),
  )
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/favicon.svg', 301))
}

export default pageStyleRoutes
