import type { FastifySchemaValidationError } from 'fastify/types/schema.js'
import type { ProblemLocation } from './problem.ts'

const LOCATIONS: Record<string, string> = { querystring: 'query', params: 'path', body: 'body', headers: 'header' }

const FORMATS: Record<string, string> = {
  date: 'a calendar date as YYYY-MM-DD (from year 0001: there was no year 0000)',
  'date-time': 'a date and time as RFC 3339',
  uri: 'an absolute URL',
  email: 'an e-mail address',
}

/** Turns Ajv's (and TypeBox's Value.Errors') errors into `{where, message}` pairs a person can act on. */
export function describeValidationErrors(
  errors: readonly FastifySchemaValidationError[],
  context: string,
  knownProperties: readonly string[] = [],
): ProblemLocation[] {
  const location = LOCATIONS[context] ?? context
  return withoutUnionNoise(errors).flatMap((error): ProblemLocation | ProblemLocation[] => {
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment.replace(/~1/g, '/').replace(/~0/g, '~')}`))
      .join('')
    const where = `${location}${path}`
    const params = error.params as Record<string, unknown>
    const data = (error as { data?: unknown }).data
    const shown = typeof data === 'string' ? JSON.stringify(data.length > 60 ? `${data.slice(0, 60)}…` : data) : typeof data === 'object' ? '' : String(data)
    switch (error.keyword) {
      case 'additionalProperties': {
        const name = String(params['additionalProperty'])
        const known = knownProperties.length > 0 ? `; known: ${knownProperties.join(', ')}` : ''
        return { where: `${where}.${name}`, message: `unknown ${location === 'query' ? 'parameter' : 'property'}${known}` }
      }
      case 'required': {
        // Ajv names one missing property per error; TypeBox lists them all in one.
        const missing = params['missingProperty'] === undefined ? ((params['requiredProperties'] as unknown[] | undefined) ?? []) : [params['missingProperty']]
        return missing.map((name) => ({ where: `${where}.${String(name)}`, message: 'is required' }))
      }
      case 'enum':
        return { where, message: `${shown} is not one of ${(params['allowedValues'] as unknown[]).join(', ')}` }
      case 'format':
        return { where, message: `${shown} is not ${FORMATS[String(params['format'])] ?? `a valid ${String(params['format'])}`}` }
      case 'pattern': {
        const described = (error as { parentSchema?: { description?: string } }).parentSchema?.description
        return { where, message: `${shown} is not ${described ?? `of the form ${String(params['pattern'])}`}` }
      }
      case 'minItems':
      case 'maxItems': {
        // A query parameter's list is written with commas; a body's is a JSON array of items.
        const limit = Number(params['limit'])
        const unit = location === 'query' ? `value${limit === 1 ? '' : 's'}, separated by commas` : `item${limit === 1 ? '' : 's'}`
        return { where, message: `must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${limit} ${unit}` }
      }
      default:
        return { where, message: `${error.message ?? 'is not valid'}${shown === '' || data === undefined ? '' : ` (got ${shown})`}` }
    }
  })
}

/**
 * A value that fits no branch of a union (a name or null) fails each branch and the union itself:
 * of those, the reader needs only the branch that says what a value must be. So the union's own
 * error and a "must be null" are dropped where another error names the same place.
 */
function withoutUnionNoise(errors: readonly FastifySchemaValidationError[]): FastifySchemaValidationError[] {
  const places = new Map<string, number>()
  for (const error of errors) places.set(error.instancePath, (places.get(error.instancePath) ?? 0) + 1)
  const noise = (error: FastifySchemaValidationError) =>
    error.keyword === 'anyOf' || (error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null')
  return errors.filter((error) => !(noise(error) && places.get(error.instancePath)! > 1 && errors.some((other) => other !== error && other.instancePath === error.instancePath && !noise(other))))
}
