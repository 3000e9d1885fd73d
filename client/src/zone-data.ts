import { ApiError, type Api, type ZonesQuery } from './api.ts'
import { recordedBy } from './recorded.ts'
import type { DatePrecision, HistoryEntry, ZoneBoundaries, ZoneCollection, ZoneFeature, ZoneOutline, ZoneProperties } from './api-types.ts'
import type { ZoneIncidents } from './incidents/incident-types.ts'

/** Above this many zones the page does not fetch every history up front for the timeline marks. */
export const MAX_HISTORIES_UP_FRONT = 200
const HISTORY_CONCURRENCY = 4

/**
 * Above this many zones the collection is large: it is loaded with generalized outlines
 * and drawn on one canvas, without labels. Measured in Chromium on the 2-core machine with the
 * benchmark's synthetic zones (318 vertices on average), from navigation to the zones drawn: the
 * detailed SVG map takes 0.9 s with 100 zones, 1.2 s with 250, 1.5 s with 300, 2.5 s with 500 and
 * 12 s with 2,000; the canvas map 0.5 s with 250 and about 1.6 s with 10,000.
 */
export const LARGE_COLLECTION = 250

/** The map zoom a large collection's outlines are first loaded for: the API's coarsest level. */
export const OVERVIEW_ZOOM = 4

/** A large collection's properties: all the page uses, without the links and timestamps (a fifth of the bytes). */
const LARGE_COLLECTION_PROPERTIES: readonly (keyof ZoneProperties)[] = [
  'slug', 'name', 'name_ar', 'search_names', 'kind', 'status', 'status_since', 'description', 'proposed_on', 'in_force_from', 'ended_on',
  'area_km2', 'approximate', 'geometry_note', 'citations', 'parties', 'sponsors', 'agreements', 'siege_assessments', 'version',
]

/** What the canvas draws a zone with (its colour, dashes and hover label): a large collection's outlines come with these first. */
const OUTLINE_PROPERTIES: readonly (keyof ZoneProperties)[] = ['slug', 'name', 'kind', 'status', 'approximate']

/**
 * The zones and histories the page has loaded: the latest state, the state on each date asked for,
 * and each zone's history, fetched once and shared. A change to one zone (from the live feed) is
 * folded into the collections shown, in place, so the map, the list and the card read it at once.
 */
export class ZoneData {
  readonly #api: Api
  readonly #collections = new Map<string, Promise<ZoneCollection>>()
  readonly #histories = new Map<string, Promise<HistoryEntry[]>>()
  readonly #boundaries = new Map<string, Promise<ZoneBoundaries>>()
  /** The record as it stood then (permalink's recorded_as_of), or null for the record as it is. */
  readonly recordedAsOf: string | null
  /** Histories already loaded, for the precision of dates and the timeline marks. */
  readonly loaded = new Map<string, HistoryEntry[]>()
  #latest: ZoneCollection | null = null
  #large = false

  constructor(api: Api, options: { recordedAsOf?: string | null } = {}) {
    this.#api = api
    this.recordedAsOf = options.recordedAsOf ?? null
  }

  /**
   * Loads the latest state of every zone; call it before the rest. A large collection resolves as
   * soon as its outlines are in: `latest` then holds its zones with OUTLINE_PROPERTIES alone until
   * `zonesOn(null)` resolves, when the rest of their properties have been put in place.
   */
  async start(): Promise<this> {
    this.#large = await this.#hasMoreThan(LARGE_COLLECTION)
    this.#latest = this.#large ? await this.#outlinesThenProperties() : await this.zonesOn(null)
    return this
  }

  /**
   * Whether there are more than LARGE_COLLECTION zones (decided once, at the start): their shapes
   * are then outlines generalized for OVERVIEW_ZOOM, not full detail.
   */
  get large(): boolean {
    return this.#large
  }

