import L from 'leaflet'
import { setTestHook, type TestHook } from '../test-hooks.ts'
import { ensureBasemapPanes } from './panes.ts'

/**
 * A layer group drawn from a file fetched once, under the zones (the offline basemap, the
 * governorates). preload() starts fetching and drawing before the map has a view (Leaflet adds a
 * layer to a map only then), so the work is done while the page waits for the zones. Once drawn on
 * a map it fires 'load' (or 'error'), and tells tests through a test hook ("ready" or "failed").
 */
export abstract class FetchedLayerGroup extends L.LayerGroup {
  #loaded: Promise<void> | null = null
  #built: Promise<void> | null = null

  /** The test hook that says it is drawn, and what the layer is, for messages. */
  protected abstract readonly marker: TestHook & ('basemap' | 'governorates')
  protected abstract readonly title: string

  /** Fetches the file and adds what it draws to the group. */
  protected abstract draw(): Promise<void>

  override onAdd(map: L.Map): this {
    ensureBasemapPanes(map)
    super.onAdd(map)
    this.#loaded ??= this.#build().then(
      () => {
        setTestHook(map.getContainer(), this.marker, 'ready')
        this.fire('load')
      },
      (error: unknown) => {
        setTestHook(map.getContainer(), this.marker, 'failed')
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
