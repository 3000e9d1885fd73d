import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { OgcContext } from './context.ts'
import { agreementSource, incidentSource, ogcFeatures, zoneSource } from './features.ts'
import collectionRoutes from './routes/collections.ts'
import itemRoutes from './routes/items.ts'
import itemWriteRoutes from './routes/item-writes.ts'
import serviceRoutes from './routes/service.ts'
import tileRoutes from './routes/tiles.ts'

/**
 * OGC API - Features (Part 1 Core, GeoJSON, HTML, OpenAPI 3.0; Part 2 CRSs; Part 3 Filtering with CQL2 text)
 * and OGC API - Tiles for the vector tiles,
 * registered under the prefix /ogc. The route plugins share one reader of the zone features; Part 4 (writes) adds
 * its own plugin here beside itemRoutes.
 */
const ogcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const context: OgcContext = { repository: ogcFeatures(app.zoneFeatures), sources: { zones: zoneSource(app.zoneFeatures), agreements: agreementSource(app.agreements), incidents: incidentSource(app.incidents) } }
  await app.register(serviceRoutes, context)
  await app.register(collectionRoutes, context)
  await app.register(itemRoutes, context)
  await app.register(itemWriteRoutes, context)
  await app.register(tileRoutes)
}

export default ogcRoutes
