import { pipeline, Readable, Transform } from 'node:stream'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { LRUCache } from 'lru-cache'
import { SESSION_COOKIE } from '../auth/authentication.ts'
import { badRequest } from './problem.ts'
import { matchesIfNoneMatch } from './version-etag.ts'
import { cacheKey } from './cache-key.ts'
import { cachedAnswer, chosenEncoding, encodedBody, heldBytes, type CachedAnswer } from './cached-answer.ts'
import { sharedVersionReads } from './shared-version-reads.ts'

/** For an answer asked for with the data version it was made from (`?v=`): it never changes. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'

export interface ResponseCacheOptions {
  /** Bytes of answers (and their encodings) held at most; 0 holds none. The largest one kept is an eighth of it. */
  maxBytes: number
  publicUrl: string | undefined
  /** Reads the data version that every committed write moves. */
  dataVersion: () => Promise<number>
}

/** The routes whose answers follow from the data version, the address and the representation asked for. */
const DATA_ROUTES = /^\/(zones|ogc|tiles|incidents|agreements|changes)(\/|\.|$)/
/** Request headers an answer kept here may vary on: those in the key, and those of requests never served from it. */
const KEYED_VARY = new Set(['accept', 'accept-language', 'accept-encoding', 'origin', 'cookie', 'authorization'])
/** Headers made for each response, never kept. */
const PER_RESPONSE = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'set-cookie', 'date', 'connection', 'keep-alive', 'x-cache', 'data-version'])
/** A second reader of an answer being made waits this long at most, then makes its own. */
const FOLLOWER_WAIT_MS = 10_000
const VERSION_VALUE = /^\d{1,15}$/

/** A cacheable request whose answer is being made: where it goes, and the headers set before the route ran. */
interface Making {
  key: string
  version: number
  asked: number | undefined
  before: Record<string, unknown>
  /** Whether this request's answer is to be kept (the first GET of it for this version). */
  keeps: boolean
  /** Lets the readers waiting for this answer go on. */
  done: () => void
}

/**
 * Whole answers of the data routes, kept in memory by request and data version, so the second
 * reader of a page, tile or export gets bytes from memory, compressed once per version. Answers
 * for signed-in users (a session cookie or an Authorization header) are neither served from it nor
 * kept; nor are answers a route marks private or no-store, or that set a cookie.
 *
 * `?v=<data version>` is for caches: the routes never see it. An answer asked for with the version
 * it was made from is `immutable`, and is served from memory without reading the version again;
 * with another version, it is the current answer, revalidated like one asked for without `v`.
 * Each answer says its version (Data-Version) and whether it came from memory (X-Cache: hit/miss).
 */
