import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { splitCommaLists } from '../http/comma-lists.ts'
import { checkBbox, checkPoint } from '../http/coordinates.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { baseUrl, urlWith } from '../http/base-url.ts'
import { badRequest, notFound } from '../http/problem.ts'
import { streamCollection } from '../http/stream-collection.ts'
import { matchesIfNoneMatch, versionEtag } from '../http/version-etag.ts'
import { zoneEtag } from '../http/zone-etag.ts'
import { ZONE_PROPERTIES } from '../storage/zone-sql.ts'
import { zonesToCsv } from '../export/zones-csv.ts'
import { zonesToKml } from '../export/zones-kml.ts'
import { problemResponses } from './schemas/common.ts'
import { ZONES_COMMA_LISTS, ZoneCollection, ZoneFeature, ZoneHistory, ZoneParams, ZoneQuery, ZonesQuery } from './schemas/zones.ts'

export const GEOJSON = 'application/geo+json; charset=utf-8'

/** GET /zones, /zones/:id and /zones/:id/history: the zones as GeoJSON, built by PostgreSQL. */
const zonesRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
      const { limit, cursor, properties, geometry, precision, format, as_of: asOf, bbox, contains, zoom, ...filters } = request.query
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const filter = { ...filters, asOf, bbox: bbox && checkBbox(bbox), contains: contains && checkPoint(contains) }
      const after = cursor ? decodeCursor(cursor) : 0
      const shape = { properties: properties ?? ZONE_PROPERTIES, geometry, precision, baseUrl: root, zoom }
      // Performance (issue 8): every match, streamed as it is read.
      if (limit === 'all') {
        if (format !== 'geojson') throw badRequest('query.limit', '`all` streams GeoJSON only: page CSV and KML with a number and the `next` links')
        const self = [{ rel: 'self', type: 'application/geo+json', href: urlWith(request, root, {}) }]
        return reply.type(GEOJSON).send(streamCollection(app.zones.streamFeatures(filter, shape), self))
      }
      // Performance (issue 8): the ETag names the data version, so a revalidation reads one row, not the page.
      const etagOf = (version: number) => versionEtag('zones', version, `${root}${request.url}`)
      const ifNoneMatch = request.headers['if-none-match']
      if (ifNoneMatch) {
        const current = etagOf(await app.zones.dataVersion())
        if (matchesIfNoneMatch(ifNoneMatch, current)) return reply.code(304).header('etag', current).send()
      }
      if (format === 'csv') {
        const rows = await app.zones.listRows(filter, { limit, after })
        return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="zones.csv"').send(zonesToCsv(rows))
      }
      const page = await app.zones.listFeatures(filter, { ...shape, limit, after })
      void reply.header('etag', etagOf(page.dataVersion))
      const links = [{ rel: 'self', type: 'application/geo+json', href: urlWith(request, root, {}) }]
      if (page.nextAfter !== null) {
        links.push({ rel: 'next', type: 'application/geo+json', href: urlWith(request, root, { cursor: encodeCursor(page.nextAfter) }) })
      }
      const head = JSON.stringify({
        type: 'FeatureCollection',
        ...(page.numberMatched === null ? {} : { numberMatched: page.numberMatched }),
        numberReturned: page.numberReturned,
        links,
      })
      const collection = `${head.slice(0, -1)},"features":${page.featuresJson}}`
      if (format === 'kml') {
        return reply.type('application/vnd.google-earth.kml+xml; charset=utf-8').header('content-disposition', 'attachment; filename="zones.kml"').send(zonesToKml(collection))
      }
      return reply.type(GEOJSON).send(collection)
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
      const { properties, geometry, precision, as_of: asOf } = request.query
      const zone = await app.zones.getFeature(
        request.params.id,
        { properties: properties ?? ZONE_PROPERTIES, geometry, precision, baseUrl: baseUrl(request, app.config.PUBLIC_URL) },
        asOf,
      )
      if (!zone) throw notFound(`Zone ${request.params.id}${asOf ? ` as of ${asOf}` : ''}`)
      // The plain representation carries the version ETag that writes take in If-Match; variants are hashed.
      if (!request.url.includes('?')) void reply.header('etag', zoneEtag(zone.id, zone.version))
      return reply.type(GEOJSON).send(zone.json)
    },
  )

  app.get(
    '/zones/:id/history',
    {
      schema: {
        tags: ['zones'],
        summary: "The zone's dated status changes with reasons and sources, oldest first",
        params: ZoneParams,
        response: { 200: ZoneHistory, ...problemResponses },
      },
    },
    async (request, reply) => {
      const id = await app.zones.findId(request.params.id)
      if (id === null) throw notFound(`Zone ${request.params.id}`)
      const history = await app.zones.historyJson(id)
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const zone = { id, links: [{ rel: 'self', type: 'application/geo+json', href: `${root}/zones/${id}` }] }
      return reply.type('application/json; charset=utf-8').send(`{"zone":${JSON.stringify(zone)},"history":${history}}`)
    },
  )
}

export { ZoneFeature }
export default zonesRoutes
