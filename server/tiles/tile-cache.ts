/**
 * The vector tiles made lately, by data version and address, up to a budget of bytes; the least
 * recently used go first. A tile of a given data version never changes, so a hit needs no check; a
 * write bumps the version, and the tiles of older versions are simply never asked for again. Tiles
 * being made are shared: sixteen requests for the same tile at once run one query.
 *
 *   const cache = tileCache(32 * 1024 * 1024)
 *   const bytes = await cache.get(`${version}/${z}/${x}/${y}`, () => repository.tile({ z, x, y }))
 */
export interface TileCache {
  get(key: string, make: () => Promise<Uint8Array>): Promise<Uint8Array>
  /** The tile if it is held (counted as a use), without making it. */
  peek(key: string): Uint8Array | undefined
  /** Bytes held, for tests and logs. */
  size(): number
}

export function tileCache(maxBytes: number): TileCache {
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest first.
  const tiles = new Map<string, Uint8Array>()
  const pending = new Map<string, Promise<Uint8Array>>()
  let bytes = 0

  function keep(key: string, tile: Uint8Array): void {
    if (tile.byteLength > maxBytes / 4) return
    tiles.set(key, tile)
    bytes += tile.byteLength
    for (const [oldest, old] of tiles) {
      if (bytes <= maxBytes) break
      tiles.delete(oldest)
      bytes -= old.byteLength
    }
  }

  function held(key: string): Uint8Array | undefined {
    const hit = tiles.get(key)
    if (hit) {
      tiles.delete(key)
      tiles.set(key, hit)
    }
    return hit
  }

  return {
    peek: held,
    async get(key, make) {
      const hit = held(key)
      if (hit) return hit
      const waiting = pending.get(key)
      if (waiting) return waiting
      const made = make().then(
        (tile) => {
          pending.delete(key)
          keep(key, tile)
          return tile
        },
        (error: unknown) => {
          pending.delete(key)
          throw error
        },
      )
      pending.set(key, made)
      return made
    },
    size: () => bytes,
  }
}
