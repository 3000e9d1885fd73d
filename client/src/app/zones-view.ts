import type { Api } from '../api.ts'
import { t } from '../i18n/index.ts'
import type { AtlasMap } from '../map/create-map.ts'
import { ExportLinks } from '../panel/export-links.ts'
import { ZoneFilters } from '../panel/zone-filters.ts'
import { ZoneList } from '../panel/zone-list.ts'
import type { AppState, Store } from '../state.ts'
import type { ZoneData } from '../zone-data.ts'
import { countByKind, countByStatus, filterZones, sortZones, sponsoringParties } from '../zone-query.ts'

export interface ZonesViewParts {
  store: Store
  api: Api
  data: ZoneData
  atlas: AtlasMap
  /** The button that opens the panel on a phone: it counts the zones listed. */
  panelToggle: HTMLButtonElement
  /** A zone chosen in the list. */
  onSelect: (slug: string) => void
  onHover: (slug: string | null) => void
}

/**
 * The zones of the shown date as the filters and the sort ask: drawn on the map, listed in the
 * panel with the filters and export links over them, and counted in the legend.
 */
export class ZonesView {
  readonly list: ZoneList
  /** What the panel shows when no card is open. */
  readonly listView: HTMLElement[]
  readonly #parts: ZonesViewParts
  readonly #filters: ZoneFilters
  readonly #exports: ExportLinks

  constructor(parts: ZonesViewParts) {
    this.#parts = parts
    const { store, api, data } = parts
    this.#filters = new ZoneFilters({ onChange: (patch) => store.set(patch) })
    this.#exports = new ExportLinks({ urlOf: (query, format) => api.exportUrl(query, format) })
    this.list = new ZoneList({ onSelect: parts.onSelect, onHover: parts.onHover, precisionOf: data.precisionOf })
    this.listView = [this.#filters.element, this.#exports.element, this.list.element]
  }

  /** Draws the shown zones as `state` filters and sorts them. */
  render(state: AppState): void {
    const { store, data, atlas, panelToggle } = this.#parts
    const zones = store.state.shownZones
    const visible = sortZones(filterZones(zones, state), state.sort)
    atlas.zones.show(visible.map((zone) => zone.properties.slug))
    atlas.zones.select(state.zone)
    this.list.render(visible, zones.length, state.zone)
    this.#filters.update(state, {
      statusCounts: countByStatus(filterZones(zones, state, 'statuses')),
      kindCounts: countByKind(filterZones(zones, state, 'kinds')),
      sponsors: sponsoringParties(data.latest),
    })
    // The legend counts what is on the map: zones without a published location are only listed.
    const onMap = visible.filter((zone) => zone.geometry)
    atlas.legend.setCounts({ statuses: countByStatus(onMap), kinds: countByKind(onMap) })
    this.#exports.update(state)
    panelToggle.textContent = t('page.panelToggleCount', { count: visible.length })
  }

  hover(slug: string | null): void {
    this.#parts.atlas.zones.highlight(slug)
    this.list.highlight(slug)
  }
}
