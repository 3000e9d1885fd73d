import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlib, gzip } from 'node:zlib'
import { negotiate } from '@fastify/accept-negotiator'

export type Encoding = 'br' | 'gzip'
const ENCODINGS: Encoding[] = ['br', 'gzip']

/** Smaller bodies are sent as they are, as @fastify/compress does. */
export const COMPRESSION_THRESHOLD_BYTES = 1024

const brotli = (quality: number) => (body: Buffer) =>
  promisify(brotliCompress)(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
const gzipAt = (level: number) => (body: Buffer) => promisify(gzip)(body, { level })

/**
 * Each encoding of a kept answer is made twice, off the event loop: quickly for the first reader
 * who asks for it (the levels of answers made for one reader), then thoroughly for every reader
 * after, once done. Brotli 5 takes about half a second for a page of 1,000 zones: the second reader
 * of a page should not wait longer than the first.
 */
const quickly: Record<Encoding, (body: Buffer) => Promise<Buffer>> = { br: brotli(1), gzip: gzipAt(1) }
const thoroughly: Record<Encoding, (body: Buffer) => Promise<Buffer>> = { br: brotli(5), gzip: gzipAt(6) }

/**
 * A whole answer as the route gave it, for one data version: its headers, its body, and each
 * encoding of the body once a reader has asked for it.
 */
export interface CachedAnswer {
  readonly version: number
  /** The headers the route set (no Content-Length, Content-Encoding or Set-Cookie). */
  readonly headers: Record<string, string>
  readonly etag: string
  readonly body: Buffer
  readonly compressible: boolean
  readonly encoded: Map<Encoding, Promise<Buffer>>
}

export function cachedAnswer(version: number, headers: Record<string, string>, body: Buffer): CachedAnswer {
  // A body that streamed out had no ETag; a hash of it lets the next readers revalidate.
  const etag = headers['etag'] ?? `"${createHash('sha1').update(body).digest('base64')}"`
  const compressible = body.length >= COMPRESSION_THRESHOLD_BYTES && isCompressibleType(headers['content-type'] ?? '')
  return { version, headers: { ...headers, etag }, etag, body, compressible, encoded: new Map() }
}

/**
 * The body in an encoding: compressed quickly the first time it is asked for, then replaced by a
 * thorough compression when that is done; shared by every reader.
 */
export function encodedBody(answer: CachedAnswer, encoding: Encoding): Promise<Buffer> {
  let encoded = answer.encoded.get(encoding)
  if (!encoded) {
    const quick = quickly[encoding](answer.body)
    encoded = quick
    answer.encoded.set(encoding, quick)
    quick
      .then(() => thoroughly[encoding](answer.body))
      .then(
        (thorough) => answer.encoded.set(encoding, Promise.resolve(thorough)),
        () => undefined, // the quick one stays
      )
  }
  return encoded
}

/** Bytes held for an answer: its body and the encodings made so far. */
export async function heldBytes(answer: CachedAnswer): Promise<number> {
  const encodings = await Promise.all(answer.encoded.values())
  return answer.body.length + encodings.reduce((total, body) => total + body.length, 0)
}

/** The encoding to send, as @fastify/compress negotiates it (`*` and x-gzip count as gzip); null for none. */
export function chosenEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null
  const chosen = negotiate(acceptEncoding.toLowerCase().replace(/\*|x-gzip/g, 'gzip'), ENCODINGS)
  return chosen === 'br' || chosen === 'gzip' ? chosen : null
}

/** Text, JSON and XML of any kind (GeoJSON, KML, CSV, HTML, Atom) shrink; vector tiles are left as they are, as @fastify/compress leaves them. */
function isCompressibleType(contentType: string): boolean {
  return /^text\/(?!event-stream)|[+/](json|text|xml)$/.test(contentType.split(';', 1)[0]!.trim().toLowerCase())
}
