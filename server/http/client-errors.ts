import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { Problem, PROBLEM_CONTENT_TYPE } from './problem.ts'
import { BARE_RESPONSE_HEADERS } from './security-headers.ts'

/** What went wrong, by Node's parser error code, in words that say what to do. */
const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request took too long to arrive: send it again.' },
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The address and headers are too large (over 16 KB): shorten the query or drop unneeded headers.' },
}
const MALFORMED = { status: 400, detail: 'The request is not valid HTTP/1.1: check the client or proxy that sent it.' }

/**
 * Answers requests Node's HTTP parser refuses before Fastify sees them (Fastify's
 * clientErrorHandler): as problem+json with the security headers, like every other answer.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A connection reset leaves nothing to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const { status, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED
  this.log.debug({ err: error }, 'request refused by the HTTP parser')
  if (socket.writable) {
    const body = JSON.stringify(new Problem(status, detail).toBody())
    const headers = { ...BARE_RESPONSE_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`)
  }
  socket.destroy(error)
}
