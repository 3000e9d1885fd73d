import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { pgliteOptions } from '../../server/storage/database/embedded-database.ts'
import type { CapturedQuery, CapturedRequest } from './capture-queries.ts'

/**
 * The floor: the exact SQL the API runs for each benchmarked request (captured by
 * capture-queries.ts), run straight through the driver (pg with a pool as large as the service's, or
 * PGlite) behind the thinnest HTTP server Node has. GET /<n> runs the stages of captured request n
 * and answers with the text and bytes the database returned. What the API adds on top of this is
 * the cost of the service itself.
 *
 * Run as a child process: FLOOR_SCENARIOS=<file.json> FLOOR_PORT=<port> and DATABASE_URL (with
 * FLOOR_SESSION_OPTIONS, the pool's session options) or DATA_DIR.
 */
interface Runner {
  query(query: CapturedQuery): Promise<Array<Record<string, unknown>>>
}

const POOL_MAX = 10 // the service's own pool size (server/storage/database/postgres-database.ts)

async function openRunner(): Promise<Runner> {
  const url = process.env.DATABASE_URL
  if (url) {
    const options = process.env.FLOOR_SESSION_OPTIONS
    const pool = new pg.Pool({ connectionString: url, max: POOL_MAX, ...(options ? { options } : {}) })
    return {
      async query({ sql, bindings, options: driverOptions }) {
        const result = await pool.query({ text: sql, values: bindings, ...(driverOptions ?? {}) })
        return result.rows
      },
    }
  }
  const pglite = await PGlite.create(path.join(process.env.DATA_DIR!, 'pgdata'), pgliteOptions)
  return {
    async query({ sql, bindings }) {
      return (await pglite.query<Record<string, unknown>>(sql, bindings)).rows
    },
  }
}

function bodyOf(rows: ReadonlyArray<Record<string, unknown>>): Array<string | Uint8Array> {
  return rows.flatMap((row) => Object.values(row).map((value) => (value instanceof Uint8Array || typeof value === 'string' ? value : String(value))))
}

async function main(): Promise<void> {
  const scenarios = JSON.parse(await readFile(process.env.FLOOR_SCENARIOS!, 'utf8')) as CapturedRequest[]
  const runner = await openRunner()
  const server = createServer((request, response) => {
    const captured = scenarios[Number(request.url!.slice(1))]
    if (!captured) {
      response.writeHead(404).end()
      return
    }
    void (async () => {
      const parts: Array<string | Uint8Array> = []
      for (const stage of captured.stages) {
        for (const rows of await Promise.all(stage.map((query) => runner.query(query)))) parts.push(...bodyOf(rows))
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' })
      for (const part of parts) response.write(part)
      response.end()
    })().catch((error: Error) => {
      response.writeHead(500).end(error.message)
    })
  })
  server.keepAliveTimeout = 60_000
  server.listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => process.stdout.write('floor listening\n'))
}

main().catch((error: unknown) => {
  process.stderr.write(`floor server: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
