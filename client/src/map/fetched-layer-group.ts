import L from 'leaflet'
import { ensureBasemapPanes } from './panes.ts'

/**
 * A layer group drawn from a file fetched once, under the zones (the offline basemap, the
 * governorates). preload() starts fetching and drawing before the map has a view (Leaflet adds a
 * layer to a map only then), so the work is done while the page waits for the zones. Once drawn on
 * a map it fires 'load' and marks the map container (`data-<marker>="ready"`, or "failed" with an
 * 'error' event), for styles and tests.
 */
export abstract class FetchedLayerGroup extends L.LayerGroup {
  #loaded: Promise<void> | null = null
  #built: Promise<void> | null = null

  /** The container attribute's name after `data-`, and what the layer is, for messages. */
  protected abstract readonly marker: string
  protected abstract readonly title: string

  /** Fetches the file and adds what it draws to the group. */
  protected abstract draw(): Promise<void>

  override onAdd(map: L.Map): this {
    ensureBasemapPanes(map)
    super.onAdd(map)
    this.#loaded ??= this.#build().then(
      () => {
        map.getContainer().setAttribute(`data-${this.marker}`, 'ready')
        this.fire('load')
      },
      (error: unknown) => {
        map.getContainer().setAttribute(`data-${this.marker}`, 'failed')
        this.fire('error', { error })
        console.error(`${this.title} could not be drawn:`, error)
        throw error
      },
    )
    this.#loaded.catch(() => undefined) // reported above; whenLoaded() still rejects for its callers
    return this
  }

  /** Resolves when the layer is drawn. */
  whenLoaded(): Promise<void> {
    return this.#loaded ?? Promise.reject(new Error(`${this.title}: add the layer to a map before waiting for it`))
  }

  preload(): this {
    this.#build().catch(() => undefined) // reported once the layer is added
    return this
  }

  #build(): Promise<void> {
    this.#built ??= this.draw()
    return this.#built
  }
}
