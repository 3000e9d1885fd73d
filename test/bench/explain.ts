import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { captureQueries } from './capture-queries.ts'

/**
 * EXPLAIN ANALYZE of every statement the API runs for some paths, with PostgreSQL's JIT and
 * parallel workers on (the server's defaults) and off (the service's pool), to check plans and
 * indexes on a benchmark database (run `npm run bench` with a size, or keep one) or any other.
 *
 *   npx tsx test/bench/explain.ts postgres://postgres@127.0.0.1:5432/db '/zones?status=proposed&limit=100'
 *
 * FULL=1 prints whole plans; otherwise the top node, timings, JIT and workers.
 */
const [url, ...paths] = process.argv.slice(2)
if (!url || paths.length === 0) {
  process.stderr.write('Usage: npx tsx test/bench/explain.ts <postgres-url> <path> [path...]\n')
  process.exit(2)
}
const SETTINGS = { 'JIT and parallel workers on': ['set local jit = on', 'set local max_parallel_workers_per_gather = 2'], 'off (the pool)': ['set local jit = off', 'set local max_parallel_workers_per_gather = 0'] }

const db = await openPostgresDatabase(url)
try {
  for (const request of await captureQueries(db, { DATABASE_URL: url, RATE_LIMIT_PER_MINUTE: '0' }, paths, ['/zones?limit=1', '/tiles/12/0/0.mvt'])) {
    process.stdout.write(`=== ${request.path}: ${request.status}, ${request.bytes} bytes, statements by stage ${JSON.stringify(request.stages.map((stage) => stage.length))}\n`)
    for (const query of request.stages.flat()) {
      // EXPLAIN takes no parameters: the values are written in as literals, for this look only.
      const sql = query.sql.replace(/\$(\d+)/g, (_match, n: string) => {
        const value = query.bindings[Number(n) - 1]
        return typeof value === 'number' || typeof value === 'boolean' ? String(value) : `'${String(value).replace(/'/g, "''")}'`
      })
      for (const [label, settings] of Object.entries(SETTINGS)) {
        await db.knex.transaction(async (trx) => {
          for (const setting of settings) await trx.raw(setting)
          const plan = (await trx.raw(`explain (analyze, buffers) ${sql}`)).rows.map((row: Record<string, string>) => row['QUERY PLAN'])
          const shown = process.env.FULL ? plan : plan.filter((line: string, index: number) => index === 0 || /Execution Time|Planning Time|JIT:|Workers Launched|Index|Seq Scan/.test(line))
          process.stdout.write(`--- ${sql.slice(0, 100).replace(/\s+/g, ' ')}… (${label})\n${shown.join('\n')}\n`)
        })
      }
    }
  }
} finally {
  await db.close()
}
