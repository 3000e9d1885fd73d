import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import type { RecordedResponse } from './machine-limit.ts'

/**
 * The machine's limit for the same bytes: the thinnest HTTP server Node has, answering GET /<n>
 * with recorded response n (its status, headers and body, compressed as it was) from memory. What
 * a service cannot beat on this machine with this load generator, whatever it caches.
 *
 * Run as a child process: LIMIT_RESPONSES=<file.json> LIMIT_PORT=<port>.
 */
interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

async function main(): Promise<void> {
  const recorded = JSON.parse(await readFile(process.env.LIMIT_RESPONSES!, 'utf8')) as Array<Omit<RecordedResponse, 'body'> & { body: string }>
  const responses: StoredResponse[] = recorded.map((response) => ({ status: response.status, headers: response.headers, body: Buffer.from(response.body, 'base64') }))
  const server = createServer((request, response) => {
    const stored = responses[Number(request.url!.slice(1))]
    if (!stored) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(stored.status, { ...stored.headers, 'content-length': stored.body.byteLength })
    response.end(stored.body)
  })
  server.keepAliveTimeout = 60_000
  server.listen(Number(process.env.LIMIT_PORT), '127.0.0.1', () => process.stdout.write('limit listening\n'))
}

main().catch((error: unknown) => {
  process.stderr.write(`limit server: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
