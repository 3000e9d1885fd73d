import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { notFound } from '../http/problem.ts'
import { recordedInstant } from '../http/recorded-as-of.ts'
import { problemResponses } from '../schemas/common.ts'
import { BoundariesQuery, ZoneBoundaries } from '../schemas/zone-boundaries.ts'
import { ZoneParams } from '../schemas/zones.ts'

/** GET /zones/{id}/boundaries: the dated versions of a zone's outline. */
const zoneBoundaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/zones/:id/boundaries',
    {
      schema: {
        tags: ['zones'],
        summary: "The versions of a zone's outline, oldest first: each in force from its date until the next",
        description:
          'A correction keeps the version it corrects, marked superseded (shown with include=superseded). With recorded_as_of, the versions ' +
          'as the Atlas had recorded them then: those recorded by then, and a version corrected later shown as then current.',
        params: ZoneParams,
        querystring: BoundariesQuery,
        response: { 200: ZoneBoundaries, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { geometry, include, recorded_as_of: recordedText } = request.query
      const recordedAsOf = recordedText === undefined ? undefined : recordedInstant(recordedText)
      const id = await app.zones.findId(request.params.id, { recordedBy: recordedAsOf })
      if (id === null) throw notFound(`Zone ${request.params.id}${recordedText ? ` as recorded at ${recordedText}` : ''}`)
      const zone = await app.zoneBoundaries.zoneOf(id)
      const boundaries = await app.zoneBoundaries.boundariesJson(id, { geometry, includeSuperseded: include === 'superseded', recordedAsOf })
      return reply.type('application/json; charset=utf-8').send(`{"zone":${JSON.stringify(zone)},"boundaries":${boundaries}}`)
    },
  )
}

export default zoneBoundaryRoutes
