/**
 * The zones' outlines at a few levels of detail (migration 009): `geom_z4`, `geom_z8` and `geom_z12`
 * are `geom` simplified to one pixel of a 256-pixel tile at zoom 4, 8 and 12, kept up to date by the
 * database on every write. A map at zoom `z` is drawn from the coarsest level made for zoom `z` or
 * finer, so no line is more than about a pixel off, with a fraction of the vertices.
 *
 *   geometryColumnForZoom(6)  // 'z.geom_z8'
 *   geometryColumnForZoom(14) // 'z.geom' (full detail)
 */
export const GENERALIZED_ZOOMS = [4, 8, 12] as const

/** The highest zoom a map may ask for. */
export const MAX_ZOOM = 22

/** The geometry column (of a zone aliased `z`) to draw a map at `zoom` from. */
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
