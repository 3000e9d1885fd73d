import type { Knex } from 'knex'
import { call } from './remote-api.ts'

/**
 * A steady stream of reads and writes against a running server, remembering every write the server
 * acknowledged (a 2xx) so that a test can look for each of them afterwards. Each writer creates its
 * own zones and moves them through statuses; after an answer that leaves the outcome unknown (a 503,
 * or no answer) it reads the zone's ETag again before its next change.
 */
export interface AcknowledgedWrite {
  action: 'create' | 'status'
  slug: string
  /** The version the server answered with. */
  version: number
  /** Unique per request: the history entry it made carries it. */
  reason: string
}

export interface Answer {
  what: string
  status: number | null
  ms: number
  problem: boolean
  retryAfter: string | null
  /** When there was no answer: the error (a timeout is a TimeoutError). */
  error?: string
}

export interface Workload {
  acknowledged: AcknowledgedWrite[]
  answers: Answer[]
  /** Stops the loops and waits for the requests in flight. */
  stop(): Promise<void>
}

const CYCLE = ['agreed', 'active', 'suspended', 'active', 'suspended'] as const
const SQUARE = (index: number) => {
  const x = 36 + (index % 50) * 0.1
  const y = 33 + Math.floor(index / 50) * 0.1
  return { type: 'Polygon', coordinates: [[[x, y], [x + 0.05, y], [x + 0.05, y + 0.05], [x, y + 0.05], [x, y]]] }
}

export function startWorkload(base: string, bearer: Record<string, string>, options: { writers: number; readers: number; run: string; timeoutMs?: number; pauseMs?: number }): Workload {
  const acknowledged: AcknowledgedWrite[] = []
  const answers: Answer[] = []
  const timeoutMs = options.timeoutMs ?? 10_000
  let stopping = false
  let made = 0

  async function send(what: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
    try {
      const answer = await call(base, path, { ...init, timeoutMs })
      answers.push({
        what,
        status: answer.status,
        ms: answer.ms,
        problem: /^application\/problem\+json/.test(answer.headers.get('content-type') ?? ''),
        retryAfter: answer.headers.get('retry-after'),
      })
      return answer
    } catch (error) {
      answers.push({ what, status: null, ms: timeoutMs, problem: false, retryAfter: null, error: `${(error as Error).name}: ${(error as Error).message}` })
      return null
    }
  }

  const pause = () => new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 20))

  async function writer(number: number): Promise<void> {
    let zone: { slug: string; etag: string | null; step: number } | null = null
    while (!stopping) {
      if (!zone || zone.step >= CYCLE.length) {
        made += 1
        const name = `Reliability ${options.run} ${number}-${made}`
        const reason = `created ${options.run} ${number}-${made}`
        const created = await send('create', '/zones', {
          method: 'POST',
          headers: bearer,
          body: { type: 'Feature', geometry: SQUARE(made), properties: { name, kind: 'ceasefire-zone', effective_date: '2026-01-01', reason } },
        })
        if (created?.status === 201) {
          const slug = created.body.properties.slug as string
          acknowledged.push({ action: 'create', slug, version: created.body.properties.version, reason })
          zone = { slug, etag: created.headers.get('etag'), step: 0 }
        }
      } else {
        if (!zone.etag) {
          const current = await send('read-etag', `/zones/${zone.slug}`)
          if (current?.status === 200) {
            zone.etag = current.headers.get('etag')
            // The change whose answer was lost did commit: go on to the next one.
            if (current.body.properties.status === CYCLE[zone.step]) zone.step += 1
          }
          await pause()
          continue
        }
        const status = CYCLE[zone.step]!
        const reason = `${status} ${options.run} ${number}-${made}-${zone.step}`
        const changed = await send('status', `/zones/${zone.slug}/status`, {
          method: 'POST',
          headers: { ...bearer, 'if-match': zone.etag },
          body: { status, effective_date: `2026-02-${String(zone.step + 1).padStart(2, '0')}`, reason },
        })
        if (changed?.status === 200) {
          acknowledged.push({ action: 'status', slug: zone.slug, version: changed.body.properties.version, reason })
          zone.etag = changed.headers.get('etag')
          zone.step += 1
        } else {
          // Unknown outcome: read the zone again before the next change.
          zone.etag = null
        }
      }
      await pause()
    }
  }

  async function reader(number: number): Promise<void> {
    let turn = 0
    while (!stopping) {
      turn += 1
      if ((turn + number) % 3 === 0) await send('read-list', '/zones?geometry=false&limit=50')
      else await send('read-one', `/zones/${(turn % 20) + 1}?properties=slug,status,version`)
      await pause()
    }
  }

  const loops = [...Array.from({ length: options.writers }, (_, index) => writer(index)), ...Array.from({ length: options.readers }, (_, index) => reader(index))]
  return {
    acknowledged,
    answers,
    async stop() {
      stopping = true
      await Promise.all(loops)
    },
  }
}

/** The acknowledged writes that are not in the database, one line each; none means nothing was lost. */
export async function findLostWrites(knex: Knex, acknowledged: readonly AcknowledgedWrite[]): Promise<string[]> {
  const lost: string[] = []
  for (const write of acknowledged) {
    const zone = await knex('zones').where({ slug: write.slug }).first('id', 'version')
    if (!zone) {
      lost.push(`${write.action} of ${write.slug}: the zone is missing`)
      continue
    }
    if (zone.version < write.version) lost.push(`${write.action} of ${write.slug}: version ${zone.version}, but ${write.version} was acknowledged`)
    const entry = await knex('status_changes').where({ zone_id: zone.id, reason: write.reason }).first('id')
    if (!entry) lost.push(`${write.action} of ${write.slug}: no history entry "${write.reason}"`)
  }
  return lost
}
