import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { baseUrl, urlWith } from '../http/base-url.ts'
import { splitCommaLists } from '../http/comma-lists.ts'
import { checkBbox } from '../http/coordinates.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { ExportSlots } from '../http/export-slots.ts'
import { featureCollection, notModified } from '../http/feature-response.ts'
import { badRequest, notFound } from '../http/problem.ts'
import { versionEtag } from '../http/version-etag.ts'
import { versionedEtag } from '../http/zone-etag.ts'
import { incidentsCsvDocument } from '../export/incidents-csv.ts'
import { problemResponses } from '../schemas/common.ts'
import { INCIDENTS_COMMA_LISTS, IncidentCollection, IncidentParams, IncidentQuery, IncidentsQuery } from '../schemas/incidents.ts'
import { featureWindow } from '../services/feature-windows.ts'
import type { IncidentFilter } from '../storage/repositories/incidents-repository.ts'
import { INCIDENT_PROPERTIES } from '../storage/sql/incident-sql.ts'
import { GEOJSON } from './zones.ts'

/**
 * Incidents, read-only: GET /incidents (filtered, paged like /agreements, as GeoJSON or CSV) and
 * GET /incidents/{id or slug}. Each incident is a GeoJSON Feature whose geometry is its point, or
 * the area where only an area is known. They are written by the importers, never here.
 */
const incidentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const exportSlots = new ExportSlots(app.config.EXPORT_CONCURRENCY, app.config.EXPORT_QUEUE)

  app.get(
    '/incidents',
    {
      preValidation: splitCommaLists(INCIDENTS_COMMA_LISTS),
      schema: {
        tags: ['incidents'],
        summary: 'Incidents as a GeoJSON FeatureCollection (or CSV), filtered and paged',
        querystring: IncidentsQuery,
        response: { 200: { ...IncidentCollection, description: 'application/geo+json, or text/csv with format=csv' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { limit, cursor, properties, geometry, precision, format, bbox, from, to, sub_type: subType, location_precision: locationPrecision, zone, ...filters } = request.query
      if (from && to && from > to) throw badRequest('query.to', `is before from (${from})`)
      if (format === 'csv' && (properties || !geometry)) throw badRequest(properties ? 'query.properties' : 'query.geometry', 'applies to GeoJSON only: the CSV has every column and the place')
      let zoneId: number | undefined
      if (zone !== undefined) {
        const found = await app.zones.findId(zone)
        if (found === null) throw notFound(`Zone ${zone}`)
        zoneId = found
      }
      const filter: IncidentFilter = { ...filters, from, to, subType, locationPrecision, bbox: bbox && checkBbox(bbox), zone: zoneId }
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const after = cursor ? decodeCursor(cursor) : 0
      // The ETag names the data version, so a revalidation reads one row, not the page.
      const etagOf = (version: number) => versionEtag(`incidents-${format}`, version, `${root}${request.url}`)
      if (await notModified(request, reply, etagOf, app.incidents.dataVersion)) return reply.send()
      if (format === 'csv') {
        // Written an incident at a time as they are read (memory does not grow with the page).
        await exportSlots.enter(reply)
        const dataVersion = await app.incidents.dataVersion()
        const document = incidentsCsvDocument(app.incidents.csvRows(filter, { limit, after }), { dataVersion, retrievedAt: new Date().toISOString() })
        return reply
          .header('etag', etagOf(dataVersion))
          .header('content-disposition', 'attachment; filename="truce-atlas_incidents.csv"')
          .type('text/csv; charset=utf-8')
          .send(Readable.from(document, { objectMode: false }))
      }
      const shape = { properties: properties ?? INCIDENT_PROPERTIES, geometry, precision, baseUrl: root }
      const selfLink = { rel: 'self', type: 'application/geo+json', href: urlWith(request, root, {}) }
      const end = ({ nextAfter }: { nextAfter: number | null }) => ({
        links: nextAfter === null ? [selfLink] : [selfLink, { rel: 'next', type: 'application/geo+json', href: urlWith(request, root, { cursor: encodeCursor(nextAfter) }) }],
      })
      const body = await featureCollection(reply, featureWindow(app.incidents, filter, shape, { limit, after }), { etagOf, end })
      return reply.type(GEOJSON).send(body)
    },
  )

  app.get(
    '/incidents/:id',
    {
      preValidation: splitCommaLists(['properties']),
      schema: {
        tags: ['incidents'],
        summary: 'One incident as a GeoJSON Feature, by id or slug',
        params: IncidentParams,
        querystring: IncidentQuery,
        response: { 200: { ...Type.Ref('IncidentFeature'), description: 'application/geo+json' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { properties, geometry, precision } = request.query
      const found = await app.incidents.readOne(request.params.id, {}, { properties: properties ?? INCIDENT_PROPERTIES, geometry, precision, baseUrl: baseUrl(request, app.config.PUBLIC_URL) })
      if (!found) throw notFound(`Incident ${request.params.id}`)
      if (!request.url.includes('?')) void reply.header('etag', versionedEtag('incident', found.id, found.version))
      return reply.type(GEOJSON).send(found.json)
    },
  )
}

export default incidentRoutes