export const responseCache = fp(async function responseCache(app, options: ResponseCacheOptions) {
  // An answer's body may take an eighth of the budget; its encodings come on top (less than the body
  // each), so the cache's own per-entry cap is the whole budget: adding an encoding never evicts it.
  const answers = options.maxBytes > 0 ? new LRUCache<string, CachedAnswer>({ maxSize: options.maxBytes }) : null
  const maxEntryBytes = Math.floor(options.maxBytes / 8)
  const currentVersion = sharedVersionReads(options.dataVersion)
  const asked = new WeakMap<FastifyRequest, number>()
  const making = new WeakMap<FastifyRequest, Making>()
  const beingMade = new Map<string, Promise<void>>()

  // The version asked for is taken off the address before validation: routes neither refuse nor see it.
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    const mark = request.url.indexOf('?')
    if (mark === -1) return
    const pairs = request.url.slice(mark + 1).split('&')
    const values = pairs.filter((pair) => pair === 'v' || pair.startsWith('v=')).map((pair) => pair.slice(2))
    if (values.length === 0) return
    const routeTakesIt = (request.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties?.['v'] !== undefined
    if (values.length === 1 && VERSION_VALUE.test(values[0]!)) asked.set(request, Number(values[0]))
    if (routeTakesIt) return
    if (!asked.has(request)) throw badRequest('query.v', 'must be given once, as a data version: a whole number, as the Data-Version header gives it')
    const rest = pairs.filter((pair) => !(pair === 'v' || pair.startsWith('v=')))
    request.raw.url = request.url.slice(0, mark) + (rest.length > 0 ? `?${rest.join('&')}` : '')
    delete (request.query as Record<string, unknown>)['v']
  })

  app.addHook('preHandler', async (request, reply) => {
    if (!isCacheable(request)) return
    const key = cacheKey(request, options.publicUrl)
    if (key === null) return
    const askedVersion = asked.get(request)
    const named = askedVersion === undefined ? undefined : answers?.get(`${askedVersion}\n${key}`)
    if (named) return serve(request, reply, named)
    const version = await currentVersion()
    const full = `${version}\n${key}`
    const first = beingMade.get(full)
    if (first) await Promise.race([first, delay(FOLLOWER_WAIT_MS)])
    const held = answers?.get(full)
    if (held) return serve(request, reply, held)
    // Only answers for the current version are kept: a stale `v` cannot fill memory with copies.
    const keeps = answers !== null && request.method === 'GET' && (askedVersion === undefined || askedVersion === version) && !beingMade.has(full)
    let done = () => {}
    if (keeps) {
      beingMade.set(full, new Promise<void>((resolve) => (done = () => (beingMade.delete(full), resolve()))))
    }
    making.set(request, { key: full, version, asked: askedVersion, before: { ...reply.getHeaders() }, keeps, done: once(done) })
    void reply.header('data-version', String(version)).header('x-cache', 'miss')
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const made = making.get(request)
    if (!made) return payload
    making.delete(request)
    if (reply.statusCode !== 200) return (made.done(), payload)
    // Kept without the versioned Cache-Control: readers without `v` share the answer.
    const headers = keptHeaders(reply, made.before)
    if (made.asked === made.version && !reply.hasHeader('cache-control')) void reply.header('cache-control', IMMUTABLE)
    if (!answers || !made.keeps || headers === null) return (made.done(), payload)
    const keep = (body: Buffer) => {
      if (body.length <= maxEntryBytes) {
        const answer = cachedAnswer(made.version, headers, body)
        answers.set(made.key, answer, { size: body.length + made.key.length })
      }
      made.done()
    }
    if (typeof payload === 'string' || Buffer.isBuffer(payload)) return (keep(Buffer.from(payload)), payload)
    if (payload instanceof Readable) return copyWhileStreaming(payload, maxEntryBytes, keep, made.done)
    made.done()
    return payload
  })

  // Whatever ends a request ends its part in the making: followers never wait on a request that is gone.
  const finish = async (request: FastifyRequest) => making.get(request)?.done()
  app.addHook('onResponse', finish)
  app.addHook('onRequestAbort', finish)

  async function serve(request: FastifyRequest, reply: FastifyReply, answer: CachedAnswer): Promise<FastifyReply> {
    const encoding = answer.compressible && request.headers['x-no-compression'] === undefined ? chosenEncoding(request.headers['accept-encoding']) : null
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value)
    if (asked.get(request) === answer.version && !('cache-control' in answer.headers)) void reply.header('cache-control', IMMUTABLE)
    if (answer.compressible) void reply.header('vary', [answer.headers['vary'], 'Accept-Encoding'].filter(Boolean).join(', '))
    void reply.header('data-version', String(answer.version)).header('x-cache', 'hit')
    if (matchesIfNoneMatch(request.headers['if-none-match'], answer.etag)) return reply.code(304).send()
    if (!encoding) return reply.send(answer.body)
    const firstOfItsKind = !answer.encoded.has(encoding)
    const body = await encodedBody(answer, encoding)
    if (firstOfItsKind) {
      // The encodings count against the budget too, once made.
      const key = `${answer.version}\n${cacheKey(request, options.publicUrl)}`
      if (answers?.peek(key) === answer) answers.set(key, answer, { size: (await heldBytes(answer)) + key.length })
    }
    return reply.header('content-encoding', encoding).send(body)
  }
})

/** A read of the data routes by someone not signed in, whose answer may be shared. */
function isCacheable(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  if (request.headers.authorization !== undefined || request.headers.range !== undefined) return false
  if (request.headers.cookie?.includes(`${SESSION_COOKIE}=`)) return false
  return DATA_ROUTES.test(request.routeOptions.url ?? '')
}

/**
 * The headers the route set, to give every later reader; null when the answer must not be shared
 * (private, no-store, a cookie, or varying on a header the key does not hold).
 */
function keptHeaders(reply: FastifyReply, before: Record<string, unknown>): Record<string, string> | null {
  const now = reply.getHeaders()
  if (now['set-cookie'] !== undefined) return null
  if (/\b(private|no-store)\b/i.test(String(now['cache-control'] ?? ''))) return null
  const vary = String(now['vary'] ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean)
  if (vary.some((name) => !KEYED_VARY.has(name))) return null
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(now)) {
    if (value === undefined || PER_RESPONSE.has(name) || before[name] === value) continue
    kept[name] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return kept
}

/**
 * Passes a streamed body on as it comes and keeps a copy, up to `maxBytes`: a longer stream (a
 * whole-dataset export) is sent on without being held.
 */
function copyWhileStreaming(source: Readable, maxBytes: number, keep: (body: Buffer) => void, done: () => void): Readable {
  let chunks: Buffer[] | null = []
  let size = 0
  const copy = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunks) {
        size += chunk.length
        if (size <= maxBytes) chunks.push(chunk)
        else {
          chunks = null
          done() // too long to keep: the readers waiting for it make their own
        }
      }
      callback(null, chunk)
    },
    flush(callback) {
      if (chunks) keep(Buffer.concat(chunks, size))
      else done()
      callback()
    },
  })
  pipeline(source, copy, () => done())
  return copy
}

function once(action: () => void): () => void {
  let called = false
  return () => {
    if (!called) action()
    called = true
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())
