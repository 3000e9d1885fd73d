import type { Geometry, Position } from 'geojson'
import type { ProblemLocation } from '../api-types.ts'

/**
 * Reading the `where` of the API's validation errors: which form field a problem belongs to, and
 * which vertex of the geometry that was sent (`body.geometry.coordinates[0][3]` is the fourth
 * position of the outer ring of a polygon).
 */

/** The steps of a path: `a.b[0][3]` -> ['a', 'b', 0, 3]. */
export function pathSteps(where: string): (string | number)[] {
  const steps: (string | number)[] = []
  for (const match of where.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) steps.push(Number(match[2]))
    else if (match[1] !== undefined) steps.push(match[1])
  }
  return steps
}

/**
 * The form field a problem is about: `body.name` -> 'name', `body.properties.kind` -> 'kind',
 * `body.geometry.coordinates[0][1]` -> 'geometry', `body.parties[2].role` -> 'parties'; null for
 * problems about the request as a whole (headers, the body itself).
 */
export function fieldOf(where: string): string | null {
  const rest = stepsInBody(where)
  return rest && typeof rest[0] === 'string' ? rest[0] : null
}

/**
 * The named steps to the field a problem is about, joined with dots, for fields inside an object
 * of the body: `body.boundary.effective_date` -> 'boundary.effective_date' (list indexes are left
 * out: `body.parties[2].role` -> 'parties.role'); null as for fieldOf.
 */
export function fieldPathOf(where: string): string | null {
  const rest = stepsInBody(where)
  if (!rest || typeof rest[0] !== 'string') return null
  return rest.filter((step): step is string => typeof step === 'string').join('.')
}

function stepsInBody(where: string): (string | number)[] | null {
  const steps = pathSteps(where)
  let rest: (string | number)[]
  if (steps[0] === 'body') rest = steps.slice(1)
  else if (steps[0] === 'features' && typeof steps[1] === 'number') rest = steps.slice(2) // an import: features[i].<field>
  else return null
  return rest[0] === 'properties' ? rest.slice(1) : rest
}

/**
 * The position a geometry problem points at, in the geometry that was sent. A path to a ring or a
 * line (not to one position) gives its first position; a path that does not lead to coordinates
 * (`body.geometry.type`) gives null.
 */
export function positionAt(geometry: Geometry | null, where: string): Position | null {
  if (!geometry) return null
  const steps = pathSteps(where)
  const start = steps.indexOf('geometry')
  if (start < 0) return null
  let value: unknown = geometry
  for (const step of steps.slice(start + 1)) {
    if (value === null || typeof value !== 'object') return null
    value = (value as Record<string | number, unknown>)[step]
  }
  // Down to the first position of whatever the path names.
  while (Array.isArray(value) && Array.isArray(value[0])) value = value[0]
  return isPosition(value) ? value : null
}

/** The vertex problems among `errors`, with the position of each (problems elsewhere are left out). */
export function vertexProblems(geometry: Geometry | null, errors: readonly ProblemLocation[]): { position: Position; message: string; where: string }[] {
  return errors.flatMap((error) => {
    const position = fieldOf(error.where) === 'geometry' ? positionAt(geometry, error.where) : null
    return position ? [{ position, message: error.message, where: error.where }] : []
  })
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.every((part) => typeof part === 'number' && Number.isFinite(part))
}
