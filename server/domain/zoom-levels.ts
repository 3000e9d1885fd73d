/**
 * The map's zoom levels, shared by the server and the client. The zones' outlines are kept at a few
 * levels of detail (migration 009): `geom_z4`, `geom_z8` and `geom_z12` are `geom` simplified to one
 * pixel of a 256-pixel tile at zoom 4, 8 and 12, so a map at zoom `z` is drawn from the coarsest
 * level made for zoom `z` or finer, and the client asks again for finer outlines as it zooms in.
 */
export const GENERALIZED_ZOOMS = [4, 8, 12] as const

/** The highest zoom a map may ask for. */
export const MAX_ZOOM = 22
