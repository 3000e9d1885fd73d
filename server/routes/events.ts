import type { ServerResponse } from 'node:http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { zoneEventHub } from '../events/zone-events.ts'

const HEARTBEAT_MS = 15_000

/**
 * GET /events: Server-Sent Events, one `zone` event per committed change to a zone
 * ({zone_id, version, action, at}); a map reloads that zone when it hears one.
 */
const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const hub = await zoneEventHub(app.db.listen, (error) => app.log.warn({ err: error }, 'unreadable zone event'))
  const streams = new Set<ServerResponse>()
  let sequence = 0

  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end()
    await hub.close()
  })

  app.get(
    '/events',
    {
      config: { compress: false },
      schema: { tags: ['zones'], summary: 'Server-Sent Events: a `zone` event each time a zone changes', produces: ['text/event-stream'] },
    },
    async (request, reply) => {
      reply.hijack()
      const stream = reply.raw
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      stream.write('retry: 2000\n: connected\n\n')
      streams.add(stream)
      const unsubscribe = hub.subscribe((event) => {
        sequence += 1
        stream.write(`id: ${sequence}\nevent: zone\ndata: ${JSON.stringify(event)}\n\n`)
      })
      const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS)
      request.raw.on('close', () => {
        clearInterval(heartbeat)
        unsubscribe()
        streams.delete(stream)
      })
    },
  )
}

export default eventsRoutes
