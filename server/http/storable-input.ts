import { Readable } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import { Problem, type ProblemLocation } from './problem.ts'

const MAX_PROBLEMS = 10
/** The OGC API parses its CQL2 filters itself and reports a NUL at its column; it is left to do so. */
const CHECKS_ITS_OWN_TEXT = ['/ogc/']

interface Checks {
  /** Numbers came from Ajv's coercion of text (path, query), so Infinity can be among them. */
  coerced: boolean
  text: boolean
}

/**
 * Refuses, as a 400, input that passed its schema but cannot reach PostgreSQL, which would
 * otherwise fail the query with a 500:
 * - a NUL character (U+0000) in any string of the path, query or body: PostgreSQL text cannot hold
 *   one (the schemas' string patterns and lengths let it through);
 * - a number that is not finite in the path or query: Ajv's type coercion turns "1e309" into
 *   Infinity and then skips minimum and maximum, which only look at finite numbers.
 * Runs as a preHandler, after validation and before any route's own work.
 */
export async function refuseUnstorableInput(request: FastifyRequest): Promise<void> {
  const text = !CHECKS_ITS_OWN_TEXT.some((prefix) => request.url.startsWith(prefix))
  const problems: ProblemLocation[] = []
  inspect(request.params, 'path', problems, { coerced: true, text })
  inspect(request.query, 'query', problems, { coerced: true, text })
  // A body's numbers come from JSON, not from coercion: Ajv's type check refuses Infinity there.
  // A streamed body (a CSV file) is read, and its cells checked, by its route.
  if (text && !(request.body instanceof Readable)) inspect(request.body, 'body', problems, { coerced: false, text })
  if (problems.length > 0) throw new Problem(400, problems.map((problem) => `${problem.where}: ${problem.message}`).join('; '), problems)
}

function inspect(value: unknown, where: string, problems: ProblemLocation[], checks: Checks): void {
  const { coerced } = checks
  if (problems.length >= MAX_PROBLEMS) return
  if (typeof value === 'string') {
    if (checks.text && value.includes('\u0000')) problems.push({ where, message: 'contains a NUL character (\\u0000), which cannot be stored' })
  } else if (typeof value === 'number') {
    if (coerced && !Number.isFinite(value)) problems.push({ where, message: `must be a finite number, not ${value}` })
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      // Coordinates are numbers by the million: only strings and containers can hold a NUL.
      const item = value[index]
      if (typeof item === 'number' && (!coerced || Number.isFinite(item))) continue
      inspect(item, `${where}[${index}]`, problems, checks)
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      // Shapes are checked by validateGeometry, which answers 422 naming the coordinate at fault.
      if (name === 'geometry' && where.startsWith('body')) continue
      if (checks.text && name.includes('\u0000')) problems.push({ where: `${where}.${name}`, message: 'has a NUL character (\\u0000) in its name' })
      inspect(item, `${where}.${name}`, problems, checks)
    }
  }
}
