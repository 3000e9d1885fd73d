import type { Geometry } from 'geojson'
import type { Kind } from '../domain/kinds.ts'
import { InvalidEditError } from '../domain/errors.ts'
import { checkGeometryOffThread } from './geometry-pool.ts'

/** Checks a geometry from a body for the zone's kind, off the event loop; a 422 lists every issue with its coordinate path. */
export async function checkedGeometry(geometry: unknown, kind: Kind, where: string): Promise<Geometry | null> {
  if (geometry === null) return null
  const verdict = await checkGeometryOffThread(geometry, kind)
  if (verdict.valid) return verdict.geometry
  const errors = verdict.issues.map((issue) => ({ where: issue.path ? `${where}.${issue.path}` : where, message: issue.message }))
  throw new InvalidEditError(`The geometry is not valid: ${errors.map((error) => `${error.where}: ${error.message}`).join('; ')}`, errors)
}
