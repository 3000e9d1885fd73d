import type { ZoneChangeEvent } from '../api-types.ts'

export interface ZoneEventsOptions {
  /** Called for each committed change to a zone, on any instance of the API. */
  onChange: (event: ZoneChangeEvent) => void
  /** Called when the feed is back after a break, when events may have been missed. */
  onReconnect?: () => void
  /** The stream. Default: '/events'. */
  url?: string
}

/**
 * The live feed of zone changes (GET /events, Server-Sent Events). EventSource reconnects by itself
 * after an error (the server asks for a 2 s retry) and the page then reloads what it may have
 * missed; the feed is closed when the page is left, so no request is left hanging.
 */
export class ZoneEvents {
  readonly #options: ZoneEventsOptions
  #source: EventSource | null = null
  #broken = false

  constructor(options: ZoneEventsOptions) {
    this.#options = options
  }

  start(): this {
    if (this.#source) return this
    const source = new EventSource(this.#options.url ?? '/events')
    source.addEventListener('zone', this.#onZone)
    source.addEventListener('error', this.#onError)
    source.addEventListener('open', this.#onOpen)
    window.addEventListener('pagehide', this.#onPageHide)
    this.#source = source
    return this
  }

  stop(): void {
    if (!this.#source) return
    this.#source.removeEventListener('zone', this.#onZone)
    this.#source.removeEventListener('error', this.#onError)
    this.#source.removeEventListener('open', this.#onOpen)
    window.removeEventListener('pagehide', this.#onPageHide)
    this.#source.close()
    this.#source = null
  }

  readonly #onZone = (event: Event): void => {
    const data = readEvent((event as MessageEvent<string>).data)
    if (data) this.#options.onChange(data)
  }

  readonly #onError = (): void => {
    this.#broken = true
  }

  readonly #onOpen = (): void => {
    if (!this.#broken) return
    this.#broken = false
    this.#options.onReconnect?.()
  }

  readonly #onPageHide = (): void => this.stop()
}

/** The event's data, or null when it is not a zone change (never throws on a bad message). */
export function readEvent(text: string): ZoneChangeEvent | null {
  try {
    const value = JSON.parse(text) as Partial<ZoneChangeEvent>
    if (typeof value.zone_id !== 'number' || typeof value.version !== 'number' || typeof value.action !== 'string') return null
    return { zone_id: value.zone_id, version: value.version, action: value.action, at: typeof value.at === 'string' ? value.at : '' }
  } catch {
    return null
  }
}
