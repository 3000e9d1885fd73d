import { Readable } from 'node:stream'
import { asksAsEditor } from '../auth/asks-as-editor.ts'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { splitCommaLists } from '../http/comma-lists.ts'
import { checkBbox, checkPoint } from '../http/coordinates.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { baseUrl, urlWith } from '../http/base-url.ts'
import { badRequest, notFound } from '../http/problem.ts'
import { featureCollection, notModified } from '../http/feature-response.ts'
import { ExportSlots } from '../http/export-slots.ts'
import { exportFileName, todayUtc } from '../domain/export-file-name.ts'
import { exportCitationText, type ExportCitation } from '../export/citation.ts'
import { versionEtag } from '../http/version-etag.ts'
import { zoneEtag } from '../http/zone-etag.ts'
import { EDITOR_PROPERTIES, ZONE_PROPERTIES } from '../storage/sql/zone-sql.ts'
import { csvDocument } from '../export/zones-csv.ts'
import { kmlDocument } from '../export/zones-kml.ts'
import { problemResponses } from '../schemas/common.ts'
import { HistoryQuery, ZONES_COMMA_LISTS, ZoneCollection, ZoneFeature, ZoneHistory, ZoneParams, ZoneQuery, ZonesQuery } from '../schemas/zones.ts'
import { recordedInstant } from '../http/recorded-as-of.ts'
import { requestLanguage, sendsLanguage } from '../http/language.ts'

export const GEOJSON = 'application/geo+json; charset=utf-8'

