import type { Knex } from 'knex'
import { buildApp } from '../../server/app.ts'
import { loadConfig } from '../../server/config.ts'
import type { Database } from '../../server/storage/database/database.ts'

/**
 * The exact SQL a request runs: the app is built in this process on the benchmark's database, each
 * path is injected once, and every statement knex sends is recorded as the driver gets it (text with
 * $1.. placeholders, bindings, driver options such as a prepared statement's name). Statements sent
 * together (Promise.all) form one stage; a statement sent after another has answered starts the next
 * stage. The floor replays the stages, so it runs what the API runs, with the same parallelism.
 */
export interface CapturedQuery {
  sql: string
  bindings: unknown[]
  options?: Record<string, unknown>
}

export interface CapturedRequest {
  path: string
  status: number
  bytes: number
  stages: CapturedQuery[][]
}

interface QueryEvent {
  sql: string
  bindings?: unknown[]
  options?: Record<string, unknown>
  __knexQueryUid?: string
}

/**
 * `warmup` paths are requested first and not recorded: they open the pool's connections (so that
 * statements sent together are not split by a connection being opened) and run one-time checks.
 */
export async function captureQueries(db: Database, env: Record<string, string>, paths: readonly string[], warmup: readonly string[] = []): Promise<CapturedRequest[]> {
  const app = await buildApp({ config: loadConfig({ ...env, LOG_LEVEL: 'silent' }), db })
  await app.ready()
  await Promise.all(Array.from({ length: 4 }, () => db.knex.raw('select pg_sleep(0.05)')))
  for (const path of warmup) await app.inject(path)
  let stages: CapturedQuery[][] = []
  let stageDone = false
  const pending = new Set<string>()
  const onQuery = (query: QueryEvent) => {
    if (stageDone || stages.length === 0) {
      stages.push([])
      stageDone = false
    }
    stages[stages.length - 1]!.push({ sql: query.sql, bindings: query.bindings ?? [], ...(query.options && Object.keys(query.options).length > 0 ? { options: query.options } : {}) })
    if (query.__knexQueryUid) pending.add(query.__knexQueryUid)
  }
  const onResponse = (_response: unknown, query: QueryEvent) => {
    if (query.__knexQueryUid) pending.delete(query.__knexQueryUid)
    stageDone = true
  }
  const knex: Knex = db.knex
  knex.on('query', onQuery)
  knex.on('query-response', onResponse)
  try {
    const captured: CapturedRequest[] = []
    for (const path of paths) {
      stages = []
      stageDone = false
      const response = await app.inject(path)
      if (response.statusCode >= 400) throw new Error(`${path} answered ${response.statusCode}: ${response.body.slice(0, 300)}`)
      captured.push({ path, status: response.statusCode, bytes: response.rawPayload.byteLength, stages })
    }
    return captured
  } finally {
    knex.off('query', onQuery)
    knex.off('query-response', onResponse)
    await app.close()
  }
}
