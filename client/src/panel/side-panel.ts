import { el } from '../dom.ts'

export interface SidePanelOptions {
  /** The <aside> the panel fills. */
  container: HTMLElement
  /** The header button that opens and closes the panel on narrow screens. */
  toggle: HTMLButtonElement
  /** The filters and the list, shown while no zone is selected. */
  listView: HTMLElement[]
  /** Called when Escape is pressed on an open card. */
  onEscape: () => void
  /** Below this width the panel is a drawer over the map. Default: '(max-width: 720px)'. */
  narrowQuery?: string
}

/**
 * The side panel: the zone list with its filters, or the card of the selected zone. On a phone it
 * becomes a drawer over the lower part of the map, opened by the header button.
 */
export class SidePanel {
  readonly #options: SidePanelOptions
  readonly #list: HTMLElement
  readonly #card: HTMLElement
  readonly #narrow: MediaQueryList

  constructor(options: SidePanelOptions) {
    this.#options = options
    this.#list = el('div', { class: 'ta-panel-list' }, ...options.listView)
    this.#card = el('div', { class: 'ta-panel-card', hidden: true })
    options.container.append(this.#list, this.#card)
    this.#narrow = window.matchMedia(options.narrowQuery ?? '(max-width: 720px)')
    options.toggle.addEventListener('click', () => this.setOpen(!this.isOpen()))
    options.container.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return
      if (!this.#card.hidden) options.onEscape()
      else if (this.#narrow.matches) {
        this.setOpen(false)
        options.toggle.focus()
      }
    })
    // A skip link to the panel opens the drawer first, so it never lands in a closed one.
    if (options.container.id) {
      for (const link of Array.from(document.querySelectorAll(`a[href="#${options.container.id}"]`))) link.addEventListener('click', () => this.setOpen(true))
    }
    this.#narrow.addEventListener('change', () => this.#sync())
    this.#sync()
  }

  showList(): void {
    this.#card.hidden = true
    this.#card.replaceChildren()
    this.#list.hidden = false
  }

  /** Shows a card; moves the keyboard focus to its title when asked (a choice made in the panel). */
  showCard(card: HTMLElement, focus: boolean): void {
    const scrolled = this.#card.hidden ? 0 : this.#options.container.scrollTop
    this.#card.replaceChildren(card)
    this.#card.hidden = false
    this.#list.hidden = true
    this.#options.container.scrollTop = focus ? 0 : scrolled
    if (focus) card.querySelector<HTMLElement>('h2')?.focus()
  }

  isOpen(): boolean {
    return this.#options.container.classList.contains('is-open')
  }

  /** Opens or closes the drawer (narrow screens only; on wide screens the panel is always shown). */
  setOpen(open: boolean): void {
    this.#options.container.classList.toggle('is-open', open)
    this.#sync()
  }

  #sync(): void {
    const visible = !this.#narrow.matches || this.isOpen()
    this.#options.toggle.setAttribute('aria-expanded', String(visible))
    this.#options.container.toggleAttribute('inert', !visible)
    this.#options.container.setAttribute('aria-hidden', String(!visible))
  }
}
