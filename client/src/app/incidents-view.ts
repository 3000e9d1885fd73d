import type { Api } from '../api.ts'
import { todayIso } from '../dates.ts'
import type { DayWindow } from '../incidents/incident-types.ts'
import { windowEnding } from '../incidents/incident-window.ts'
import type { AtlasMap } from '../map/create-map.ts'
import { IncidentsLayer } from '../map/incidents-layer.ts'
import { t } from '../i18n/index.ts'
import type { PageState, Store } from '../state.ts'
import { setTestHook } from '../test-hooks.ts'

export interface IncidentsViewParts {
  store: Store<PageState>
  api: Api
  atlas: AtlasMap
}

/** The layer control's name of the incidents overlay. */
export const INCIDENTS_OVERLAY = t('incidents.overlay')

/**
 * The incidents on the map: an overlay of the layer control, off unless the link says `incidents=on`,
 * whose window follows the map's date (the second date in compare mode). Switching it on or off
 * is kept in the link, and the legend explains it while it is on.
 */
export class IncidentsView {
  readonly #parts: IncidentsViewParts
  readonly layer: IncidentsLayer

  constructor(parts: IncidentsViewParts) {
    this.#parts = parts
    const { store, api, atlas } = parts
    this.layer = new IncidentsLayer({ load: (window, signal) => api.incidents(window, signal) }).setWindow(windowOf(store.state))
    atlas.layers.addOverlay(this.layer, INCIDENTS_OVERLAY)
    const container = atlas.map.getContainer()
    this.layer.on('add', () => this.#switched(true))
    this.layer.on('remove', () => {
      this.#switched(false)
      setTestHook(container, 'incidents', null)
    })
    this.layer.on('incidentsload', (event) => {
      const { window, count } = event as unknown as { window: DayWindow; count: number }
      setTestHook(container, 'incidents', `${window.from}/${window.to}:${count}`)
    })
    this.layer.on('incidentserror', () => setTestHook(container, 'incidents', 'failed'))
    store.subscribe((state, changed) => {
      if (changed.has('date') || changed.has('compare')) this.layer.setWindow(windowOf(state))
      if (changed.has('incidents')) this.#follow(state.incidents)
    })
  }

  /** Puts the layer on the map if the link asks for it (once the zones are painted: they come first). */
  start(): void {
    this.#follow(this.#parts.store.state.incidents)
  }

  /** The layer as the state says (a link followed back or forward). */
  #follow(shown: boolean): void {
    const { map } = this.#parts.atlas
    if (shown && !map.hasLayer(this.layer)) this.layer.addTo(map)
    if (!shown && map.hasLayer(this.layer)) this.layer.remove()
  }

  #switched(shown: boolean): void {
    this.#parts.atlas.legend.setIncidents(shown)
    this.#parts.store.set({ incidents: shown })
  }
}

/** The window of the map's date: the second one compared, the date shown, or today. */
function windowOf(state: PageState): DayWindow {
  return windowEnding(state.compare?.to ?? state.date ?? todayIso())
}