  /** Every zone as it stands now (a large collection's with all their properties once zonesOn(null) resolves). */
  get latest(): ZoneFeature[] {
    if (!this.#latest) throw new Error('ZoneData.start() must be awaited first')
    return this.#latest.features
  }

  /** The zones as they stood on a date (null: now), fetched once. The latest are fetched into `latest`, in place. */
  zonesOn(date: string | null): Promise<ZoneCollection> {
    const key = date ?? 'latest'
    let collection = this.#collections.get(key)
    if (!collection) {
      collection = this.#api.zones({ ...this.#shapeQuery(), asOf: date, recordedAsOf: this.recordedAsOf })
      if (key === 'latest' && this.#latest) collection = collection.then((fresh) => this.#replaceLatest(fresh))
      collection.catch(() => this.#collections.delete(key))
      this.#collections.set(key, collection)
    }
    return collection
  }

  historyOf(slug: string): Promise<HistoryEntry[]> {
    let history = this.#histories.get(slug)
    if (!history) {
      history = this.#api.history(slug, undefined, this.recordedAsOf).then((body) => {
        // A pinned record leaves out the entries recorded since (an undoing among them: what it undid stands).
        const entries = body.history.filter((entry) => recordedBy(entry.recorded_at, this.recordedAsOf))
        this.loaded.set(slug, entries)
        return entries
      })
      history.catch(() => this.#histories.delete(slug))
      this.#histories.set(slug, history)
    }
    return history
  }

  /** The incidents inside a zone and how it held on a day (GET /zones/{id}/incidents), fetched each time: new imports change them. */
  incidentsOf(id: number, asOf: string): Promise<ZoneIncidents> {
    return this.#api.zoneIncidents(id, asOf)
  }

  /** The versions of a zone's outline, fetched once (again after a change to the zone). */
  boundariesOf(slug: string): Promise<ZoneBoundaries> {
    let boundaries = this.#boundaries.get(slug)
    if (!boundaries) {
      const pinned = this.recordedAsOf
      boundaries = this.#api.boundaries(slug, pinned).then((body) => ({
        ...body,
        // As recorded then: a later version is not yet there, a later correction not yet made.
        boundaries: body.boundaries
          .filter((version) => recordedBy(version.recorded_at, pinned))
          .map((version) => (version.superseded_at && !recordedBy(version.superseded_at, pinned) ? { ...version, superseded_at: null, superseded_by: null } : version)),
      }))
      boundaries.catch(() => this.#boundaries.delete(slug))
      this.#boundaries.set(slug, boundaries)
    }
    return boundaries
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
        return await this.#api.zone(id, asOf, undefined, this.recordedAsOf)
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
      this.#boundaries.delete(slug)
      if (!now) this.loaded.delete(slug)
    }
    return { now, slug }
  }

  /**
   * Puts finer outlines of the same zones (from OutlineRefiner) into the collection of `date`, in
   * place, as applyChange does; returns the slugs of the zones changed.
   */
  async refineOutlines(date: string | null, outlines: readonly ZoneOutline[]): Promise<string[]> {
    const collection = await this.#collections.get(date ?? 'latest')?.catch(() => null) // a failed load is reported where it is shown
    if (!collection) return []
    const finer = new Map(outlines.map((outline) => [outline.slug, outline.geometry]))
    const changed: string[] = []
    for (const zone of collection.features) {
      const geometry = finer.get(zone.properties.slug)
      if (!geometry) continue
      zone.geometry = geometry
      changed.push(zone.properties.slug)
    }
    return changed
  }

  /** Everything afresh (after a break in the live feed, when changes may have been missed). */
  async reloadAll(): Promise<void> {
    const latest = this.#replaceLatest(await this.#api.zones({ ...this.#shapeQuery(), recordedAsOf: this.recordedAsOf }))
    this.#collections.clear()
    this.#collections.set('latest', Promise.resolve(latest))
    this.#histories.clear()
    this.#boundaries.clear()
    this.loaded.clear()
  }

  /** Puts fresh zones into `latest`, in place, since the page keeps that list. */
  #replaceLatest(fresh: ZoneCollection): ZoneCollection {
    this.latest.splice(0, this.latest.length, ...fresh.features)
    return this.#latest!
  }

  /**
   * The latest zones of a large collection in two requests, so the map can draw them before the
   * list can show them: their outlines first (a few hundred KiB for 10,000 zones), then the
   * properties without the shapes, put into the same features (see completeProperties).
   */
  async #outlinesThenProperties(): Promise<ZoneCollection> {
    const recordedAsOf = this.recordedAsOf
    const outlines = await this.#api.zones({ limit: 'all', zoom: OVERVIEW_ZOOM, properties: OUTLINE_PROPERTIES, recordedAsOf })
    const complete = this.#api
      .zones({ limit: 'all', geometry: false, properties: LARGE_COLLECTION_PROPERTIES, recordedAsOf })
      .then((details) => {
        completeProperties(outlines.features, details.features)
        return outlines
      })
    complete.catch(() => this.#collections.delete('latest'))
    this.#collections.set('latest', complete)
    return outlines
  }

  /** A large collection comes whole (streamed, no page limit), lean, with outlines for the overview. */
  #shapeQuery(): ZonesQuery {
    return this.#large ? { limit: 'all', zoom: OVERVIEW_ZOOM, properties: LARGE_COLLECTION_PROPERTIES } : {}
  }

  /** A page of `count` slugs (no shapes, no other properties): a next link means there are more. */
  async #hasMoreThan(count: number): Promise<boolean> {
    const page = await this.#api.zones({ limit: count, geometry: false, properties: ['slug'], recordedAsOf: this.recordedAsOf })
    return page.links.some((link) => link.rel === 'next')
  }
}

/**
 * Puts each zone's properties into its outline, in place, so whatever holds the features (the map)
 * keeps them. A zone gone between the two requests is taken off; one added meanwhile is left out,
 * as if the outlines had been read a moment later.
 */
export function completeProperties(outlines: ZoneFeature[], details: readonly ZoneFeature[]): void {
  const properties = new Map(details.map((zone) => [zone.id, zone.properties]))
  let kept = 0
  for (const zone of outlines) {
    const found = properties.get(zone.id)
    if (!found) continue
    Object.assign(zone.properties, found)
    outlines[kept++] = zone
  }
  outlines.length = kept
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
