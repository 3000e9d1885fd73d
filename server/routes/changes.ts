import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import { windowProblems } from '../domain/changes.ts'
import { changeTagUri, changesAtom, type FeedChange } from '../export/changes-atom.ts'
import { baseUrl, urlWith } from '../http/base-url.ts'
import { decodeChangeCursor, encodeChangeCursor } from '../http/change-cursor.ts'
import { splitCommaLists } from '../http/comma-lists.ts'
import { checkBbox } from '../http/coordinates.ts'
import { notModified } from '../http/feature-response.ts'
import { Problem, badRequest } from '../http/problem.ts'
import { versionEtag } from '../http/version-etag.ts'
import { parseCalendarDate, parseDateTime } from '../ogc/rfc3339.ts'
import { CHANGES_COMMA_LISTS, ChangeList, ChangesFeedQuery, ChangesQuery } from '../schemas/changes.ts'
import { problemResponses } from '../schemas/common.ts'
import type { ChangeFilter } from '../storage/repositories/changes-repository.ts'

const JSON_TYPE = 'application/json; charset=utf-8'
const ATOM_TYPE = 'application/atom+xml; charset=utf-8'

type FilterQuery = Omit<Static<typeof ChangesFeedQuery>, 'limit'>

/**
 * An instant for recorded_as_of: a date as the last moment of that day (UTC), a date-time as given
 * once it is known to be a real one: PostgreSQL reads it to the microsecond, as it records.
 */
function recordedInstant(text: string): string {
  const day = parseCalendarDate(text)
  if (day) return `${day}T23:59:59.999999Z`
  if (!parseDateTime(text)) throw badRequest('query.recorded_as_of', `${JSON.stringify(text)} is neither a date (YYYY-MM-DD) nor an RFC 3339 date-time`)
  // An unencoded '+' of the offset arrives as a space.
  return text.replace(/ (\d{2}:\d{2})$/, '+$1')
}

/** The storage filter of a validated query, its window and bbox checked. */
function changeFilter({ from, to, bbox, recorded_as_of: recordedAsOf, ...filters }: FilterQuery): ChangeFilter {
  const problems = windowProblems(from, to)
  if (problems.length > 0) throw new Problem(400, problems.map((problem) => `${problem.where}: ${problem.message}`).join('; '), problems)
  return { ...filters, from, to, bbox: bbox && checkBbox(bbox), recordedAsOf: recordedAsOf === undefined ? undefined : recordedInstant(recordedAsOf) }
}

/** The request's query with some parameters removed, as `?…` (empty when none are left). */
function searchWithout(request: FastifyRequest, names: readonly string[]): string {
  const params = new URL(request.url, 'http://placeholder').searchParams
  for (const name of names) params.delete(name)
  return params.size > 0 ? `?${params}` : ''
}

/** The feed's address without paging, in a fixed order: the same filters are the same feed. */
function feedQuery(request: FastifyRequest): string {
  const params = new URL(request.url, 'http://placeholder').searchParams
  params.delete('limit')
  params.sort()
  return params.size > 0 ? `?${params}` : ''
}

/** GET /changes and /changes.atom: what changed between two dates, as JSON and as an Atom feed. */
const changesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/changes',
    {
      preValidation: splitCommaLists(CHANGES_COMMA_LISTS),
      schema: {
        tags: ['changes'],
        summary: 'What changed between two dates: zones that appeared or ended, status changes, boundary changes and agreements signed, oldest first',
        querystring: ChangesQuery,
        response: { 200: ChangeList, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { limit, cursor, ...query } = request.query
      const filter = changeFilter(query)
      const after = cursor ? decodeChangeCursor(cursor) : undefined
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const etagOf = (version: number) => versionEtag('changes', version, `${root}${request.url}`)
      if (await notModified(request, reply, etagOf, app.changes.dataVersion)) return reply.send()
      const page = await app.changes.page(filter, { by: 'date', limit, after }, root)
      const links = [{ rel: 'self', type: 'application/json', href: urlWith(request, root, {}) }]
      if (page.nextAfter) links.push({ rel: 'next', type: 'application/json', href: urlWith(request, root, { cursor: encodeChangeCursor(page.nextAfter) }) })
      links.push({ rel: 'alternate', type: 'application/atom+xml', href: `${root}/changes.atom${searchWithout(request, ['cursor', 'limit'])}` })
      const head = JSON.stringify({ from: query.from, to: query.to })
      void reply.header('etag', etagOf(page.dataVersion))
      return reply.type(JSON_TYPE).send(`${head.slice(0, -1)},"changes":${page.changesJson},"links":${JSON.stringify(links)}}`)
    },
  )

  app.get(
    '/changes.atom',
    {
      preValidation: splitCommaLists(CHANGES_COMMA_LISTS),
      schema: {
        tags: ['changes'],
        summary: 'The same changes as an Atom 1.0 feed, the most recently recorded first (from and to optional)',
        querystring: ChangesFeedQuery,
        response: { 200: Type.String({ description: 'an Atom 1.0 feed document (application/atom+xml)' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { limit, ...query } = request.query
      const filter = changeFilter(query)
      const root = baseUrl(request, app.config.PUBLIC_URL)
      const etagOf = (version: number) => versionEtag('changes-atom', version, `${root}${request.url}`)
      if (await notModified(request, reply, etagOf, app.changes.dataVersion)) return reply.send()
      const page = await app.changes.page(filter, { by: 'recorded', limit }, root)
      const window = query.from || query.to ? ` dated ${query.from ?? '…'} to ${query.to ?? '…'}` : ''
      const alternates = [{ type: 'text/html', href: `${root}/` }]
      if (query.from && query.to) alternates.push({ type: 'application/json', href: `${root}/changes${searchWithout(request, ['limit'])}` })
      const document = changesAtom(
        {
          id: changeTagUri(new URL(root).hostname, '') + feedQuery(request),
          title: `Truce Atlas: changes to ceasefire and de-escalation zones${window}`,
          updated: page.lastRecorded ?? '2000-01-01T00:00:00Z',
          root,
          self: urlWith(request, root, {}),
          alternates,
        },
        JSON.parse(page.changesJson) as FeedChange[],
      )
      void reply.header('etag', etagOf(page.dataVersion))
      return reply.type(ATOM_TYPE).send(document)
    },
  )
}

export default changesRoutes
