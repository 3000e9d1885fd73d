import type { ExportContext } from '../controls/export-control.ts'
import type { PageState, Store } from '../state.ts'
import type { ZoneData } from '../zone-data.ts'

/**
 * What the map page's images say beside the map: the date shown, the data version and the time the
 * zones of that date were read at (from the API's collection, already fetched), and the page's link.
 */
export function pageExportContext(store: Store<PageState>, data: ZoneData): ExportContext {
  return {
    async describe() {
      const date = store.state.date
      const collection = await data.zonesOn(date).catch(() => null)
      return { date, dataVersion: collection?.data_version ?? null, retrievedAt: collection?.retrieved_at ?? null, permalink: window.location.href }
    },
  }
}
