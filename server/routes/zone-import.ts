import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Problem } from '../http/problem.ts'
import { problemResponses } from '../schemas/common.ts'
import { actorOf } from '../auth/actor.ts'
import { MAX_IMPORT_FEATURES, zoneImportService, type FeatureReport } from '../services/zone-import.ts'

const ImportBody = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_IMPORT_FEATURES }),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'the file name, for the history' })),
  },
  { additionalProperties: true, description: 'a GeoJSON FeatureCollection (convert KML to GeoJSON first; the map does)' },
)

/** The 422 of a refused import: every problem, and the features they belong to. */
function importRefused(total: number, faulty: FeatureReport[]): Problem {
  return new Problem(422, `${faulty.length} of ${total} features have problems; nothing was imported.`, faulty.flatMap((report) => report.errors), { features: faulty })
}

/**
 * POST /zones/import: checks every feature of a FeatureCollection and creates them all in one
 * transaction, or none; `dry_run=true` only checks. Problems are listed per feature.
 */
const zoneImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const imports = zoneImportService({ knex: app.db.knex, zones: app.zones, parties: app.parties, zoneWrites: app.zoneWrites })

  app.post(
    '/zones/import',
    {
      preHandler: app.requireRole('editor'),
      schema: {
        tags: ['editing'],
        summary: 'Import zones from a GeoJSON FeatureCollection: all or nothing',
        querystring: Type.Object({ dry_run: Type.Boolean({ default: false }) }, { additionalProperties: false }),
        body: ImportBody,
        response: {
          200: Type.Object({ count: Type.Integer(), features: Type.Array(Type.Object({ index: Type.Integer(), name: Type.String(), slug: Type.String() })) }),
          201: Type.Object({ created: Type.Array(Type.Object({ id: Type.Integer(), slug: Type.String() })) }),
          ...problemResponses,
          401: Type.Ref('Problem'),
          403: Type.Ref('Problem'),
          409: { ...Type.Ref('Problem'), description: 'Another import or edit took one of the slugs meanwhile; nothing was imported' },
          422: { ...Type.Ref('Problem'), description: 'Some features have problems (listed in `features`); nothing was imported' },
        },
      },
    },
    async (request, reply) => {
      const result = await imports.importFeatures(request.body.features, { fileName: request.body.name, actor: actorOf(request), dryRun: request.query.dry_run })
      if (result.outcome === 'refused') throw importRefused(result.total, result.faulty)
      if (result.outcome === 'checked') return reply.code(200).send({ count: result.features.length, features: result.features })
      request.log.info({ by: request.principal!.username, count: result.created.length }, 'zones imported')
      return reply.code(201).send({ created: result.created })
    },
  )
}

export default zoneImportRoutes
