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
 * The side panel: the zone list with its filters, or the card of the selected zone, or (for
 * editors) a tool such as a new zone or an import, shown over both until it is closed. On a phone
 * it becomes a drawer over the lower part of the map, opened by the header button.
 */
export class SidePanel {
  readonly #options: SidePanelOptions
  readonly #list: HTMLElement
  readonly #card: HTMLElement
  readonly #tool: HTMLElement
  readonly #narrow: MediaQueryList
  #showing: 'list' | 'card' = 'list'

  constructor(options: SidePanelOptions) {
    this.#options = options
    this.#list = el('div', { class: 'ta-panel-list' }, ...options.listView)
    this.#card = el('div', { class: 'ta-panel-card', hidden: true })
    this.#tool = el('div', { class: 'ta-panel-tool', hidden: true })
    options.container.append(this.#list, this.#card, this.#tool)
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
    this.#card.replaceChildren()
    this.#showing = 'list'
    this.#syncViews()
  }

  /** Shows a card; moves the keyboard focus to its title when asked (a choice made in the panel). */
  showCard(card: HTMLElement, focus: boolean): void {
    const scrolled = this.#card.hidden ? 0 : this.#options.container.scrollTop
    this.#card.replaceChildren(card)
    this.#showing = 'card'
    this.#syncViews()
    if (this.#tool.hidden) this.#options.container.scrollTop = focus ? 0 : scrolled
    if (focus && this.#tool.hidden) card.querySelector<HTMLElement>('h2')?.focus()
  }

  /**
   * Redraws the card shown for the same zone around `keep` (a part that outlives redraws, such as
   * the editing forms), which stays in place with its state and the keyboard focus. Falls back to
   * showCard when another zone's card is shown. Returns the card on the page.
   */
  refreshCard(card: HTMLElement, keep: Element): HTMLElement {
    const shown = this.#card.firstElementChild as HTMLElement | null
    if (!shown || !shown.contains(keep) || shown.getAttribute('data-zone') !== card.getAttribute('data-zone')) {
      card.append(keep)
      this.showCard(card, false)
      return card
    }
    for (const child of Array.from(shown.childNodes)) if (child !== keep) child.remove()
    for (const child of Array.from(card.childNodes)) if (child !== keep) shown.insertBefore(child, keep)
    return shown
  }

  /** Shows a tool over the list and the card, and moves the focus to its heading. */
  showTool(tool: HTMLElement): void {
    this.#tool.replaceChildren(tool)
    this.#syncViews()
    this.setOpen(true)
    this.#options.container.scrollTop = 0
    tool.querySelector<HTMLElement>('h2')?.focus()
  }

  /** Closes the tool: the list or the card shows again. */
  closeTool(): void {
    this.#tool.replaceChildren()
    this.#syncViews()
  }

  get toolOpen(): boolean {
    return !this.#tool.hidden
  }

  #syncViews(): void {
    const tool = this.#tool.childElementCount > 0
    this.#tool.hidden = !tool
    this.#list.hidden = tool || this.#showing !== 'list'
    this.#card.hidden = tool || this.#showing !== 'card'
  }

  /**
   * The box the panel covers as a sheet over the map on a narrow screen, where it rests once open
   * (not where its slide has got to), or null when it is closed or beside the map.
   */
  coverage(): DOMRect | null {
    if (!this.#narrow.matches || !this.isOpen()) return null
    const { offsetLeft, offsetTop, offsetWidth, offsetHeight } = this.#options.container
    return new DOMRect(offsetLeft, offsetTop, offsetWidth, offsetHeight)
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
