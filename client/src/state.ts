import type { Kind } from '../../server/domain/kinds.ts'
import type { Status } from '../../server/domain/statuses.ts'
import type { ZoneFeature } from './api-types.ts'
import type { Editing } from './edit/editing.ts'
import type { Language } from './i18n/languages.ts'

/** Everything the permalink restores: filters, the selected zone, the date and the map view. */
export interface AppState {
  /** Statuses to show; empty means all. */
  statuses: Status[]
  /** Kinds to show; empty means all. */
  kinds: Kind[]
  /** A party slug: only zones it sponsors or guarantees. */
  sponsor: string | null
  /** Text searched in names, descriptions and party names. */
  query: string
  sort: SortKey
  /** The slug of the selected zone, whose card is open. */
  zone: string | null
  /** The map as it stood on this day; null for the latest state. */
  date: string | null
  /** Null until the map has a view (it then opens fitted to the data). */
  view: MapView | null
  /** Compare mode: the map of `to` drawn against that of `from`, with the changes between; null otherwise. */
  compare: CompareDates | null
  /**
   * The record as the Atlas held it then (RFC 3339 date-time, or YYYY-MM-DD for the end of that
   * day): later corrections and later-recorded changes are left out. Null: the record as it is now.
   */
  recorded: string | null
  /** Whether the incidents of the 30 days to the map's date are drawn (an overlay of the layer control). */
  incidents: boolean
  /** The interface's language when the link names it (`lang=`); null: the browser's. Kept so a shared link reads in the language it was shared in. */
  lang: Language | null
}

/** Two days to compare (YYYY-MM-DD), from <= to. */
export interface CompareDates {
  from: string
  to: string
}

/** The page's whole state: what the link says, and what the page shows of it. */
export interface PageState extends AppState {
  /** The date whose zones are drawn (null: the latest); undefined until some are, or when they must be fetched afresh. */
  shownDate: string | null | undefined
  /** The zones of shownDate. ZoneData keeps them current, in place, as changes come in. */
  shownZones: ZoneFeature[]
  /** Whether the card rendered next takes the focus: it was opened from the list, not on the map. */
  focusCard: boolean
  /** A signed-in editor's tools, while they are loaded. */
  editing: Editing | null
}

export interface MapView {
  zoom: number
  lat: number
  lng: number
}

export const SORT_KEYS = ['name', 'status', 'kind', 'changed', 'area'] as const
export type SortKey = (typeof SORT_KEYS)[number]

export const DEFAULT_STATE: AppState = { statuses: [], kinds: [], sponsor: null, query: '', sort: 'name', zone: null, date: null, view: null, compare: null, recorded: null, incidents: false, lang: null }

/** The keys the permalink holds. */
export const LINK_KEYS = Object.keys(DEFAULT_STATE) as (keyof AppState)[]

/** The page's state before anything is drawn, from what the link says. */
export function initialPageState(linked: AppState): PageState {
  return { ...linked, shownDate: undefined, shownZones: [], focusCard: false, editing: null }
}

export type Listener<S> = (state: S, changed: ReadonlySet<keyof S>) => void

/**
 * A minimal observable store: set() merges a patch and tells listeners which keys changed. A value
 * is unchanged when it is the same, or an array or plain object with the same members (so a list
 * of statuses or a view compares by content, and thousands of zones cost one pass).
 */
export class Store<S extends object = PageState> {
  #state: S
  readonly #listeners = new Set<Listener<S>>()

  constructor(initial: S) {
    this.#state = initial
  }

  get state(): S {
    return this.#state
  }

  set(patch: Partial<S>): void {
    const changed = new Set<keyof S>()
    for (const key of Object.keys(patch) as (keyof S)[]) {
      if (!sameValue(this.#state[key], patch[key])) changed.add(key)
    }
    if (changed.size === 0) return
    this.#state = { ...this.#state, ...patch }
    for (const listener of this.#listeners) listener(this.#state, changed)
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: Listener<S>): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => Object.is(item, b[index]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]))
  }
  return false
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}
