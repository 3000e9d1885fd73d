import { ApiError, type Api } from './api.ts'
import type { DatePrecision, HistoryEntry, ZoneCollection, ZoneFeature } from './api-types.ts'

/** Above this many zones the page does not fetch every history up front for the timeline marks. */
export const MAX_HISTORIES_UP_FRONT = 200
const HISTORY_CONCURRENCY = 4

/**
 * The zones and histories the page has loaded: the latest state, the state on each date asked for,
 * and each zone's history, fetched once and shared. A change to one zone (from the live feed) is
 * folded into the collections shown, in place, so the map, the list and the card read it at once.
 */
export class ZoneData {
  readonly #api: Api
  readonly #collections = new Map<string, Promise<ZoneCollection>>()
  readonly #histories = new Map<string, Promise<HistoryEntry[]>>()
  /** Histories already loaded, for the precision of dates and the timeline marks. */
  readonly loaded = new Map<string, HistoryEntry[]>()
  #latest: ZoneCollection | null = null

  constructor(api: Api) {
    this.#api = api
  }

  /** Loads the latest state of every zone; call it before the rest. */
  async start(): Promise<this> {
    this.#latest = await this.zonesOn(null)
    return this
  }

  /** Every zone as it stands now. */
  get latest(): ZoneFeature[] {
    if (!this.#latest) throw new Error('ZoneData.start() must be awaited first')
    return this.#latest.features
  }

  /** The zones as they stood on a date (null: now), fetched once. */
  zonesOn(date: string | null): Promise<ZoneCollection> {
    const key = date ?? 'latest'
    let collection = this.#collections.get(key)
    if (!collection) {
      collection = this.#api.zones({ asOf: date })
      collection.catch(() => this.#collections.delete(key))
      this.#collections.set(key, collection)
    }
    return collection
  }

  historyOf(slug: string): Promise<HistoryEntry[]> {
    let history = this.#histories.get(slug)
    if (!history) {
      history = this.#api.history(slug).then((body) => {
        this.loaded.set(slug, body.history)
        return body.history
      })
      history.catch(() => this.#histories.delete(slug))
      this.#histories.set(slug, history)
    }
    return history
  }

  /** How precisely a zone's status date is known, from its history ('day' until it is loaded). */
  readonly precisionOf = (slug: string, date: string): DatePrecision =>
    [...(this.loaded.get(slug) ?? [])].reverse().find((entry) => entry.effective_on === date)?.effective_precision ?? 'day'

  /** Loads every history (for the timeline marks), unless there are too many zones. */
  async loadHistories(): Promise<void> {
    if (this.latest.length > MAX_HISTORIES_UP_FRONT) return
    await forEachLimited(this.latest, HISTORY_CONCURRENCY, async (zone) => {
      await this.historyOf(zone.properties.slug).catch(() => null)
    })
  }

  /**
   * Folds in a change to one zone: its latest state and its state on `date` (the date the map
   * shows) are fetched and put in place (a zone archived, or not yet there on that date, is taken
   * out), and collections of other dates are dropped as stale. Its history is fetched again on the
   * next historyOf(); the one loaded stays readable until then. Returns the latest state (null
   * once archived) and the zone's slug.
   */
  async applyChange(id: number, date: string | null, action?: string): Promise<{ now: ZoneFeature | null; slug: string | null }> {
    const gone = action === 'zone.archive'
    const fetchZone = async (asOf: string | null) => {
      if (gone) return null
      try {
        return await this.#api.zone(id, asOf)
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null // archived, or not yet on that date
        throw error
      }
    }
    const [now, then] = await Promise.all([fetchZone(null), date ? fetchZone(date) : Promise.resolve(undefined)])
    const slug = now?.properties.slug ?? this.latest.find((zone) => zone.id === id)?.properties.slug ?? null
    replaceZone(this.latest, id, now)
    const dated = date ? this.#collections.get(date) : undefined
    if (dated) replaceZone((await dated).features, id, then ?? null)
    for (const key of [...this.#collections.keys()]) if (key !== 'latest' && key !== date) this.#collections.delete(key)
    if (slug) {
      this.#histories.delete(slug)
      if (!now) this.loaded.delete(slug)
    }
    return { now, slug }
  }

  /** Everything afresh (after a break in the live feed, when changes may have been missed). */
  async reloadAll(): Promise<void> {
    const fresh = await this.#api.zones()
    this.latest.splice(0, this.latest.length, ...fresh.features)
    this.#collections.clear()
    this.#collections.set('latest', Promise.resolve(this.#latest!))
    this.#histories.clear()
    this.loaded.clear()
  }
}

/** Puts a zone's new state in a list (by id), adds a new one, or takes one off (null). */
export function replaceZone(zones: ZoneFeature[], id: number, feature: ZoneFeature | null): void {
  const index = zones.findIndex((zone) => zone.id === id)
  if (feature && index >= 0) zones[index] = feature
  else if (feature) zones.push(feature)
  else if (index >= 0) zones.splice(index, 1)
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await task(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
