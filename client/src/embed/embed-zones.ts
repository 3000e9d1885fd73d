import type { Api } from '../api.ts'
import type { ZoneFeature, ZoneProperties } from '../api-types.ts'
import type { AppState } from '../state.ts'
import { LARGE_COLLECTION, OVERVIEW_ZOOM } from '../zone-data.ts'

/** What the embed draws, filters and shows in its popup: no citations, agreements or links (lighter). */
const EMBED_PROPERTIES: readonly (keyof ZoneProperties)[] = [
  'slug', 'name', 'kind', 'status', 'status_since', 'description', 'proposed_on', 'in_force_from', 'ended_on', 'area_km2', 'approximate', 'parties',
]

export interface EmbedZones {
  /** The zones of the date asked for, as recorded by the link's recorded_as_of. */
  zones: ZoneFeature[]
  /** More than LARGE_COLLECTION zones: outlines for the overview, drawn on a canvas, as on the map page. */
  large: boolean
  /** The data version and the time the zones were read at, as the API said (for the image's credit). */
  dataVersion: number | null
  retrievedAt: string | null
}

/**
 * The zones of the embed's date: a page of slugs says whether the collection is large (as ZoneData
 * decides for the map page), then one request for the date, with the properties the embed uses.
 * The map page also loads every zone's latest state and history; the embed needs neither.
 */
export async function loadEmbedZones(api: Api, state: Pick<AppState, 'date' | 'recorded'>): Promise<EmbedZones> {
  const recordedAsOf = state.recorded
  const probe = await api.zones({ limit: LARGE_COLLECTION, geometry: false, properties: ['slug'], recordedAsOf })
  const large = probe.links.some((link) => link.rel === 'next')
  const collection = await api.zones({ asOf: state.date, recordedAsOf, properties: EMBED_PROPERTIES, ...(large ? { limit: 'all', zoom: OVERVIEW_ZOOM } : {}) })
  return { zones: collection.features, large, dataVersion: collection.data_version ?? null, retrievedAt: collection.retrieved_at ?? null }
}
