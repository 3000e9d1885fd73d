import type { preValidationHookHandler } from 'fastify'

/**
 * A preValidation hook that turns `status=proposed,agreed` into ['proposed', 'agreed'] for the named
 * query parameters, so their JSON Schema can check each value. A repeated parameter
 * (`status=a&status=b`) is accepted too.
 */
export function splitCommaLists(names: readonly string[]): preValidationHookHandler {
  return async function commaLists(request) {
    const query = request.query as Record<string, unknown>
    for (const name of names) {
      const value = query[name]
      if (value === undefined) continue
      const values = (Array.isArray(value) ? value : [value]).flatMap((item) => String(item).split(','))
      query[name] = values.map((item) => item.trim())
    }
  }
}
