import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import slugify from '@sindresorhus/slugify'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.ts'
import { asksAsEditor } from '../auth/asks-as-editor.ts'
import { baseUrl, urlWith } from '../http/base-url.ts'
import { splitCommaLists } from '../http/comma-lists.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { featureCollection, notModified } from '../http/feature-response.ts'
import { Problem, badRequest, notFound } from '../http/problem.ts'
import { versionEtag } from '../http/version-etag.ts'
import { expectedVersion, versionedEtag } from '../http/zone-etag.ts'
import { problemResponses } from '../schemas/common.ts'
import {
  AGREEMENTS_COMMA_LISTS, AgreementCollection, AgreementIfMatch, AgreementParams, AgreementPatch, AgreementQuery, AgreementsQuery, NewAgreementBody,
} from '../schemas/agreements.ts'
import { featureWindow } from '../services/feature-windows.ts'
import { AGREEMENT_EDITOR_PROPERTIES, AGREEMENT_PROPERTIES } from '../storage/sql/agreement-sql.ts'
import { GEOJSON } from './zones.ts'

const writeResponses = {
  ...problemResponses,
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  409: { ...Type.Ref('Problem'), description: 'The slug is taken' },
  412: { ...Type.Ref('Problem'), description: 'Someone saved first: current_version and current_etag say what is stored now' },
  422: { ...Type.Ref('Problem'), description: 'Well-formed but invalid: an unknown party or zone, dates out of order; errors point at the field' },
  428: { ...Type.Ref('Problem'), description: 'If-Match is missing' },
}

/**
 * Agreements as records: GET /agreements (filtered, paged like /zones), GET /agreements/{id or slug},
 * and for editors POST, PATCH (If-Match) and DELETE (archives). Each agreement is a GeoJSON Feature
 * whose geometry is the union of its zones' outlines in force on the day it was signed.
 */
const agreementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const editor = app.requireRole('editor')

  async function idOf(idOrSlug: number | string): Promise<number> {
    const id = await app.agreements.findId(idOrSlug)
    if (id === null) throw notFound(`Agreement ${idOrSlug}`)
    return id
  }

  async function sendAgreement(request: FastifyRequest, reply: FastifyReply, id: number, status = 200) {
    const shape = { properties: [...AGREEMENT_PROPERTIES, ...AGREEMENT_EDITOR_PROPERTIES], geometry: true, precision: 6, baseUrl: baseUrl(request, app.config.PUBLIC_URL) }
    const found = await app.agreements.readOne(id, {}, shape)
    if (!found) throw notFound(`Agreement ${id}`)
    return reply.code(status).type(GEOJSON).header('etag', versionedEtag('agreement', found.id, found.version)).header('cache-control', 'no-store').send(found.json)
  }

  app.get(
    '/agreements',
    {
      preValidation: splitCommaLists(AGREEMENTS_COMMA_LISTS),
      schema: {
        tags: ['agreements'],
        summary: 'Agreements as a GeoJSON FeatureCollection, filtered and paged',
        querystring: AgreementsQuery,
        response: { 200: { ...AgreementCollection, description: 'application/geo+json' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { limit, cursor, properties, geometry, precision, signed_from: signedFrom, signed_to: signedTo, ...filters } = request.query
      if (signedFrom && signedTo && signedFrom > signedTo) throw badRequest('query.signed_to', `is before signed_from (${signedFrom})`)
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const filter = { ...filters, signedFrom, signedTo }
      const after = cursor ? decodeCursor(cursor) : 0
      const shape = { properties: properties ?? AGREEMENT_PROPERTIES, geometry, precision, baseUrl: root }
      const selfLink = { rel: 'self', type: 'application/geo+json', href: urlWith(request, root, {}) }
      const end = ({ nextAfter }: { nextAfter: number | null }) => ({
        links: nextAfter === null ? [selfLink] : [selfLink, { rel: 'next', type: 'application/geo+json', href: urlWith(request, root, { cursor: encodeCursor(nextAfter) }) }],
      })
      // The ETag names the data version, so a revalidation reads one row, not the page.
      const etagOf = (version: number) => versionEtag('agreements', version, `${root}${request.url}`)
      if (await notModified(request, reply, etagOf, app.agreements.dataVersion)) return reply.send()
      const body = await featureCollection(reply, featureWindow(app.agreements, filter, shape, { limit, after }), { etagOf, end })
      return reply.type(GEOJSON).send(body)
    },
  )

  app.get(
    '/agreements/:id',
    {
      preValidation: splitCommaLists(['properties']),
      schema: {
        tags: ['agreements'],
        summary: 'One agreement as a GeoJSON Feature, by id or slug',
        params: AgreementParams,
        querystring: AgreementQuery,
        response: { 200: { ...Type.Ref('AgreementFeature'), description: 'application/geo+json' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { properties, geometry, precision } = request.query
      const forEditor = await asksAsEditor(app, request, reply)
      const chosen = [...(properties ?? AGREEMENT_PROPERTIES), ...(forEditor ? AGREEMENT_EDITOR_PROPERTIES : [])]
      const found = await app.agreements.readOne(request.params.id, {}, { properties: chosen, geometry, precision, baseUrl: baseUrl(request, app.config.PUBLIC_URL) })
      if (!found) throw notFound(`Agreement ${request.params.id}`)
      // The plain representation carries the version ETag that writes take in If-Match; variants are hashed.
      if (!request.url.includes('?')) void reply.header('etag', versionedEtag('agreement', found.id, found.version))
      if (forEditor) void reply.header('cache-control', 'private, no-store')
      void reply.header('vary', 'cookie, authorization')
      return reply.type(GEOJSON).send(found.json)
    },
  )

  app.post(
    '/agreements',
    {
      preHandler: editor,
      schema: { tags: ['agreements'], summary: 'Record an agreement', body: NewAgreementBody, response: { 201: Type.Ref('AgreementFeature'), ...writeResponses } },
    },
    async (request, reply) => {
      const slug = request.body.slug ?? slugify(request.body.title).slice(0, 100).replace(/-+$/, '')
      if (!slug) throw new Problem(422, 'The title gives no slug: add a slug (lowercase words joined by hyphens).', [{ where: 'body.slug', message: 'is required for this title' }])
      const created = await app.agreementWrites.create({ ...request.body, slug }, actorOf(request))
      void reply.header('location', `${baseUrl(request, app.config.PUBLIC_URL)}/agreements/${created.id}`)
      return sendAgreement(request, reply, created.id, 201)
    },
  )

  app.patch(
    '/agreements/:id',
    {
      preHandler: editor,
      schema: {
        tags: ['agreements'],
        summary: "Change an agreement's fields, parties, zones or sources",
        params: AgreementParams,
        headers: AgreementIfMatch,
        body: AgreementPatch,
        response: { 200: Type.Ref('AgreementFeature'), ...writeResponses },
      },
    },
    async (request, reply) => {
      const id = await idOf(request.params.id)
      await app.agreementWrites.update(id, expectedVersion(request.headers['if-match'], id, 'agreement'), request.body, actorOf(request))
      return sendAgreement(request, reply, id)
    },
  )

  app.delete(
    '/agreements/:id',
    {
      preHandler: editor,
      schema: { tags: ['agreements'], summary: 'Archive an agreement (its record stays)', params: AgreementParams, headers: AgreementIfMatch, response: { 204: Type.Null(), ...writeResponses } },
    },
    async (request, reply) => {
      const id = await idOf(request.params.id)
      const archived = await app.agreementWrites.archive(id, expectedVersion(request.headers['if-match'], id, 'agreement'), actorOf(request))
      return reply.code(204).header('etag', versionedEtag('agreement', archived.id, archived.version)).send(null)
    },
  )
}

export default agreementRoutes
