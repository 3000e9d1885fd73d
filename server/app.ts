import { constants as zlib } from 'node:zlib'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from './project-root.ts'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { sharedSerializers } from './http/shared-serializers.ts'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import compress from '@fastify/compress'
import cors from '@fastify/cors'
import etag from '@fastify/etag'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Config } from './config.ts'
import type { Database } from './storage/database/database.ts'
import zonesRepository from './storage/repositories/zones-repository.ts'
import databasePlugin from './storage/database/database-plugin.ts'
import partiesRepository from './storage/repositories/parties-repository.ts'
import usersRepository from './storage/repositories/users-repository.ts'
import sessionsRepository from './storage/repositories/sessions-repository.ts'
import zoneWrites from './storage/repositories/zone-writes.ts'
import partiesWrites from './storage/repositories/parties-writes.ts'
import auditLogRepository from './storage/repositories/audit-log-repository.ts'
import changesRepository from './storage/repositories/changes-repository.ts'
import webhooksRepository from './storage/repositories/webhooks-repository.ts'
import agreementsRepository from './storage/repositories/agreements-repository.ts'
import agreementWrites from './storage/repositories/agreement-writes.ts'
import zoneBoundariesRepository from './storage/repositories/zone-boundaries-repository.ts'
import zoneIncidentsRepository from './storage/repositories/zone-incidents-repository.ts'
import incidentsRepository from './storage/repositories/incidents-repository.ts'
import incidentImportsRepository from './storage/repositories/incident-imports-repository.ts'
import { authentication } from './auth/authentication.ts'
import zoneFeatures from './services/zone-features.ts'
import vectorTiles from './tiles/vector-tiles.ts'
import { isDatabaseUnavailable } from './storage/database/unavailable.ts'
import { errorHandler, frameworkErrorHandler, MAX_PATH_SEGMENT_LENGTH } from './http/error-handler.ts'
import { clientErrorHandler } from './http/client-errors.ts'
import { ProblemSchema } from './schemas/common.ts'
import { ZoneFeature } from './schemas/zones.ts'
import { AgreementFeature } from './schemas/agreements.ts'
import { IncidentFeature } from './schemas/incidents.ts'
import healthRoutes from './routes/health.ts'
import zonesRoutes from './routes/zones.ts'
import partiesRoutes from './routes/parties.ts'
import authRoutes from './routes/auth.ts'
import usersRoutes from './routes/users.ts'
import zoneEditRoutes from './routes/zone-edits.ts'
import auditRoutes from './routes/audit.ts'
import eventsRoutes from './routes/events.ts'
import zoneImportRoutes from './routes/zone-import.ts'
import incidentImportRoutes from './routes/incident-imports.ts'
import changesRoutes from './routes/changes.ts'
// Webhooks: the admin routes and the worker that delivers the outbox's changes.
import webhooksRoutes from './routes/webhooks.ts'
import webhookDelivery from './webhooks/plugin.ts'
import agreementRoutes from './routes/agreements.ts'
import zoneBoundaryRoutes from './routes/zone-boundaries.ts'
import zoneIncidentRoutes from './routes/zone-incidents.ts'
import zoneCiteRoutes from './routes/zone-cite.ts'
import pageStyleRoutes from './routes/page-style.ts'
import { PAGES_CSS } from './pages/page-style.ts'
import { DOCS_HEADER_SCRIPT } from './pages/docs-header-script.ts'
import incidentRoutes from './routes/incidents.ts'
// Security headers with a strict CSP, and the built client at /.
import { DOCS_CSP, securityHeaders } from './http/security-headers.ts'
import { useCalendarDateFormat } from './http/calendar-date-format.ts'
import clientRoutes from './routes/client.ts'
// Rate limits and load shedding.
import { loadLimits } from './http/load-limits.ts'
import { refuseUnstorableInput } from './http/storable-input.ts'
import { responseCache } from './http/response-cache.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}

export interface AppOptions {
  config: Config
  db: Database
  /** A pino logger; tests leave it out to run silent. */
  logger?: FastifyBaseLogger
}

const BODY_LIMIT_BYTES = 10 * 1024 * 1024

/** Trusts the socket's peer and the next hops - 1 X-Forwarded-For entries from the right. */
const trustHops = (hops: number) => (_address: string, hop: number): boolean => hop < hops

/**
 * Builds the whole service on an open database. The caller listens (server/main.ts) or injects
 * requests (tests); closing the app does not close the database.
 */
