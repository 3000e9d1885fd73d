import { readPermalink, writePermalink } from '../permalink.ts'
import { LINK_KEYS, type AppState, type Store } from '../state.ts'

/** After the map stops moving, how long before its view is written into the link. */
const VIEW_WRITE_DELAY_MS = 250

/**
 * Keeps the link in step with the store, and the store with Back and Forward. Opening or closing a
 * card is a step the Back button undoes; dates, filters and views only update the link (Play and a
 * dragged slider would otherwise fill the history). Back and Forward show the state of that link;
 * the map keeps its view.
 */
export class LinkHistory {
  readonly #store: Store
  /** The pending write of a view into the link. */
  #viewWrite: number | null = null
  /** Set while Back or Forward is being followed: that step is in the history already. */
  #followingHistory = false

  constructor(store: Store) {
    this.#store = store
    store.subscribe((state, changed) => {
      const linkChanged = LINK_KEYS.filter((key) => changed.has(key))
      if (linkChanged.length > 0) this.#write(state, linkChanged)
    })
    window.addEventListener('popstate', () => this.#follow())
  }

  #write(state: AppState, changed: readonly (keyof AppState)[]): void {
    if (this.#viewWrite !== null) window.clearTimeout(this.#viewWrite)
    this.#viewWrite = null
    const url = `${window.location.pathname}${writePermalink(state)}${window.location.hash}`
    if (changed.includes('zone') && !this.#followingHistory) window.history.pushState(null, '', url)
    else if (changed.length === 1 && changed[0] === 'view') this.#viewWrite = window.setTimeout(() => window.history.replaceState(null, '', url), VIEW_WRITE_DELAY_MS)
    else window.history.replaceState(null, '', url)
  }

  #follow(): void {
    const { view: _view, ...linked } = readPermalink(window.location.search)
    // Another record is other data: the page starts again on that link.
    if (linked.recorded !== this.#store.state.recorded) return window.location.reload()
    this.#followingHistory = true
    try {
      this.#store.set(linked)
    } finally {
      this.#followingHistory = false
    }
  }
}
