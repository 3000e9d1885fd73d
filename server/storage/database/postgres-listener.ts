import pg from 'pg'

export type Unlisten = () => Promise<void>
export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<Unlisten>

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000]

/**
 * LISTEN on PostgreSQL through one dedicated connection (a pooled one would be handed to queries),
 * reconnecting with back-off when the server restarts and listening again on every channel.
 * NOTIFY is sent inside the writing transaction, so a listener hears only committed changes.
 */
export function postgresListener(url: string, onError: (error: Error) => void = () => undefined): { listen: Listen; close(): Promise<void> } {
  const handlers = new Map<string, Set<(payload: string) => void>>()
  let client: pg.Client | null = null
  let connecting: Promise<pg.Client> | null = null
  let closed = false
  let attempt = 0

  const quote = (channel: string) => `"${channel.replace(/"/g, '""')}"`

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString: url, application_name: 'truce-atlas-listener' })
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '')
    })
    next.on('error', (error) => {
      onError(error)
      reconnectLater(next)
    })
    next.on('end', () => reconnectLater(next))
    await next.connect()
    for (const channel of handlers.keys()) await next.query(`LISTEN ${quote(channel)}`)
    attempt = 0
    client = next
    return next
  }

  function reconnectLater(dead: pg.Client): void {
    if (client !== dead && client !== null) return
    client = null
    connecting = null
    if (closed) return
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!
    attempt += 1
    setTimeout(() => void ensureConnected().catch((error: Error) => (onError(error), reconnectLater(dead))), delay).unref()
  }

  function ensureConnected(): Promise<pg.Client> {
    if (client) return Promise.resolve(client)
    connecting ??= connect().finally(() => (connecting = null))
    return connecting
  }

  return {
    async listen(channel, onPayload) {
      const first = !handlers.has(channel)
      if (first) handlers.set(channel, new Set())
      handlers.get(channel)!.add(onPayload)
      const connected = await ensureConnected()
      if (first) await connected.query(`LISTEN ${quote(channel)}`)
      return async () => {
        handlers.get(channel)?.delete(onPayload)
      }
    },
    async close() {
      closed = true
      await client?.end().catch(() => undefined)
      client = null
    },
  }
}
