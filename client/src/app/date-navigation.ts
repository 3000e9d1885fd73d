import type { Api } from '../api.ts'
import type { ZoneCollection } from '../api-types.ts'
import { TimeSlider } from '../controls/time-slider.ts'
import { todayIso } from '../dates.ts'
import type { AtlasMap } from '../map/create-map.ts'
import { OutlineRefiner } from '../map/outline-refiner.ts'
import type { Store } from '../state.ts'
import { setTestHook } from '../test-hooks.ts'
import { marksFromHistories, sliderStart } from '../timeline-marks.ts'
import { OVERVIEW_ZOOM, type ZoneData } from '../zone-data.ts'
import { clearLoadError, showLoadError } from './load-error.ts'

export interface DateNavigationParts {
  store: Store
  data: ZoneData
  atlas: AtlasMap
  /** Under the map: the time slider, and what says a date could not be loaded. */
  timebar: HTMLElement
}

/**
 * Moving through time: the zones of the date the link asks for are fetched and drawn, and become
 * the shown ones in the store (shownDate, shownZones). While they load the map is busy; if they
 * cannot be loaded, the map keeps the date before, the link and the slider go back to it, and the
 * time bar says so with a button to try again.
 */
export class DateNavigation {
  readonly #parts: DateNavigationParts

  constructor(parts: DateNavigationParts) {
    this.#parts = parts
  }

  /** Whether the zones of `date` are the ones drawn. */
  isShown(date: string | null): boolean {
    return this.#parts.store.state.shownDate === date
  }

  /**
   * Fetches and draws the zones of `date`. Resolves true once they are drawn; false when they could
   * not be loaded (the time bar says so) or another date was chosen meanwhile.
   */
  async show(date: string | null): Promise<boolean> {
    const { store, data, atlas, timebar } = this.#parts
    const container = atlas.map.getContainer()
    container.setAttribute('aria-busy', 'true')
    let collection: ZoneCollection
    try {
      // The latest zones too, whole: the filters, the card and the time slider read them.
      ;[collection] = await Promise.all([data.zonesOn(date), data.zonesOn(null)])
    } catch (error) {
      if (store.state.date !== date) return false // a later date was chosen meanwhile
      // The map still shows the date before: the header, the slider and the link say so too.
      const still = store.state.shownDate ?? null
      showLoadError(timebar, error, { shown: still, retry: () => store.set({ date }) })
      store.set({ date: still })
      return false
    } finally {
      container.removeAttribute('aria-busy')
    }
    if (store.state.date !== date) return false // a later date was chosen meanwhile
    clearLoadError(timebar)
    atlas.zones.setZones(collection.features)
    store.set({ shownDate: date, shownZones: collection.features })
    setTestHook(container, 'date', date ?? 'latest')
    return true
  }

  /**
   * The time slider, from the first change recorded to today, once the histories give the dates of
   * every change; it follows the store's date, and sets it when moved.
   */
  startSlider(): TimeSlider {
    const { store, data, timebar } = this.#parts
    const marks = marksFromHistories(data.latest, data.loaded)
    const end = todayIso()
    const slider = new TimeSlider({ start: sliderStart(marks, end), end, value: store.state.date, onChange: (date) => store.set({ date }) })
    slider.setMarks(marks)
    store.subscribe((state, changed) => {
      if (changed.has('date')) slider.setValue(state.date)
    })
    // In place of what said the timeline was loading; the time bar's tools (compare, record) stay.
    for (const child of Array.from(timebar.children)) if (!child.classList.contains('ta-timebar-tools')) child.remove()
    timebar.prepend(slider.element)
    return slider
  }

  /**
   * A large collection's outlines, loaded for the overview, get finer for the zones in view as the
   * map zooms in, for the date shown. A change of date resets the refiner, which drops what was
   * still on its way for the last one.
   */
  followZoomWithOutlines(api: Api): OutlineRefiner {
    const { store, data, atlas } = this.#parts
    const shownDate = () => store.state.shownDate ?? null
    const refiner = new OutlineRefiner(atlas.map, {
      loadedZoom: OVERVIEW_ZOOM,
      fetchOutlines: async (bbox, zoom, signal) => {
        const collection = await api.zones({ bbox, zoom, asOf: shownDate(), recordedAsOf: data.recordedAsOf, limit: 'all', properties: ['slug'] }, signal)
        return collection.features.map((zone) => ({ slug: zone.properties.slug, geometry: zone.geometry }))
      },
      onOutlines: (outlines) => void data.refineOutlines(shownDate(), outlines).then((slugs) => atlas.zones.redraw(slugs)),
    }).start()
    store.subscribe((state, changed) => {
      if (changed.has('shownDate') && state.shownDate !== undefined) refiner.reset()
    })
    return refiner
  }
}
