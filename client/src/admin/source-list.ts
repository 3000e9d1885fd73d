import { el, replaceChildren, safeHttpUrl } from '../dom.ts'
import { button, field, input, valueOrNull } from '../edit/form-fields.ts'

/** A source as an agreement's body names it: found by its address, or added with this title. */
export interface SourceEntry {
  url: string
  title?: string
}

/**
 * The sources of an agreement, as an editable list: each address (with its title when known) and a
 * remove button; an address and a title to add one. The server finds a source by its address, so
 * the titles of sources already stored need not be sent again.
 */
export class SourceList {
  readonly element: HTMLElement
  readonly #items: (SourceEntry & { label: string })[]
  readonly #list: HTMLElement
  readonly #status: HTMLElement
  readonly #error: HTMLElement
  readonly #add: HTMLButtonElement

  constructor(initial: readonly (SourceEntry & { label?: string })[]) {
    this.#items = initial.map((item) => ({ url: item.url, label: item.label ?? item.title ?? item.url }))
    this.#list = el('ul', { class: 'ta-edit-parties ta-linked-items', 'aria-label': 'Sources' })
    this.#status = el('p', { class: 'visually-hidden', role: 'status' })
    this.#error = el('p', { class: 'ta-field-error', 'data-error-for': 'sources', role: 'alert' })
    const url = input('source_url', { type: 'url', maxlength: 2000, placeholder: 'https://', inputmode: 'url' })
    const title = input('source_title', { maxlength: 500 })
    const add = (this.#add = button('Add the source', {}, () => {
      const address = valueOrNull(url)
      const href = address ? safeHttpUrl(address) : null
      if (!href || !/^https?:\/\//i.test(address!)) {
        this.#error.textContent = address ? 'Give the source as an http(s) address.' : 'Give the address of the source.'
        url.setAttribute('aria-invalid', 'true')
        url.focus()
        return
      }
      if (this.#items.some((item) => item.url === address)) {
        this.#error.textContent = 'That source is already listed.'
        return
      }
      this.#error.textContent = ''
      url.removeAttribute('aria-invalid')
      const name = valueOrNull(title)
      this.#items.push({ url: address!, ...(name ? { title: name } : {}), label: name ?? address! })
      url.value = ''
      title.value = ''
      this.#render()
      this.#status.textContent = `Added the source ${name ?? address}. Save to keep it.`
    }))
    for (const control of [url, title]) {
      control.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter') return
        event.preventDefault()
        add.click()
      })
    }
    this.element = el(
      'fieldset',
      { class: 'ta-fieldset ta-linked', 'data-field': 'sources' },
      el('legend', {}, 'Sources'),
      el('p', { class: 'ta-hint' }, 'The texts, reports or statements this record rests on, each by its http(s) address.'),
      this.#list,
      this.#error,
      el(
        'div',
        { class: 'ta-linked-add ta-source-add', role: 'group', 'aria-label': 'Add a source' },
        field('Source (address)', url),
        field('Source title', title),
        add,
      ),
      this.#status,
    )
    this.#render()
  }

  /** The sources as they now are, as the body sends them. */
  items(): SourceEntry[] {
    return this.#items.map(({ url, title }) => ({ url, ...(title ? { title } : {}) }))
  }

  /**
   * Adds an address typed but not yet added (saving takes it as meant); false when it cannot be
   * added (its problem is shown beside it).
   */
  commitPending(): boolean {
    const url = this.element.querySelector<HTMLInputElement>('input[name="source_url"]')!
    if (url.value.trim() === '') return true
    this.#add.click()
    return url.value.trim() === '' || this.#items.some((item) => item.url === url.value.trim())
  }

  #render(): void {
    replaceChildren(
      this.#list,
      ...this.#items.map((item, index) =>
        el(
          'li',
          { class: 'ta-edit-party', 'data-value': item.url },
          el('span', { class: 'ta-source-label' }, item.label),
          button('Remove', { 'aria-label': `Remove the source ${item.label}` }, () => {
            this.#items.splice(index, 1)
            this.#render()
            this.#status.textContent = `Removed the source ${item.label}. Save to keep the change.`
            ;(this.#list.querySelector<HTMLButtonElement>('button') ?? this.element.querySelector<HTMLInputElement>('input'))?.focus()
          }),
        ),
      ),
    )
    if (this.#items.length === 0) this.#list.append(el('li', { class: 'ta-muted' }, 'None yet.'))
  }
}
