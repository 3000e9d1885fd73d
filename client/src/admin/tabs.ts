import { el } from '../dom.ts'

export interface TabSpec {
  id: string
  label: string
  panel: HTMLElement
  /** Called each time the tab is shown (to load or refresh its data). */
  onShow?: () => void
}

/**
 * Tabs in the ARIA pattern: a tablist whose arrow keys, Home and End move between tabs, each tab
 * controlling its panel. The chosen tab is kept in the address (?tab=), so a reload keeps it.
 */
export class Tabs {
  readonly element: HTMLElement
  readonly #tabs: { spec: TabSpec; button: HTMLButtonElement; panel: HTMLElement }[]

  constructor(specs: TabSpec[]) {
    this.#tabs = specs.map((spec) => {
      const button = el('button', { type: 'button', role: 'tab', id: `ta-tab-${spec.id}`, 'aria-controls': `ta-panel-${spec.id}`, 'aria-selected': 'false', tabindex: -1, class: 'ta-tab' }, spec.label)
      const panel = el('section', { role: 'tabpanel', id: `ta-panel-${spec.id}`, 'aria-labelledby': `ta-tab-${spec.id}`, class: 'ta-tab-panel', hidden: true, tabindex: 0 }, spec.panel)
      button.addEventListener('click', () => this.select(spec.id))
      return { spec, button, panel }
    })
    const list = el('div', { role: 'tablist', 'aria-label': 'Administration', class: 'ta-tablist' }, ...this.#tabs.map((tab) => tab.button))
    list.addEventListener('keydown', (event) => {
      const index = this.#tabs.findIndex((tab) => tab.button === document.activeElement)
      if (index < 0) return
      const last = this.#tabs.length - 1
      const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key]
      if (next === undefined) return
      event.preventDefault()
      this.select(this.#tabs[next]!.spec.id)
      this.#tabs[next]!.button.focus()
    })
    this.element = el('div', { class: 'ta-tabs' }, list, ...this.#tabs.map((tab) => tab.panel))
  }

  select(id: string): void {
    const chosen = this.#tabs.find((tab) => tab.spec.id === id) ?? this.#tabs[0]
    if (!chosen) return
    for (const tab of this.#tabs) {
      const selected = tab === chosen
      tab.button.setAttribute('aria-selected', String(selected))
      tab.button.tabIndex = selected ? 0 : -1
      tab.panel.hidden = !selected
    }
    const url = new URL(window.location.href)
    if (chosen === this.#tabs[0]) url.searchParams.delete('tab')
    else url.searchParams.set('tab', chosen.spec.id)
    window.history.replaceState(null, '', url)
    chosen.spec.onShow?.()
  }
}
