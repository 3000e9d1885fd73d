import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { todayUtc } from '../domain/export-file-name.ts'
import { EARLIEST_EFFECTIVE_DATE } from '../domain/history.ts'
import { addDays } from '../domain/status-periods.ts'
import { baseUrl } from '../http/base-url.ts'
import { notModified } from '../http/feature-response.ts'
import { badRequest, notFound } from '../http/problem.ts'
import { versionEtag } from '../http/version-etag.ts'
import { problemResponses } from '../schemas/common.ts'
import { ZoneIncidents, ZoneIncidentsQuery } from '../schemas/zone-incidents.ts'
import { ZoneParams } from '../schemas/zones.ts'
import { zoneIncidentSummary } from '../services/zone-incidents.ts'

/** The furthest ahead as_of may go: as far as a status change may be scheduled (see effectiveDateProblem). */
const AS_OF_DAYS_AHEAD = 366

/** GET /zones/{id}/incidents: the incidents inside a zone, summed up per status period and month, with the indicator. */
const zoneIncidentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/zones/:id/incidents',
    {
      schema: {
        tags: ['zones'],
        summary: "The incidents inside a zone per period of its status and per month, with whether its truce holds",
        description:
          'Counts the incidents whose whole footprint lies inside the outline in force on their day (rule.inside), per status period, each compared with ' +
          "the one before (the first with as many days before the zone's first entry), per month, and the indicator for the 30 days to as_of " +
          '(holding, strained, broken or unknown; rule.indicator). coverage says which days imports covered. The incidents themselves: the items link.',
        params: ZoneParams,
        querystring: ZoneIncidentsQuery,
        response: { 200: ZoneIncidents, ...problemResponses },
      },
    },
    async (request, reply) => {
      const today = todayUtc()
      const asOf = request.query.as_of ?? today
      if (asOf < EARLIEST_EFFECTIVE_DATE) throw badRequest('query.as_of', `is before ${EARLIEST_EFFECTIVE_DATE}, where the record starts`)
      const latest = addDays(today, AS_OF_DAYS_AHEAD)
      if (asOf > latest) throw badRequest('query.as_of', `is more than a year ahead (after ${latest})`)
      const root = baseUrl(request, app.config.PUBLIC_URL)
      // The ETag names the data version, so a revalidation reads one row.
      const etagOf = (version: number) => versionEtag('zone-incidents', version, `${root}${request.url}`)
      if (await notModified(request, reply, etagOf, app.zoneIncidents.dataVersion)) return reply.send()
      const summary = await zoneIncidentSummary(app.zoneIncidents, request.params.id, asOf)
      if (!summary) throw notFound(`Zone ${request.params.id}`)
      const { dataVersion, ...body } = summary
      const links = [{ rel: 'items', href: `${root}/incidents?zone=${body.zone.id}`, type: 'application/geo+json' }]
      return reply.header('etag', etagOf(dataVersion)).send({ ...body, links })
    },
  )
}

export default zoneIncidentRoutes
