import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'

export interface PostgresProxy {
  port: number
  /** While true, bytes from PostgreSQL are dropped: the client waits for an answer that never comes. */
  swallowAnswers: boolean
  /** Close every new connection at once, as a server that is down. */
  refuseConnections: boolean
  close(): Promise<void>
}

/**
 * A TCP proxy to PostgreSQL that can stop passing on what the server sends, as a cut network
 * would, or refuse new connections, as a server that is down would.
 */
export async function postgresProxy(host: string, port: number): Promise<PostgresProxy> {
  const sockets = new Set<Socket>()
  const proxy: PostgresProxy = {
    port: 0,
    swallowAnswers: false,
    refuseConnections: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
  const server: Server = createServer((client) => {
    if (proxy.refuseConnections) {
      client.destroy()
      return
    }
    const upstream = connect(port, host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    client.on('data', (chunk) => upstream.write(chunk))
    upstream.on('data', (chunk) => {
      if (!proxy.swallowAnswers) client.write(chunk)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.port = (server.address() as AddressInfo).port
  return proxy
}
