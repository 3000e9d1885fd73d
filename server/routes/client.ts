import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import { PROBLEM_CONTENT_TYPE, Problem } from '../http/problem.ts'
import { MAX_PATH_SEGMENT_LENGTH } from '../http/error-handler.ts'
import { embeddableHeaders } from '../http/security-headers.ts'
import { PROJECT_ROOT } from '../project-root.ts'

export interface ClientRoutesOptions {
  /** The built client. Default: dist/client at the repository root (`npm run build` makes it). */
  root?: string
}

export const DEFAULT_CLIENT_ROOT = path.join(PROJECT_ROOT, 'dist', 'client')
const HASHED_ASSETS = `${path.sep}assets${path.sep}`

/**
 * The map client at /, the embed at /embed, and GET /client-config.json with the settings the page reads at start.
 * Hashed files under /assets are cached for a year; index.html and the rest are revalidated on
 * every load, so a new build shows at once. Without a build, / answers 503 saying what to run.
 * Register it last: its catch-all route leaves every more specific API route alone.
 */
export default async function clientRoutes(app: FastifyInstance, options: ClientRoutesOptions = {}): Promise<void> {
  const root = options.root ?? DEFAULT_CLIENT_ROOT

  app.get(
    '/client-config.json',
    {
      schema: {
        tags: ['service'],
        summary: "The map client's settings",
        response: {
          200: {
            type: 'object',
            required: ['tiles'],
            properties: {
              tiles: {
                description: 'the optional online tile layer, null when TILE_URL is empty',
                anyOf: [
                  {
                    type: 'object',
                    required: ['url', 'attribution', 'attributionUrl'],
                    properties: { url: { type: 'string' }, attribution: { type: 'string' }, attributionUrl: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
                  },
                  { type: 'null' },
                ],
              },
            },
          },
        },
      },
    },
    async () => {
      const { TILE_URL, TILE_ATTRIBUTION, TILE_ATTRIBUTION_URL } = app.config
      return { tiles: TILE_URL ? { url: TILE_URL, attribution: TILE_ATTRIBUTION, attributionUrl: TILE_ATTRIBUTION_URL || null } : null }
    },
  )

  if (!existsSync(path.join(root, 'index.html'))) {
    const detail = `The map client is not built (${path.join(root, 'index.html')} is missing): run \`npm run build\`, then restart. The API works meanwhile; see /docs.`
    app.log.warn(detail)
    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      const problem = new Problem(503, detail)
      return reply.code(503).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.toBody()))
    })
    return
  }

  // The files' wildcard would otherwise take an address whose id is too long for the API's routes,
  // and answer 403 (no file name is that long): the not-found handler says what is wrong instead.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?')[0]!.split('/').some((segment) => segment.length > MAX_PATH_SEGMENT_LENGTH)) return reply.callNotFound()
  })
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    cacheControl: false,
    dotfiles: 'ignore',
    setHeaders(reply, filePath) {
      reply.header('cache-control', filePath.includes(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })

  // The administration, served like index.html.
  app.get('/admin', { schema: { hide: true } }, (_request, reply) => reply.sendFile('admin.html'))

  // The embed (embed.html): the map alone, the one page other sites may frame (EMBED_FRAME_ANCESTORS).
  // Its query string is read by the page; /embed.html itself keeps refusing frames like the rest.
  const embeddable = embeddableHeaders({ tileUrl: app.config.TILE_URL, frameAncestors: app.config.EMBED_FRAME_ANCESTORS })
  app.get('/embed', { schema: { hide: true }, helmet: embeddable }, (_request, reply) => reply.sendFile('embed.html'))
}