export async function buildApp({ config, db, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
    // The client address (request.ip, which the rate limits key on) is the right-most untrusted hop.
    trustProxy: typeof config.TRUST_PROXY === 'number' ? trustHops(config.TRUST_PROXY) : config.TRUST_PROXY,
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    frameworkErrors: frameworkErrorHandler, // a bad URL or an over-long id answers as problem+json too
    clientErrorHandler, // and so do requests Node's HTTP parser refuses (headers too large, malformed)
    schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true, verbose: true }, onCreate: useCalendarDateFormat },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  // The database, then a repository per resource, each declaring what it depends on.
  await app.register(databasePlugin, { db })
  for (const repository of [zonesRepository, partiesRepository, usersRepository, sessionsRepository, zoneWrites, partiesWrites, auditLogRepository, zoneBoundariesRepository, agreementsRepository, agreementWrites, changesRepository, webhooksRepository, zoneIncidentsRepository, incidentsRepository, incidentImportsRepository]) await app.register(repository)
  // GeoJSON and JSON merge patch bodies are JSON; prototype poisoning keys are refused.
  app.addContentTypeParser(['application/geo+json', 'application/merge-patch+json'], { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  app.addSchema(ProblemSchema)
  app.addSchema(ZoneFeature)
  app.addSchema(AgreementFeature)
  app.addSchema(IncidentFeature)

  await app.register(securityHeaders, { tileUrl: config.TILE_URL }) // map client: CSP on every response
  await app.register(errorHandler, { isDatabaseUnavailable })
  await app.register(loadLimits, { perMinute: config.RATE_LIMIT_PER_MINUTE, maxEventLoopDelayMs: config.OVERLOAD_EVENT_LOOP_DELAY_MS, databaseOnEventLoop: db.backend === 'embedded', maxHeapMb: config.OVERLOAD_HEAP_MB, maxRssMb: config.OVERLOAD_RSS_MB })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Truce Atlas API',
        version: '0.1.0',
        description: 'Ceasefire and de-escalation zones with their status, history, parties and sources. All geometries in the seed dataset are approximate.',
      },
      tags: [{ name: 'zones' }, { name: 'agreements' }, { name: 'incidents' }, { name: 'changes' }, { name: 'parties' }, { name: 'editing' }, { name: 'auth' }, { name: 'users' }, { name: 'webhooks' }, { name: 'service' }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `def-${index}`) },
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    // The map's header, style and icon; no validator badge (it would load an image from elsewhere).
    theme: {
      title: 'Truce Atlas API',
      css: [{ filename: 'pages.css', content: PAGES_CSS }],
      js: [{ filename: 'header.js', content: DOCS_HEADER_SCRIPT }],
      favicon: [{ filename: 'favicon.svg', rel: 'icon', type: 'image/svg+xml', sizes: 'any', content: readFileSync(path.join(PROJECT_ROOT, 'client', 'public', 'favicon.svg')) }],
    },
    uiConfig: { validatorUrl: null },
  })
  // etag hashes the payload before compress turns it into a stream; so it must be registered first.
  await app.register(etag)
  // Answers not kept in memory are compressed for one reader: the cheapest levels (brotli 1 takes about a
  // seventh of the CPU of brotli 5 on a 700 KB page, for a body 6 % larger). Kept ones are compressed once, better.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } }, zlibOptions: { level: 1 } })
  // Reads are open to every origin. A plain OPTIONS (no Origin) is not a preflight: it reaches the
  // routes, which answer with Allow.
  const corsForReads = { origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'] }
  await app.register(cors, {
    delegator: (request: { method?: string; headers: Record<string, unknown> }, callback: (error: Error | null, options: object) => void) =>
      callback(null, request.method === 'OPTIONS' && !request.headers['origin'] ? { origin: false } : corsForReads),
  })
  await app.register(authentication, { secret: config.SESSION_SECRET, sessionHours: config.SESSION_HOURS, attemptsPerAddress: config.LOGIN_ATTEMPTS_PER_ADDRESS })
  await app.register(zoneFeatures)
  await app.register(vectorTiles)
  // After etag (it keeps the ETag with the answer), before the default Cache-Control below.
  await app.register(responseCache, { maxBytes: Math.floor(config.RESPONSE_CACHE_MB * 1024 * 1024), publicUrl: config.PUBLIC_URL, dataVersion: () => app.zoneFeatures.dataVersion() })

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' && reply.statusCode < 400 && !reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'public, no-cache')
    }
    return payload
  })

  app.addHook('preHandler', refuseUnstorableInput) // NUL characters and Infinity would fail in PostgreSQL with a 500
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  await app.register(healthRoutes)
  await app.register(zonesRoutes)
  await app.register(partiesRoutes)
  await app.register(authRoutes)
  await app.register(usersRoutes)
  await app.register(zoneEditRoutes)
  await app.register(auditRoutes)
  await app.register(eventsRoutes)
  await app.register(zoneImportRoutes)
  await app.register(incidentImportRoutes)
  await app.register(changesRoutes)
  await app.register(webhooksRoutes)
  await app.register(webhookDelivery)
  await app.register(agreementRoutes)
  await app.register(zoneBoundaryRoutes)
  await app.register(incidentRoutes)
  await app.register(zoneIncidentRoutes)
  await app.register(zoneCiteRoutes)
  await app.register(pageStyleRoutes)
  await app.register(import('./ogc/plugin.ts'), { prefix: '/ogc' })
  await app.register(import('./routes/tiles.ts')) // vector tiles at /tiles
  await app.register(clientRoutes) // map client: last, its catch-all serves dist/client at /
  return app
}
