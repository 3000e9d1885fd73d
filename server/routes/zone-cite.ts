import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { baseUrl } from '../http/base-url.ts'
import { citationFormat } from '../http/citation-negotiation.ts'
import { notModified } from '../http/feature-response.ts'
import { notFound } from '../http/problem.ts'
import { recordedInstant } from '../http/recorded-as-of.ts'
import { versionEtag } from '../http/version-etag.ts'
import { todayUtc } from '../domain/export-file-name.ts'
import { CITATION_EXTENSIONS, CITATION_MEDIA_TYPES, formatCitation } from '../export/citation.ts'
import { problemResponses } from '../schemas/common.ts'
import { ZoneParams } from '../schemas/zones.ts'
import { CiteQuery, CiteResponses } from '../schemas/zone-cite.ts'

/**
 * GET /zones/:id/cite: how to cite a zone as it stood on a date, as text, CSL-JSON, BibTeX or RIS.
 * The permanent URL is the map's permalink pinned to the record at an instant (the one asked for,
 * or the moment of retrieval), so it shows what was cited even after the data changes; the API
 * address of the same zone is in the Link header beside it.
 */
const zoneCiteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/zones/:id/cite',
    {
      schema: {
        tags: ['zones'],
        summary: 'How to cite the zone as it stood on a date: text, CSL-JSON, BibTeX or RIS',
        params: ZoneParams,
        querystring: CiteQuery,
        response: { 200: CiteResponses, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { as_of: askedAsOf, recorded_as_of: recordedText } = request.query
      const format = citationFormat(request.query.format, request.headers.accept)
      const recordedAsOf = recordedText === undefined ? undefined : recordedInstant(recordedText)
      const root = baseUrl(request, app.config.PUBLIC_URL)
      // One tag per data version and address: a citation is the same while the data is (weak: the retrieval date in it moves on).
      const etagOf = (version: number) => `W/${versionEtag('zone-cite', version, `${root}${request.url}|${format}`)}`
      void reply.header('vary', 'accept')
      if (await notModified(request, reply, etagOf, app.zoneFeatures.dataVersion)) return reply.send()
      const asOf = askedAsOf ?? todayUtc()
      const shape = { properties: ['slug' as const, 'name' as const], geometry: false, precision: 0, baseUrl: root }
      const [zone, dataVersion] = await Promise.all([app.zoneFeatures.readOne(request.params.id, { asOf, recordedAsOf }, shape), app.zoneFeatures.dataVersion()])
      if (!zone) throw notFound(`Zone ${request.params.id} as of ${asOf}${recordedText ? ` as recorded at ${recordedText}` : ''}`)
      const { slug, name } = (JSON.parse(zone.json) as { properties: { slug: string; name: string } }).properties
      const now = new Date()
      const retrievedAt = now.toISOString()
      // Pinned to the record: the instant asked for, or now (to the second).
      const pinnedTo = recordedText ?? `${retrievedAt.slice(0, 19)}Z`
      const pins = new URLSearchParams({ as_of: asOf, recorded_as_of: pinnedTo })
      const readable = (params: URLSearchParams) => params.toString().replaceAll('%3A', ':') // colons are legal in a query string
      const mapUrl = `${root}/?${readable(new URLSearchParams({ zone: slug, date: asOf, recorded_as_of: pinnedTo }))}`
      const apiUrl = `${root}/zones/${zone.id}?${readable(pins)}`
      const key = `truce-atlas-${slug}-${asOf}`
      const body = formatCitation({ subject: name, key, asOf, dataVersion, retrievedAt, recordedAsOf: pinnedTo, url: mapUrl }, format)
      void reply.header('etag', etagOf(dataVersion))
      void reply.header('link', `<${mapUrl}>; rel="cite-as", <${apiUrl}>; rel="alternate"; type="application/geo+json"`)
      if (format === 'bibtex' || format === 'ris') void reply.header('content-disposition', `attachment; filename="truce-atlas_${slug}_${asOf}.${CITATION_EXTENSIONS[format]}"`)
      return reply.type(`${CITATION_MEDIA_TYPES[format]}; charset=utf-8`).send(body)
    },
  )
}

export default zoneCiteRoutes
