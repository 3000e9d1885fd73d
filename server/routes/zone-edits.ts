import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Geometry } from 'geojson'
import slugify from '@sindresorhus/slugify'
import { Type } from 'typebox'
import { checkedGeometry } from '../geometry/checked-geometry.ts'
import { actorOf } from '../auth/actor.ts'
import { Problem, badRequest, notFound } from '../http/problem.ts'
import { expectedVersion, zoneEtag } from '../http/zone-etag.ts'
import { ZONE_PROPERTIES } from '../storage/sql/zone-sql.ts'
import { baseUrl } from '../http/base-url.ts'
import { problemResponses } from '../schemas/common.ts'
import { IfMatchHeaders, NewZoneFeature, StatusChangeBody, ZonePatch } from '../schemas/zone-edits.ts'
import { ZoneParams } from '../schemas/zones.ts'
import { GEOJSON } from './zones.ts'
import { boundaryChangeProblems } from '../domain/boundary-changes.ts'
import { todayUtc } from '../domain/export-file-name.ts'

const writeResponses = {
  ...problemResponses,
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  409: { ...Type.Ref('Problem'), description: 'Not allowed from the current status, or a slug taken' },
  412: { ...Type.Ref('Problem'), description: 'Someone saved first: current_version and current_etag say what is stored now' },
  422: { ...Type.Ref('Problem'), description: 'Well-formed but invalid: errors point at the field or coordinate' },
  428: { ...Type.Ref('Problem'), description: 'If-Match is missing (and, for PATCH, the version in the body)' },
}

/**
 * Writes to zones, for editors: create, edit, change status, archive; admins restore. Every write to
 * an existing zone names the version it changes: its ETag in If-Match (or `*`), or for PATCH the
 * `version` in the body.
 */
const zoneEditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const editor = app.requireRole('editor')

  async function sendZone(request: FastifyRequest, reply: FastifyReply, id: number, status = 200) {
    const zone = await app.zoneFeatures.readOne(id, {}, { properties: ZONE_PROPERTIES, geometry: true, precision: 6, baseUrl: baseUrl(request, app.config.PUBLIC_URL) })
    if (!zone) throw notFound(`Zone ${id}`)
    return reply.code(status).type(GEOJSON).header('etag', zoneEtag(zone.id, zone.version)).header('cache-control', 'no-store').send(zone.json)
  }

  async function zoneIdOf(idOrSlug: number | string, options: { archived?: boolean } = {}): Promise<number> {
    const id = await app.zones.findId(idOrSlug, options)
    if (id === null) throw notFound(`Zone ${idOrSlug}`)
    return id
  }

  app.post(
    '/zones',
    {
      preHandler: editor,
      schema: { tags: ['editing'], summary: 'Create a zone from a GeoJSON Feature', body: NewZoneFeature, response: { 201: { ...Type.Ref('ZoneFeature') }, ...writeResponses } },
    },
    async (request, reply) => {
      const { properties, geometry } = request.body
      const slug = properties.slug ?? slugify(properties.name).slice(0, 100).replace(/-+$/, '')
      if (!slug) throw new Problem(422, 'The name gives no slug: add properties.slug (lowercase words joined by hyphens).', [{ where: 'body.properties.slug', message: 'is required for this name' }])
      const created = await app.zoneWrites.create(
        { ...properties, slug, geometry: await checkedGeometry(geometry, properties.kind, 'body.geometry') },
        actorOf(request),
      )
      void reply.header('location', `${baseUrl(request, app.config.PUBLIC_URL)}/zones/${created.id}`)
      return sendZone(request, reply, created.id, 201)
    },
  )

  app.patch(
    '/zones/:id',
    {
      preHandler: editor,
      schema: {
        tags: ['editing'],
        summary: "Change a zone's name, description, kind, dates, shape or parties",
        description:
          'A new geometry corrects the boundary version in force (the old one is kept, marked superseded), unless `boundary` says ' +
          '`{change: "new-version", effective_date, reason}`: then the boundary moved on that date, and `as_of` shows each version in its time. ' +
          'geometry null withdraws the outline. location_precision and geometry_note describe the version in force.',
        params: ZoneParams,
        headers: IfMatchHeaders,
        body: ZonePatch,
        response: { 200: Type.Ref('ZoneFeature'), ...writeResponses },
      },
    },
    async (request, reply) => {
      const id = await zoneIdOf(request.params.id)
      const { geometry, version: loaded, ...changes } = request.body
      if (geometry === undefined && Object.keys(changes).length === 0) throw badRequest('body', 'names no field to change (version only says which version you are changing)')
      const version = expectedVersion(request.headers['if-match'], id, 'zone', { value: loaded, where: 'body.version' })
      const boundaryProblems = changes.boundary ? boundaryChangeProblems(changes.boundary, geometry, todayUtc()) : []
      if (boundaryProblems.length > 0) throw new Problem(400, boundaryProblems.map((problem) => `${problem.where}: ${problem.message}`).join('; '), boundaryProblems)
      let checked: Geometry | null | undefined
      if (geometry !== undefined) {
        const kind = changes.kind ?? (await app.zones.kindOf(id))
        checked = await checkedGeometry(geometry, kind, 'body.geometry')
      }
      await app.zoneWrites.update(id, version, { ...changes, ...(checked !== undefined ? { geometry: checked } : {}) }, actorOf(request))
      return sendZone(request, reply, id)
    },
  )

  app.post(
    '/zones/:id/status',
    {
      preHandler: editor,
      schema: {
        tags: ['editing'],
        summary: 'Change the status of a zone, with the date it took effect, a reason and a source',
        params: ZoneParams,
        headers: IfMatchHeaders,
        body: StatusChangeBody,
        response: { 200: Type.Ref('ZoneFeature'), ...writeResponses },
      },
    },
    async (request, reply) => {
      const id = await zoneIdOf(request.params.id)
      await app.zoneWrites.changeStatus(id, expectedVersion(request.headers['if-match'], id), request.body, actorOf(request))
      return sendZone(request, reply, id)
    },
  )

  app.post(
    '/zones/:id/status/undo',
    {
      preHandler: editor,
      schema: {
        tags: ['editing'],
        summary: 'Undo the latest status change, as a new change that reverses it (the history keeps both)',
        params: ZoneParams,
        headers: IfMatchHeaders,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('ZoneFeature'), ...writeResponses },
      },
    },
    async (request, reply) => {
      const id = await zoneIdOf(request.params.id)
      await app.zoneWrites.undoStatusChange(id, expectedVersion(request.headers['if-match'], id), request.body.reason, actorOf(request))
      return sendZone(request, reply, id)
    },
  )

  app.delete(
    '/zones/:id',
    {
      preHandler: editor,
      schema: { tags: ['editing'], summary: 'Archive a zone (nothing is ever deleted; an admin can restore it)', params: ZoneParams, headers: IfMatchHeaders, response: { 204: Type.Null(), ...writeResponses } },
    },
    async (request, reply) => {
      const id = await zoneIdOf(request.params.id)
      const archived = await app.zoneWrites.setArchived(id, expectedVersion(request.headers['if-match'], id), true, actorOf(request))
      // The archived zone's ETag, for an admin who restores it.
      return reply.code(204).header('etag', zoneEtag(archived.id, archived.version)).send(null)
    },
  )

  app.post(
    '/zones/:id/restore',
    {
      preHandler: app.requireRole('admin'),
      schema: { tags: ['editing'], summary: 'Restore an archived zone (admins)', params: ZoneParams, headers: IfMatchHeaders, response: { 200: Type.Ref('ZoneFeature'), ...writeResponses } },
    },
    async (request, reply) => {
      const id = await zoneIdOf(request.params.id, { archived: true })
      await app.zoneWrites.setArchived(id, expectedVersion(request.headers['if-match'], id), false, actorOf(request))
      return sendZone(request, reply, id)
    },
  )
}

export default zoneEditRoutes
