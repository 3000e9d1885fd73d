import type { Kind } from '../../server/domain/kinds.ts'
import type { Status } from '../../server/domain/statuses.ts'

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
}

export interface MapView {
  zoom: number
  lat: number
  lng: number
}

export const SORT_KEYS = ['name', 'status', 'kind', 'changed', 'area'] as const
export type SortKey = (typeof SORT_KEYS)[number]

export const DEFAULT_STATE: AppState = { statuses: [], kinds: [], sponsor: null, query: '', sort: 'name', zone: null, date: null, view: null }

export type Listener = (state: AppState, changed: ReadonlySet<keyof AppState>) => void

/** A minimal observable store: set() merges a patch and tells listeners which keys changed. */
export class Store {
  #state: AppState
  readonly #listeners = new Set<Listener>()

  constructor(initial: AppState) {
    this.#state = initial
  }

  get state(): AppState {
    return this.#state
  }

  set(patch: Partial<AppState>): void {
    const changed = new Set<keyof AppState>()
    for (const key of Object.keys(patch) as (keyof AppState)[]) {
      if (!sameValue(this.#state[key], patch[key])) changed.add(key)
    }
    if (changed.size === 0) return
    this.#state = { ...this.#state, ...patch }
    for (const listener of this.#listeners) listener(this.#state, changed)
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
