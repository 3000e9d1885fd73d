import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders
  body: string
  /** The CloudEvents id, read from the body. */
  id: string
}

/** What the receiver does with a request: answer with a status, or hold it open and never answer. */
export type Answer = number | 'hang'

export interface WebhookReceiver {
  url: string
  /** Every request, in the order they came, duplicates included. */
  readonly received: ReceivedDelivery[]
  /** The deliveries de-duplicated by the CloudEvents id, as a receiver should (first copy kept). */
  unique(): Map<string, ReceivedDelivery>
  /** Waits until `predicate` holds for what was received, or throws after `timeoutMs`. */
  waitFor(predicate: (received: ReceivedDelivery[]) => boolean, timeoutMs?: number): Promise<void>
  /** Answers the requests held open so far with `status`. */
  releaseHeld(status: number): void
  close(): Promise<void>
}

/**
 * A webhook receiver on 127.0.0.1 for tests: it records every POST and answers as `answer` says
 * (by default 204); held requests are ended when it closes.
 */
export async function startWebhookReceiver(answer: (delivery: ReceivedDelivery, index: number) => Answer = () => 204): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = []
  const held = new Set<ServerResponse>()
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      let id = ''
      try {
        id = String((JSON.parse(body) as { id?: unknown }).id)
      } catch {
        // not JSON: recorded with no id
      }
      const delivery = { headers: request.headers, body, id }
      received.push(delivery)
      const what = answer(delivery, received.length - 1)
      if (what === 'hang') {
        held.add(response)
        return
      }
      response.writeHead(what, { 'content-type': 'text/plain' }).end(what >= 400 ? 'receiver says no' : '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    unique() {
      const byId = new Map<string, ReceivedDelivery>()
      for (const delivery of received) if (!byId.has(delivery.id)) byId.set(delivery.id, delivery)
      return byId
    },
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`the receiver did not get what was expected in ${timeoutMs} ms; it got ${received.length} requests: ${received.map((delivery) => delivery.body).join('\n')}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    releaseHeld(status) {
      for (const response of held) response.writeHead(status).end()
      held.clear()
    },
    async close() {
      for (const response of held) response.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
