import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { BusyError, ConflictError, DomainError, InvalidEditError, NotFoundError, StaleVersionError, TransitionNotAllowedError } from '../domain/errors.ts'
import { versionedEtag } from './zone-etag.ts'
import { PROBLEM_CONTENT_TYPE, Problem } from './problem.ts'
import { describeValidationErrors } from './validation-errors.ts'
import { BARE_RESPONSE_HEADERS } from './security-headers.ts'

export const RETRY_AFTER_SECONDS = 5

/** The longest path segment routed (Fastify's maxParamLength): no id or slug is longer. */
export const MAX_PATH_SEGMENT_LENGTH = 200
const SEGMENT_TOO_LONG = `A part of the address is too long (more than ${MAX_PATH_SEGMENT_LENGTH} characters): no id or slug is that long.`

/**
 * The one error policy: every error leaves as application/problem+json. Client errors say what was
 * wrong and where; server errors are logged in full and answered without internals.
 */
export interface ErrorHandlerOptions {
  /** Whether an error means the database cannot be reached now (answered 503 with Retry-After). */
  isDatabaseUnavailable(error: unknown): boolean
}

export const errorHandler = fp(async function errorHandler(app: FastifyInstance, { isDatabaseUnavailable }: ErrorHandlerOptions) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request.routeOptions.schema, isDatabaseUnavailable)
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.info({ status: problem.status, detail: problem.detail }, 'request refused')
    void reply.code(problem.status).headers(problem.headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.toBody()))
  })

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!
    // The router answers an over-long segment with 414 unless a wildcard (the map client's) took the
    // path instead; the answer must not depend on whether the client is built.
    const problem = path.split('/').some((segment) => segment.length > MAX_PATH_SEGMENT_LENGTH)
      ? new Problem(414, SEGMENT_TOO_LONG)
      : new Problem(404, `There is nothing at ${request.method} ${path}. See /openapi.json for what this service offers.`)
    void reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.toBody()))
  })
})

/** Each domain error's HTTP status. */
const DOMAIN_STATUS: ReadonlyArray<[new (...args: never[]) => DomainError, number]> = [
  [NotFoundError, 404],
  [StaleVersionError, 412],
  [TransitionNotAllowedError, 409],
  [ConflictError, 409],
  [InvalidEditError, 422],
  [BusyError, 503],
]

/**
 * Faults Fastify finds before routing (an address that is not valid, a path segment longer than
 * maxParamLength): answered as problem+json like every other error, not Fastify's own JSON.
 * Pass as the `frameworkErrors` option of Fastify.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : error.code === 'FST_ERR_BAD_URL' ? 400 : 500
  const detail =
    status === 414
      ? SEGMENT_TOO_LONG
      : status === 400
        ? 'The address is not a valid URL: check its percent-encoding.'
        : 'Something went wrong on our side. It has been logged; try again later.'
  if (status >= 500) request.log.error({ err: error }, 'request failed before routing')
  // Before routing no hook has run: the security headers are set here.
  void reply.code(status).headers(BARE_RESPONSE_HEADERS).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(new Problem(status, detail).toBody()))
}

function domainProblem(error: DomainError): Problem {
  const status = DOMAIN_STATUS.find(([type]) => error instanceof type)?.[1] ?? 400
  const extensions: Record<string, unknown> =
    error instanceof StaleVersionError ? { current_version: error.currentVersion, current_etag: versionedEtag(error.entity, error.zoneId, error.currentVersion) } : {}
  if (error instanceof TransitionNotAllowedError) extensions['allowed'] = error.allowed
  const headers: Record<string, string> = error instanceof BusyError ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}
  return new Problem(status, error.message, error.errors, extensions, headers)
}

function toProblem(error: FastifyError, schema: { querystring?: unknown; body?: unknown } | undefined, isDatabaseUnavailable: ErrorHandlerOptions['isDatabaseUnavailable']): Problem {
  if (error instanceof Problem) return error
  if (error instanceof DomainError) return domainProblem(error)
  if (error.validation) {
    const context = error.validationContext ?? 'request'
    const known = knownProperties(context === 'querystring' ? schema?.querystring : context === 'body' ? schema?.body : undefined)
    const errors = describeValidationErrors(error.validation, context, known)
    return new Problem(400, errors.map((item) => `${item.where}: ${item.message}`).join('; '), errors)
  }
  if (isDatabaseUnavailable(error)) {
    return new Problem(503, 'The database is not reachable just now. Try again in a few seconds.', [], {}, { 'retry-after': String(RETRY_AFTER_SECONDS) })
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return new Problem(status, error.message)
  return new Problem(status >= 500 && status < 600 ? status : 500, 'Something went wrong on our side. It has been logged; try again later.')
}

function knownProperties(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties
  return properties ? Object.keys(properties) : []
}