/** GET /zones, /zones/:id and /zones/:id/history: the zones as GeoJSON, built by PostgreSQL. */
const zonesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = app.requireRole('admin')
  const exportSlots = new ExportSlots(app.config.EXPORT_CONCURRENCY, app.config.EXPORT_QUEUE)
  app.get(
    '/zones',
    {
      preValidation: splitCommaLists(ZONES_COMMA_LISTS),
      schema: {
        tags: ['zones'],
        summary: 'Zones as a GeoJSON FeatureCollection, filtered and paged',
        querystring: ZonesQuery,
        response: { 200: { ...ZoneCollection, description: 'application/geo+json' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { limit, cursor, properties, geometry, precision, format, as_of: asOf, recorded_as_of: recordedText, bbox, contains, zoom, lang, ...filters } = request.query
      const language = requestLanguage(request, lang)
      sendsLanguage(reply, language)
      const recordedAsOf = recordedText === undefined ? undefined : recordedInstant(recordedText)
      if (filters.archived) {
        await adminOnly.call(app, request, reply)
        // For the admin who asked only: no shared cache may keep it.
        void reply.header('cache-control', 'private, no-cache')
      }
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const filter = { ...filters, asOf, recordedAsOf, bbox: bbox && checkBbox(bbox), contains: contains && checkPoint(contains) }
      const after = cursor ? decodeCursor(cursor) : 0
      const shape = { properties: properties ?? ZONE_PROPERTIES, geometry, precision, baseUrl: root, zoom, language }
      const selfLink = { rel: 'self', type: 'application/geo+json', href: urlWith(request, root, {}) }
      const linksTo = (nextAfter: number | null) =>
        nextAfter === null ? [selfLink] : [selfLink, { rel: 'next', type: 'application/geo+json', href: urlWith(request, root, { cursor: encodeCursor(nextAfter) }) }]
      // Every response is a file a reader may keep and cite: named by its date and filters, saying what it shows and when it was read.
      const shownAsOf = asOf ?? todayUtc()
      const retrievedAt = new Date().toISOString()
      const citationOf = (dataVersion: number): ExportCitation => ({ asOf: shownAsOf, dataVersion, retrievedAt, url: selfLink.href })
      const citationMembers = (dataVersion: number) => ({
        as_of: shownAsOf,
        ...(recordedText === undefined ? {} : { recorded_as_of: recordedText }),
        data_version: dataVersion,
        retrieved_at: retrievedAt,
        citation: exportCitationText(citationOf(dataVersion)),
      })
      const named = () => reply.header('content-disposition', `attachment; filename="${exportFileName(format, shownAsOf, { ...filters, bbox, contains })}"`)
      const end = ({ nextAfter }: { nextAfter: number | null }) => ({ links: linksTo(nextAfter) })
      if (format !== 'geojson' && !geometry) throw badRequest('query.geometry', '`false` applies to GeoJSON only: CSV and KML always carry the shape (as WKT, as KML geometry)')
      // Every match, streamed as it is read.
      if (limit === 'all') {
        if (format !== 'geojson') throw badRequest('query.limit', '`all` streams GeoJSON only: page CSV and KML with a number and the `next` links')
        await exportSlots.enter(reply)
        const body = await featureCollection(reply, app.zoneFeatures.window(filter, shape, { limit: Number.POSITIVE_INFINITY }), { head: citationMembers, end, everyMatch: true })
        return named().type(GEOJSON).send(body)
      }
      // The ETag names the data version, so a revalidation reads one row, not the page; and the language the names are in.
      const etagOf = (version: number) => versionEtag(language === 'en' ? 'zones' : `zones-${language}`, version, `${root}${request.url}`)
      if (await notModified(request, reply, etagOf, app.zoneFeatures.dataVersion)) return reply.send()
      // CSV and KML are written a zone at a time as they are read (memory does not grow with the page).
      if (format === 'csv' || format === 'kml') {
        await exportSlots.enter(reply)
        const dataVersion = await app.zoneFeatures.dataVersion()
        void reply.header('etag', etagOf(dataVersion))
        const citation = citationOf(dataVersion)
        const document =
          format === 'csv'
            ? csvDocument(app.zoneFeatures.csvRows(filter, { limit, after }), citation)
            : kmlDocument(app.zoneFeatures.kmlRows(filter, { limit, after }, precision), citation, (id) => `${root}/zones/${id}`)
        return named()
          .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.google-earth.kml+xml; charset=utf-8')
          .send(Readable.from(document, { objectMode: false }))
      }
      // A page larger than one chunk is streamed, so memory per request stays bounded.
      const body = await featureCollection(reply, app.zoneFeatures.window(filter, shape, { limit, after }), { etagOf, head: citationMembers, end })
      return named().type(GEOJSON).send(body)
    },
  )

  app.get(
    '/zones/:id',
    {
      preValidation: splitCommaLists(['properties']),
      schema: {
        tags: ['zones'],
        summary: 'One zone as a GeoJSON Feature, by id or slug',
        params: ZoneParams,
        querystring: ZoneQuery,
        response: { 200: { ...Type.Ref('ZoneFeature'), description: 'application/geo+json' }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { properties, geometry, precision, as_of: asOf, recorded_as_of: recordedText, lang } = request.query
      const recordedAsOf = recordedText === undefined ? undefined : recordedInstant(recordedText)
      const language = requestLanguage(request, lang)
      const forEditor = await asksAsEditor(app, request, reply)
      const chosen = [...(properties ?? ZONE_PROPERTIES), ...(forEditor ? EDITOR_PROPERTIES : [])]
      const zone = await app.zoneFeatures.readOne(request.params.id, { asOf, recordedAsOf }, { properties: chosen, geometry, precision, baseUrl: baseUrl(request, app.config.PUBLIC_URL), language })
      if (!zone) throw notFound(`Zone ${request.params.id}${asOf ? ` as of ${asOf}` : ''}${recordedText ? ` as recorded at ${recordedText}` : ''}`)
      // The plain representation carries the version ETag that writes take in If-Match (in Arabic, the
      // same tag with the language, which writes take too); variants are hashed.
      const asked = new URLSearchParams(request.url.split('?')[1] ?? '')
      if ([...asked.keys()].every((name) => name === 'lang')) void reply.header('etag', zoneEtag(zone.id, zone.version, language))
      if (forEditor) void reply.header('cache-control', 'private, no-store')
      void reply.header('vary', 'cookie, authorization')
      sendsLanguage(reply, language)
      return reply.type(GEOJSON).send(zone.json)
    },
  )

  app.get(
    '/zones/:id/history',
    {
      schema: {
        tags: ['zones'],
        summary: "The zone's dated status changes with reasons and sources, oldest first",
        description: 'With recorded_as_of, the entries recorded by then (an undo recorded later is left out, and the entry it undoes stays).',
        params: ZoneParams,
        querystring: HistoryQuery,
        response: { 200: ZoneHistory, ...problemResponses },
      },
    },
    async (request, reply) => {
      const recordedText = request.query.recorded_as_of
      const recordedAsOf = recordedText === undefined ? undefined : recordedInstant(recordedText)
      const id = await app.zones.findId(request.params.id, { recordedBy: recordedAsOf })
      if (id === null) throw notFound(`Zone ${request.params.id}${recordedText ? ` as recorded at ${recordedText}` : ''}`)
      const forEditor = await asksAsEditor(app, request, reply)
      const history = await app.zones.historyJson(id, { forEditor, recordedAsOf })
      if (forEditor) void reply.header('cache-control', 'private, no-store')
      void reply.header('vary', 'cookie, authorization')
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const zone = { id, links: [{ rel: 'self', type: 'application/geo+json', href: `${root}/zones/${id}` }] }
      return reply.type('application/json; charset=utf-8').send(`{"zone":${JSON.stringify(zone)},"history":${history}}`)
    },
  )
}

export { ZoneFeature }
export default zonesRoutes
