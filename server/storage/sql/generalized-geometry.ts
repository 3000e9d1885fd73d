import { GENERALIZED_ZOOMS } from '../../domain/zoom-levels.ts'

/**
 * Which outline to draw a map at a zoom from (see domain/zoom-levels.ts): the generalized columns
 * are kept up to date by the database on every write, and no line drawn from them is more than
 * about a pixel off, with a fraction of the vertices.
 *
 *   geometryColumnForZoom(6)  // 'z.geom_z8'
 *   geometryColumnForZoom(14) // 'z.geom' (full detail)
 */
export function geometryColumnForZoom(zoom: number | undefined): string {
  if (zoom === undefined) return 'z.geom'
  const level = GENERALIZED_ZOOMS.find((candidate) => candidate >= zoom)
  return level === undefined ? 'z.geom' : `z.geom_z${level}`
}

/** Decimals of a degree that still tell apart two pixels at `zoom` (2 at zoom 4, 4 at zoom 12). */
export function precisionForZoom(zoom: number): number {
  const pixelDegrees = 360 / (256 * 2 ** zoom)
  return Math.min(15, Math.max(0, Math.ceil(-Math.log10(pixelDegrees))))
}
