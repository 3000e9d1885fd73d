import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { readImportFeature, slugFromName, type ImportedZone } from '../../import/read-import-features.ts'
import { Problem, notFound } from '../../http/problem.ts'
import { expectedVersion, zoneEtag } from '../../http/zone-etag.ts'
import { actorOf } from '../../auth/actor.ts'
import { checkedGeometry } from '../../geometry/checked-geometry.ts'
import { problemResponses } from '../../schemas/common.ts'
import { ZonePatch } from '../../schemas/zone-edits.ts'
import type { EditableZone, ZoneChanges } from '../../storage/repositories/zone-writes.ts'
import { OGC_TAGS, requireCollection, zoneId, type OgcContext } from '../context.ts'
import type { OgcCollection } from '../collections.ts'
import { LinkBuilder } from '../links.ts'
import { send } from '../reply.ts'
import { CollectionParams, FeatureParams } from '../schemas.ts'
import { describeValidationErrors } from '../../http/validation-errors.ts'
import { GEOMETRY_FAMILY_TYPES, familyOf } from '../../domain/geometry-families.ts'
import type { GeometryType } from '../../domain/kinds.ts'

const writeResponses = {
  ...problemResponses,
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  405: { ...Type.Ref('Problem'), description: 'The collection is read-only here (agreements, incidents)' },
  409: Type.Ref('Problem'),
  412: Type.Ref('Problem'),
  422: Type.Ref('Problem'),
  428: Type.Ref('Problem'),
}

const FeatureBody = Type.Object(
  { type: Type.Literal('Feature'), geometry: Type.Unknown(), properties: Type.Unknown() },
  { additionalProperties: true, description: 'a GeoJSON Feature; id, links and read-only properties (area_km2, ...) are ignored; properties.version, without If-Match, is the version edited' },
)

/** The editable part of a feature's properties, for PUT and PATCH. Status changes have their own route. */
const EDITABLE = ['name', 'name_ar', 'description', 'kind', 'geometry_note', 'proposed_on', 'in_force_from', 'ended_on'] as const

/**
 * OGC API - Features Part 4: create, replace, update and delete items, for signed-in editors, with
 * the same validation, history and audit code as the /zones editing API (one transaction each).
 * DELETE archives the zone. A status change is a dated, sourced event: POST /zones/{id}/status.
 * PUT and PATCH without If-Match take the version edited from properties.version (desktop GIS
 * clients send the feature's attributes back but never the header).
 */
