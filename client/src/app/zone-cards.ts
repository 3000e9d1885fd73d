import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import type { AtlasMap } from '../map/create-map.ts'
import type { SidePanel } from '../panel/side-panel.ts'
import { fillBoundaries, fillIncidents, fillTimeline, renderZoneCard, type TimelineAction } from '../panel/zone-card.ts'
import { todayIso } from '../dates.ts'
import type { ZoneList } from '../panel/zone-list.ts'
import type { AppState, Store } from '../state.ts'
import type { ZoneData } from '../zone-data.ts'
import { revealOnMap } from './map-fit.ts'

export interface ZoneCardsParts {
  store: Store
  data: ZoneData
  atlas: AtlasMap
  panel: SidePanel
  list: ZoneList
  /** Compare mode's list: a card closed there gives the focus back to its zone's change. */
  changes?: { focus(slug: string): boolean }
}

/**
 * The card of the selected zone in the panel: opened from the list (it then takes the focus and the
 * map brings the zone into view) or on the map (the panel opens), closed back to the list. An
 * editor's card has an editing section and timeline controls.
 */
export class ZoneCards {
  readonly #parts: ZoneCardsParts

  constructor(parts: ZoneCardsParts) {
    this.#parts = parts
  }

  /** Opens a zone's card (an empty slug closes the card). */
  select(slug: string, fromPanel: boolean): void {
    const { store, atlas, panel } = this.#parts
    if (!slug) {
      store.set({ zone: null })
      return
    }
    store.set({ focusCard: fromPanel, zone: slug })
    if (!fromPanel) panel.setOpen(true)
    if (fromPanel) revealOnMap(atlas, slug)
  }

  /** Back to the list, with the focus on the zone whose card it was. */
  close(): void {
    const { store, list } = this.#parts
    const slug = store.state.zone
    store.set({ zone: null })
    if (slug && !(store.state.compare && this.#parts.changes?.focus(slug))) list.focus(slug)
  }

  /** Shows the card `state` asks for, or the list; the timeline follows once the zone's history is in. */
  async render(state: AppState): Promise<void> {
    const { store, data, atlas, panel } = this.#parts
    const { editing } = store.state
    const slug = state.zone
    if (!slug) {
      editing?.release()
      panel.showList()
      return
    }
    const focus = store.state.focusCard
    store.set({ focusCard: false })
    let feature = store.state.shownZones.find((zone) => zone.properties.slug === slug)
    const notYetOnDate = !feature
    feature ??= data.latest.find((zone) => zone.properties.slug === slug)
    if (!feature) {
      editing?.release()
      panel.showCard(el('article', { class: 'ta-card' }, el('p', { class: 'ta-error', role: 'alert' }, t('page.noSuchZone', { slug }))), focus)
      return
    }
    // Editors edit the zone as it stands now, whatever the date the map shows.
    const editable = data.latest.find((zone) => zone.properties.slug === slug)
    const timelineAction: TimelineAction | undefined =
      editing && editable ? (entry, history) => store.state.editing?.timelineAction(editable, entry, history) ?? null : undefined
    // In compare mode the card shows the zone at the second date, as the map does.
    const date = state.compare?.to ?? state.date
    const onMap = atlas.map.hasLayer(atlas.compare) ? atlas.compare.has(slug) : atlas.zones.has(slug)
    const card = renderZoneCard(
      { feature, history: data.loaded.get(slug) ?? null, date, notYetOnDate, recorded: data.recordedAsOf },
      { onClose: () => this.close(), ...(onMap ? { onShowOnMap: () => revealOnMap(atlas, slug, true) } : {}), ...(timelineAction ? { timelineAction } : {}) },
    )
    const section = editing && editable ? editing.cardSection(editable) : null
    let shown = card
    if (section && !focus) shown = panel.refreshCard(card, section)
    else {
      if (section) card.append(section)
      panel.showCard(card, focus)
    }
    const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)))
    const boundaries = data.boundariesOf(slug).catch(asError)
    const incidentsDay = date ?? todayIso()
    const incidents = data.incidentsOf(feature.id, incidentsDay).catch(asError)
    const history = await data.historyOf(slug).catch(asError)
    if (store.state.zone === slug && shown.isConnected) fillTimeline(shown, history, timelineAction)
    const versions = await boundaries
    if (store.state.zone === slug && shown.isConnected) fillBoundaries(shown, versions, date)
    const found = await incidents
    if (store.state.zone === slug && shown.isConnected) fillIncidents(shown, found, incidentsDay)
  }
}
