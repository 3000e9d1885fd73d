import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { PARTY_TYPES, ROLES } from '../domain/parties.ts'
import { baseUrl } from '../http/base-url.ts'
import { notFound } from '../http/problem.ts'
import { STATUSES } from '../domain/statuses.ts'
import { KINDS } from '../domain/kinds.ts'
import { Slug, problemResponses } from '../schemas/common.ts'
import { actorOf } from '../auth/actor.ts'

const Party = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  name_ar: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "the party's name in its standard Arabic spelling; null where none is known for certain" })),
  type: Type.Enum(PARTY_TYPES),
  note: Type.Union([Type.String(), Type.Null()]),
})

const PartyList = Type.Array(Type.Intersect([Party, Type.Object({ zone_count: Type.Integer() })]))

const PartyWithZones = Type.Intersect([
  Party,
  Type.Object({
    zones: Type.Array(
      Type.Object({
        id: Type.Integer(),
        slug: Type.String(),
        name: Type.String(),
        name_ar: Type.Union([Type.String(), Type.Null()]),
        kind: Type.Enum(KINDS),
        status: Type.Enum(STATUSES),
        role: Type.Enum(ROLES),
        href: Type.String(),
      }),
    ),
  }),
])

const JSON_TYPE = 'application/json; charset=utf-8'

/** GET /parties and /parties/:slug: who takes part in the zones, and how. */
const partiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/parties',
    { schema: { tags: ['parties'], summary: 'Every party, with how many zones it takes part in', querystring: Type.Object({}, { additionalProperties: false }), response: { 200: PartyList, ...problemResponses } } },
    async (_request, reply) => reply.type(JSON_TYPE).send(await app.parties.listJson()),
  )

  const PartyBody = Type.Object(
    { slug: Slug, name: Type.String({ minLength: 1, maxLength: 200 }), type: Type.Enum(PARTY_TYPES), note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])) },
    { additionalProperties: false },
  )
  const writeResponses = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem'), 409: Type.Ref('Problem') }

  app.post(
    '/parties',
    { preHandler: app.requireRole('admin'), schema: { tags: ['parties'], summary: 'Create a party (admins)', body: PartyBody, response: { 201: Party, ...writeResponses } } },
    async (request, reply) => {
      const party = await app.partiesWrites.create(request.body, actorOf(request))
      return reply.code(201).header('location', `/parties/${party.slug}`).send(party)
    },
  )

  app.patch(
    '/parties/:slug',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags: ['parties'],
        summary: "Edit a party's name, type or note (admins)",
        params: Type.Object({ slug: Slug }),
        body: Type.Partial(Type.Omit(PartyBody, ['slug']), { additionalProperties: false, minProperties: 1 }),
        response: { 200: Party, ...writeResponses },
      },
    },
    async (request) => app.partiesWrites.update(request.params.slug, request.body, actorOf(request)),
  )

  app.get(
    '/parties/:slug',
    {
      schema: {
        tags: ['parties'],
        summary: 'One party with the zones it takes part in and its role in each',
        params: Type.Object({ slug: Slug }),
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: PartyWithZones, ...problemResponses },
      },
    },
    async (request, reply) => {
      const party = await app.parties.getJson(request.params.slug, baseUrl(request, app.config.PUBLIC_URL))
      if (!party) throw notFound(`Party ${request.params.slug}`)
      return reply.type(JSON_TYPE).send(party)
    },
  )
}

export default partiesRoutes
