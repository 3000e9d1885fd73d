import L from 'leaflet'
import { el } from '../dom.ts'

export interface EditControlOptions extends L.ControlOptions {
  onNewZone: () => void
  onImport: () => void
}

/** The map's editing entry points for signed-in editors: a new zone, an import. */
export class EditControl extends L.Control {
  declare options: EditControlOptions
  #buttons: HTMLButtonElement[] = []

  constructor(options: EditControlOptions) {
    super({ position: 'topleft', ...options })
    L.Util.setOptions(this, options)
  }

  override onAdd(): HTMLElement {
    const newZone = el('button', { type: 'button', class: 'ta-tool ta-edit-new' }, 'New zone')
    const importZones = el('button', { type: 'button', class: 'ta-tool ta-edit-import' }, 'Import zones')
    newZone.addEventListener('click', this.options.onNewZone)
    importZones.addEventListener('click', this.options.onImport)
    this.#buttons = [newZone, importZones]
    const container = el('div', { class: 'ta-edit-control leaflet-bar', role: 'group', 'aria-label': 'Editing' }, newZone, importZones)
    L.DomEvent.disableClickPropagation(container)
    L.DomEvent.disableScrollPropagation(container)
    return container
  }

  override onRemove(): void {
    const [newZone, importZones] = this.#buttons
    newZone?.removeEventListener('click', this.options.onNewZone)
    importZones?.removeEventListener('click', this.options.onImport)
    this.#buttons = []
  }
}
