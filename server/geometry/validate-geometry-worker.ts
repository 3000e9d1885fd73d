import type { Kind } from '../domain/kinds.ts'
import { type GeometryVerdict, validateGeometry } from './validate-geometry.ts'

/** One geometry check, run in a worker thread of the geometry pool (see geometry-pool.ts). */
export interface GeometryTask {
  geometry: unknown
  kind: Kind
}

export default function checkGeometryTask({ geometry, kind }: GeometryTask): GeometryVerdict {
  return validateGeometry(geometry, { kind })
}
