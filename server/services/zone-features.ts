import fp from 'fastify-plugin'
import { featureWindow } from './feature-windows.ts'
import {
  zoneFeaturesRepository,
  type FeatureFilter, type FeatureShape, type FeatureWindow, type ReadOptions, type ZoneFeaturesRepository,
} from '../storage/repositories/zone-features-repository.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The zones as features: what /zones, /ogc and the exports read (see server/services/zone-features.ts). */
    zoneFeatures: ZoneFeatures
  }
}

/**
 * The zones as features, for every API that serves them: /zones, OGC API - Features and the CSV and
 * KML exports are adapters that turn their query into a FeatureFilter, a FeatureShape and a window,
 * and write what comes back (see server/http/feature-response.ts).
 *
 *   const reads = app.zoneFeatures.window({ status: ['active'] }, shape, { limit: 100, after: 0 })
 *   reply.send(await featureCollection(reply, reads, members))
 */
export function zoneFeatures(repository: ZoneFeaturesRepository) {
  const service = {
    ...repository,

    /** The ways to read one window of the zones (see featureWindow). */
    window(filter: FeatureFilter, shape: FeatureShape, window: FeatureWindow, options: ReadOptions = {}) {
      return featureWindow(service, filter, shape, window, options)
    },
  }
  return service
}

export type ZoneFeatures = ReturnType<typeof zoneFeatures>

export default fp(
  async (app) => {
    app.decorate('zoneFeatures', zoneFeatures(zoneFeaturesRepository(app.db.knex)))
  },
  { name: 'zone-features', dependencies: ['database'] },
)
