import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { notFound } from '../http/problem.ts'
import { CalendarDate, problemResponses } from '../schemas/common.ts'
import { Username } from '../schemas/auth.ts'
import { ZoneParams } from '../schemas/zones.ts'

const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  username: Type.String(),
  action: Type.String({ description: 'zone.create, zone.update, zone.status, zone.archive, zone.restore, party.create, party.update, api_token.revoke' }),
  entity: Type.String(),
  entity_id: Type.String(),
  zone_id: Type.Union([Type.Integer(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  request_id: Type.Union([Type.String(), Type.Null()]),
  api_token_id: Type.Union([Type.Integer(), Type.Null()], { description: 'the API token the change was made with; null for a browser session' }),
  api_token_name: Type.Union([Type.String(), Type.Null()]),
  auth_method: Type.Union([Type.Literal('session'), Type.Literal('bearer'), Type.Literal('basic'), Type.Null()], {
    description: 'how the writer signed in: a browser session, or an API token as Bearer or as Basic; null for the command line and rows from before it was kept',
  }),
  client: Type.Union([Type.String(), Type.Null()], { description: "the writing client's User-Agent, without control characters, at most 200 characters" }),
})

/** GET /audit: every write, newest first, for admins. */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags: ['editing'],
        summary: 'The audit log: who changed what and when, with the values before and after',
        querystring: Type.Object(
          {
            zone: Type.Optional(ZoneParams.properties.id),
            user: Type.Optional(Username),
            from: Type.Optional(CalendarDate),
            to: Type.Optional(CalendarDate),
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'entries older than this id (paging)' })),
            limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AuditEntry), ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') },
      },
    },
    async (request, reply) => {
      const { zone, user, ...filter } = request.query
      let zoneId: number | undefined
      if (zone !== undefined) {
        zoneId = (await app.zones.findId(zone)) ?? (await app.zones.findId(zone, { archived: true })) ?? undefined
        if (zoneId === undefined) throw notFound(`Zone ${zone}`)
      }
      const entries = await app.auditLog.listJson({ ...filter, zoneId, username: user })
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(entries)
    },
  )
}

export default auditRoutes
