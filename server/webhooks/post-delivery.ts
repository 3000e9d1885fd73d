import http from 'node:http'
import https from 'node:https'
import { publicOnlyLookup, refuseLiteralNonPublic } from './destination.ts'

/** How much of a receiver's answer is read: enough for an error message, never a memory risk. */
const MAX_RESPONSE_BYTES = 64 * 1024
/** How much of a failed answer's body is kept in the delivery log. */
const ERROR_EXCERPT_CHARS = 300

export interface PostOptions {
  timeoutMs: number
  allowPrivate: boolean
  /** Aborts the request (the worker is stopping). */
  signal?: AbortSignal | undefined
}

export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string }

/**
 * POSTs one delivery and says how it went: a 2xx answer within the timeout is a success; any other
 * status (redirects are not followed), a refused destination, a network error or a timeout is a
 * failure with a short reason for the log. At most MAX_RESPONSE_BYTES of the answer are read.
 */
export function postDelivery(target: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let url: URL
    try {
      url = new URL(target)
      if (!options.allowPrivate) refuseLiteralNonPublic(url)
    } catch (error) {
      resolve({ ok: false, status: null, error: (error as Error).message })
      return
    }
    const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]
    const signal = AbortSignal.any(signals)
    const transport = url.protocol === 'https:' ? https : http
    let settled = false
    const settle = (outcome: PostOutcome) => {
      if (settled) return
      settled = true
      resolve(outcome)
    }
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'TruceAtlas-Webhooks/1' },
        signal,
        ...(options.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (response) => {
        const status = response.statusCode ?? 0
        const chunks: Buffer[] = []
        let received = 0
        const finish = () => {
          const ok = status >= 200 && status < 300
          const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, ERROR_EXCERPT_CHARS).trim()
          settle(ok ? { ok, status } : { ok: false, status, error: `answered ${status}${excerpt ? `: ${excerpt}` : ''}` })
        }
        response.on('data', (chunk: Buffer) => {
          received += chunk.length
          if (received <= MAX_RESPONSE_BYTES) chunks.push(chunk)
          else {
            // Enough was read; the status decides.
            finish()
            response.destroy()
          }
        })
        response.on('end', finish)
        response.on('error', () => finish())
        response.on('aborted', () => finish())
      },
    )
    request.on('error', (error: Error & { code?: string }) => {
      const reason = signal.aborted && !options.signal?.aborted ? `no answer within ${options.timeoutMs} ms` : options.signal?.aborted ? 'stopped: the worker is shutting down' : error.message || error.code || 'network error'
      settle({ ok: false, status: null, error: reason })
    })
    request.end(body)
  })
}