const itemWriteRoutes: FastifyPluginAsyncTypebox<OgcContext> = async (app, { repository }) => {
  const editor = app.requireRole('editor')

  /** A collection of zones: the agreements are written through /agreements, which keeps their lists; incidents are imported. */
  function writableCollection(id: string): OgcCollection {
    const collection = requireCollection(id)
    if (collection.features !== 'zones') {
      const how = collection.features === 'agreements' ? 'record and edit agreements through /agreements' : 'incidents come from the datasets\' imports'
      throw new Problem(405, `The collection ${collection.id} is read-only here: ${how}.`, [], {}, { allow: 'GET, HEAD, OPTIONS' })
    }
    return collection
  }

  /**
   * A layer of one geometry family holds nothing else: a desktop GIS that saves a line into the areas'
   * layer would never see it there again.
   */
  function requireFamily(collection: OgcCollection, geometry: { type: string } | null): void {
    const family = collection.geometryFamily
    if (!family) return
    const [single, multi] = GEOMETRY_FAMILY_TYPES[family]
    const found = geometry ? familyOf(geometry.type as GeometryType) : undefined
    if (found === family) return
    const elsewhere = !geometry ? 'a zone without a shape belongs in the collection zones' : found ? `a ${geometry.type} belongs in zones-${found}, or in zones` : `a ${geometry.type} belongs in the collection zones`
    const message = `The collection ${collection.id} holds only ${single} and ${multi} geometries: ${elsewhere}.`
    throw new Problem(422, message, [{ where: 'body.geometry', message: `must be a ${single} or a ${multi} in ${collection.id}` }])
  }

  async function existingZone(collection: OgcCollection, featureId: string): Promise<EditableZone> {
    const id = zoneId(featureId)
    const zone = id === null ? null : await app.zoneWrites.editableZone(id, collection.kind, collection.geometryFamily)
    if (!zone) throw notFound(`The feature ${JSON.stringify(featureId)} in the collection ${collection.id}`)
    return zone
  }

  async function sendItem(request: FastifyRequest, reply: FastifyReply, collection: OgcCollection, id: number, code: number) {
    const links = new LinkBuilder(request, app.config.PUBLIC_URL)
    const found = await repository.getFeature(id, collection, { baseUrl: links.root, geometry: true })
    if (!found) throw notFound(`The feature ${id} in the collection ${collection.id}`)
    void reply.code(code).header('etag', zoneEtag(id, found.version)).header('cache-control', 'no-store')
    return send(reply, 'geojson', found.featureJson)
  }

  /** A Feature as a zone to create in the collection (of its kind), read as an imported feature is. */
  async function newZoneFrom(body: { properties: unknown; geometry: unknown }, collection: OgcCollection, username: string): Promise<ImportedZone> {
    const properties = { ...(typeof body.properties === 'object' && body.properties ? body.properties : {}), ...(collection.kind ? { kind: collection.kind } : {}) }
    const verdict = await readImportFeature({ type: 'Feature', properties, geometry: body.geometry }, 0, `Created through OGC API - Features by ${username}`)
    if (!verdict.ok) {
      const errors = verdict.errors.map((error) => ({ where: error.where.replace(/^features\[0\]/, 'body'), message: error.message }))
      throw new Problem(422, errors.map((error) => `${error.where}: ${error.message}`).join('; '), errors)
    }
    return { ...verdict.zone, slug: verdict.zone.slug || slugFromName(verdict.zone.name) }
  }

  /** A member of a Feature's properties, when they are an object. */
  function propertyOf(body: { properties: unknown }, name: string): unknown {
    return typeof body.properties === 'object' && body.properties !== null ? (body.properties as Record<string, unknown>)[name] : undefined
  }

  /** A Feature's properties as changes to a zone, refusing a status change. */
  async function changesFrom(body: { geometry: unknown; properties: unknown }, zone: EditableZone, replace: boolean): Promise<ZoneChanges> {
    const properties = (typeof body.properties === 'object' && body.properties !== null ? body.properties : {}) as Record<string, unknown>
    if (properties['status'] !== undefined && properties['status'] !== zone.status) {
      throw new Problem(422, `Change a zone's status with POST /zones/${zone.id}/status (it needs the date it took effect and a reason).`, [
        { where: 'body.properties.status', message: 'cannot be changed here' },
      ])
    }
    const picked: Record<string, unknown> = Object.fromEntries(EDITABLE.filter((field) => properties[field] !== undefined).map((field) => [field, properties[field]]))
    if (properties['approximate'] !== undefined) picked['location_precision'] = properties['approximate'] === false ? 'exact' : 'approximate'
    if (Array.isArray(properties['parties'])) {
      picked['parties'] = (properties['parties'] as Array<Record<string, unknown>>).map(({ party, slug, role, note }) => ({ party: party ?? slug, role, ...(note !== undefined ? { note } : {}) }))
    }
    if (replace || body.geometry !== undefined) picked['geometry'] = body.geometry ?? null
    // The same schema as PATCH /zones/{id}: unknown kinds, long names and bad dates are refused alike.
    const errors = [...Value.Errors(ZonePatch, picked)]
    if (errors.length > 0) {
      const located = describeValidationErrors(errors as never, 'body').map((error) => ({ where: error.where.replace(/^body(?!\.geometry)/, 'body.properties'), message: error.message }))
      throw new Problem(422, located.map((error) => `${error.where}: ${error.message}`).join('; '), located)
    }
    const changes = picked as ZoneChanges
    if (changes.geometry !== undefined) {
      changes.geometry = await checkedGeometry(changes.geometry, changes.kind ?? zone.kind, 'body.geometry')
    }
    return changes
  }

  app.post(
    '/collections/:collectionId/items',
    { preHandler: editor, schema: { tags: OGC_TAGS, summary: 'Create a feature (a zone)', params: CollectionParams, body: FeatureBody, response: { 201: { description: 'the created feature' }, ...writeResponses } } },
    async (request, reply) => {
      const collection = writableCollection(request.params.collectionId)
      const zone = await newZoneFrom(request.body as { properties: unknown; geometry: unknown }, collection, request.principal!.username)
      requireFamily(collection, zone.geometry)
      const { id } = await app.zoneWrites.create(zone, actorOf(request), zone.dates)
      void reply.header('location', new LinkBuilder(request, app.config.PUBLIC_URL).url(`/collections/${collection.id}/items/${id}`))
      return sendItem(request, reply, collection, id, 201)
    },
  )

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/collections/:collectionId/items/:featureId',
      preHandler: editor,
      schema: {
        tags: OGC_TAGS,
        summary: method === 'PUT' ? 'Replace a feature (If-Match, or properties.version, required)' : 'Update some properties or the geometry of a feature (If-Match, or properties.version, required)',
        params: FeatureParams,
        body: method === 'PUT' ? FeatureBody : Type.Object({ geometry: Type.Optional(Type.Unknown()), properties: Type.Optional(Type.Unknown()) }, { additionalProperties: true }),
        response: { 200: { description: 'the stored feature' }, ...writeResponses },
      },
      handler: async (request, reply) => {
        const collection = writableCollection(request.params.collectionId)
        const zone = await existingZone(collection, request.params.featureId)
        const body = request.body as { geometry: unknown; properties: unknown }
        const version = expectedVersion(request.headers['if-match'], zone.id, 'zone', { value: propertyOf(body, 'version'), where: 'body.properties.version' })
        const changes = await changesFrom(body, zone, method === 'PUT')
        if (changes.geometry !== undefined) requireFamily(collection, changes.geometry)
        if (Object.keys(changes).length > 0) await app.zoneWrites.update(zone.id, version, changes, actorOf(request))
        return sendItem(request, reply, collection, zone.id, 200)
      },
    })
  }

  app.delete(
    '/collections/:collectionId/items/:featureId',
    { preHandler: editor, schema: { tags: OGC_TAGS, summary: 'Delete a feature: the zone is archived, never erased (If-Match required)', params: FeatureParams, response: { 204: Type.Null(), ...writeResponses } } },
    async (request, reply) => {
      const collection = writableCollection(request.params.collectionId)
      const { id } = await existingZone(collection, request.params.featureId)
      await app.zoneWrites.setArchived(id, expectedVersion(request.headers['if-match'], id), true, actorOf(request))
      return reply.code(204).send(null)
    },
  )

  // OPTIONS says which methods a resource takes, with or without an Origin (CORS preflights are answered earlier).
  const allow = (methods: string) => async (_request: FastifyRequest, reply: FastifyReply) => reply.code(204).header('allow', methods).send()
  app.options('/collections/:collectionId/items', { schema: { hide: true } }, allow('GET, HEAD, POST, OPTIONS'))
  app.options('/collections/:collectionId/items/:featureId', { schema: { hide: true } }, allow('GET, HEAD, PUT, PATCH, DELETE, OPTIONS'))
}

export default itemWriteRoutes
