import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.ts'
import { badRequest, notFound } from '../http/problem.ts'
import { expectedVersion, versionedEtag } from '../http/zone-etag.ts'
import { problemResponses } from '../schemas/common.ts'
import { CreatedWebhook, DeliveryPage, DeliveryQuery, Webhook, WebhookCreate, WebhookIfMatch, WebhookParams, WebhookPatch } from '../schemas/webhooks.ts'
import { checkWebhookUrl } from '../webhooks/destination.ts'

const adminResponses = { ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') }
const writeResponses = {
  ...adminResponses,
  412: { ...Type.Ref('Problem'), description: 'Someone changed the webhook first: current_version and current_etag say what is stored now' },
  422: { ...Type.Ref('Problem'), description: 'A zone id names no zone' },
}

const webhookEtag = (id: number, version: number) => versionedEtag('webhook', id, version)

/** A signing secret as Standard Webhooks write it: whsec_ and 32 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`

/**
 * Webhooks, for admins: receivers that get each recorded change (the outbox of migration 015) as a
 * signed CloudEvent, with retries, and the log of their deliveries.
 */
const webhooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireRole('admin'))
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('cache-control', 'no-store')
    return payload
  })

  const storableUrl = (url: string): string => {
    const checked = checkWebhookUrl(url, app.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
    if ('problem' in checked) throw badRequest('body.url', checked.problem)
    return checked.url
  }

  app.get('/webhooks', { schema: { tags: ['webhooks'], summary: 'Every webhook, without its secret', response: { 200: Type.Array(Webhook), ...adminResponses } } }, async () => app.webhooks.list())

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Register a webhook; the answer shows its signing secret, this once',
        body: WebhookCreate,
        response: { 201: CreatedWebhook, ...writeResponses },
      },
    },
    async (request, reply) => {
      const { url, event_types = null, zone_ids = null, description = null } = request.body
      const created = await app.webhooks.create({ url: storableUrl(url), event_types, zone_ids, description }, newSecret(), actorOf(request))
      request.log.info({ by: request.principal!.username, webhook: created.id }, 'webhook registered')
      return reply.code(201).header('location', `/webhooks/${created.id}`).header('etag', webhookEtag(created.id, created.version)).send(created)
    },
  )

  app.get(
    '/webhooks/:id',
    { schema: { tags: ['webhooks'], summary: 'One webhook, without its secret, with its ETag', params: WebhookParams, response: { 200: Webhook, ...adminResponses } } },
    async (request, reply) => {
      const webhook = await app.webhooks.get(request.params.id)
      if (!webhook) throw notFound(`Webhook ${request.params.id}`)
      return reply.header('etag', webhookEtag(webhook.id, webhook.version)).send(webhook)
    },
  )

  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Change the URL, filters or description of a webhook, or pause and resume it (If-Match required; * for the current version)',
        params: WebhookParams,
        headers: WebhookIfMatch,
        body: WebhookPatch,
        response: { 200: Webhook, ...writeResponses, 428: { ...Type.Ref('Problem'), description: 'If-Match is missing' } },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const version = expectedVersion(request.headers['if-match'], id, 'webhook')
      const { url, ...changes } = request.body
      const result = await app.webhooks.update(id, version, { ...changes, ...(url === undefined ? {} : { url: storableUrl(url) }) }, actorOf(request))
      return reply.header('etag', webhookEtag(id, result.version)).send(result)
    },
  )

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook and its delivery log (If-Match optional)',
        params: WebhookParams,
        headers: WebhookIfMatch,
        response: { 204: Type.Null(), ...writeResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const ifMatch = request.headers['if-match']
      await app.webhooks.remove(id, ifMatch ? expectedVersion(ifMatch, id, 'webhook') : 'any', actorOf(request))
      request.log.info({ by: request.principal!.username, webhook: id }, 'webhook deleted')
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'The delivery log of a webhook, newest first: each event, its state, attempts and the last answer',
        params: WebhookParams,
        querystring: DeliveryQuery,
        response: { 200: DeliveryPage, ...adminResponses },
      },
    },
    async (request) => {
      const { id } = request.params
      if (!(await app.webhooks.get(id))) throw notFound(`Webhook ${id}`)
      const { state, before, limit } = request.query
      const rows = await app.webhooks.deliveries(id, { state, before, limit: limit + 1 })
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      const next = rows.length > limit && last ? `/webhooks/${id}/deliveries?${new URLSearchParams({ ...(state ? { state } : {}), before: String(last.id), limit: String(limit) })}` : null
      return { deliveries: page, next }
    },
  )
}

export default webhooksRoutes
