import { el, replaceChildren } from '../dom.ts'
import { button, field, input, select, valueOrNull } from '../edit/form-fields.ts'

/** One link of an agreement: a party in a role, or a zone with an effect, and an optional note. */
export interface LinkedItem<R extends string> {
  value: string
  relation: R
  note: string | null
}

export interface LinkedItemsOptions<R extends string> {
  /** The field the server's problems name (`body.parties[2].role` -> 'parties'). */
  name: string
  /** 'Parties' */
  legend: string
  /** 'Party' */
  itemLabel: string
  /** 'Role' */
  relationLabel: string
  /** Everything that can be linked, by value. */
  choices: readonly { value: string; label: string }[]
  relations: Record<R, string>
  initial: readonly LinkedItem<R>[]
  /** True: an item appears once whatever its relation (a zone); false: once per relation (a party). */
  oncePerItem: boolean
}

/**
 * An editable list of links (the parties of an agreement with their roles, its zones with their
 * effects): each with a remove button, and a fieldset to add one. Changes are announced; nothing
 * is saved until the form is.
 */
export class LinkedItems<R extends string> {
  readonly element: HTMLElement
  readonly #options: LinkedItemsOptions<R>
  readonly #items: LinkedItem<R>[]
  readonly #list: HTMLElement
  readonly #status: HTMLElement
  readonly #error: HTMLElement
  readonly #labels: Map<string, string>

  constructor(options: LinkedItemsOptions<R>) {
    this.#options = options
    this.#items = options.initial.map((item) => ({ ...item }))
    this.#labels = new Map(options.choices.map((choice) => [choice.value, choice.label]))
    this.#list = el('ul', { class: 'ta-edit-parties ta-linked-items', 'aria-label': options.legend })
    this.#status = el('p', { class: 'visually-hidden', role: 'status' })
    this.#error = el('p', { class: 'ta-field-error', 'data-error-for': options.name, role: 'alert' })
    const relationNames = Object.keys(options.relations) as R[]
    const choice = select(`${options.name}_choice`, [...options.choices].sort((a, b) => a.label.localeCompare(b.label, 'en')))
    const relation = select<R>(`${options.name}_relation`, relationNames.map((value) => ({ value, label: options.relations[value] })), relationNames[0])
    const note = input(`${options.name}_note`, { maxlength: 1000 })
    const add = button(`Add the ${options.itemLabel.toLowerCase()}`, {}, () => {
      const value = choice.value
      const chosen = relation.value as R
      if (!value) return
      const label = this.#label(value)
      const duplicate = this.#items.some((item) => item.value === value && (options.oncePerItem || item.relation === chosen))
      if (duplicate) {
        this.#error.textContent = options.oncePerItem ? `${label} is already listed.` : `${label} is already listed as ${options.relations[chosen]}.`
        return
      }
      this.#error.textContent = ''
      this.#items.push({ value, relation: chosen, note: valueOrNull(note) })
      note.value = ''
      this.#render()
      this.#status.textContent = `Added ${label} (${options.relations[chosen]}). Save to keep it.`
    })
    // Enter in the note adds the link rather than submitting the whole form.
    note.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return
      event.preventDefault()
      add.click()
    })
    this.element = el(
      'fieldset',
      { class: 'ta-fieldset ta-linked', 'data-field': options.name },
      el('legend', {}, options.legend),
      this.#list,
      this.#error,
      el(
        'div',
        { class: 'ta-linked-add', role: 'group', 'aria-label': `Add a ${options.itemLabel.toLowerCase()}` },
        field(options.itemLabel, choice),
        field(options.relationLabel, relation),
        field('Note', note),
        add,
      ),
      this.#status,
    )
    this.#render()
  }

  /** The links as they now are. */
  items(): LinkedItem<R>[] {
    return this.#items.map((item) => ({ ...item }))
  }

  #label(value: string): string {
    return this.#labels.get(value) ?? value
  }

  #render(): void {
    const { relations } = this.#options
    replaceChildren(
      this.#list,
      ...this.#items.map((item, index) => {
        const text = `${this.#label(item.value)} (${relations[item.relation]})`
        const remove = button('Remove', { 'aria-label': `Remove ${text}` }, () => {
          this.#items.splice(index, 1)
          this.#render()
          this.#status.textContent = `Removed ${text}. Save to keep the change.`
          ;(this.#list.querySelector<HTMLButtonElement>('button') ?? this.element.querySelector<HTMLElement>('select'))?.focus()
        })
        return el(
          'li',
          { class: 'ta-edit-party', 'data-value': item.value, 'data-relation': item.relation },
          el('span', {}, text),
          item.note ? el('span', { class: 'ta-muted ta-edit-party-note' }, item.note) : null,
          remove,
        )
      }),
    )
    if (this.#items.length === 0) this.#list.append(el('li', { class: 'ta-muted' }, 'None yet.'))
  }
}
