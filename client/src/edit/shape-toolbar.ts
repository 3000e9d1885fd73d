import L from 'leaflet'
import { el } from '../dom.ts'
import type { DrawShape, EditorMode, GeometryEditor } from './geometry-editor.ts'

export interface ShapeToolbarOptions extends L.ControlOptions {
  editor: GeometryEditor
  /** The parts the zone's kind may have. Default: all three. */
  shapes?: readonly DrawShape[]
}

const DRAW_LABELS: Record<DrawShape, string> = { Polygon: 'Draw an area', Line: 'Draw a line', Marker: 'Place a point' }

/**
 * The map's shape tools while a shape is edited: draw a part, cut a hole, rotate, finish, undo and
 * redo (also Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z on the map). A toolbar of real buttons, so it works by
 * keyboard; the map's own clicks and scrolls do not leak through it.
 */
export class ShapeToolbar extends L.Control {
  declare options: ShapeToolbarOptions
  #container: HTMLElement | null = null
  #buttons = new Map<string, HTMLButtonElement>()
  #status: HTMLElement | null = null
  #mapContainer: HTMLElement | null = null

  constructor(options: ShapeToolbarOptions) {
    super({ position: 'topleft', ...options })
    L.Util.setOptions(this, options)
  }

  override onAdd(map: L.Map): HTMLElement {
    const { editor } = this.options
    const shapes = this.options.shapes ?? ['Polygon', 'Line', 'Marker']
    const button = (name: string, label: string, action: () => void, pressable = false) => {
      const element = el('button', { type: 'button', class: `ta-tool ta-tool-${name}`, 'data-tool': name, 'aria-pressed': pressable ? 'false' : null }, label)
      element.addEventListener('click', () => {
        action()
        this.refresh()
      })
      this.#buttons.set(name, element)
      return element
    }
    this.#buttons = new Map()
    this.#status = el('p', { class: 'ta-tool-status', role: 'status' })
    const container = el(
      'div',
      { class: 'ta-shape-toolbar leaflet-bar', role: 'toolbar', 'aria-label': 'Shape tools' },
      ...shapes.map((shape) => button(`draw-${shape.toLowerCase()}`, DRAW_LABELS[shape], () => editor.draw(shape))),
      shapes.includes('Polygon') ? button('cut', 'Cut a hole', () => editor.cutHole()) : null,
      shapes.includes('Polygon') || shapes.includes('Line') ? button('rotate', 'Rotate', () => editor.toggleRotate(), true) : null,
      button('finish', 'Done', () => editor.finishMode()),
      button('undo', 'Undo', () => editor.undo()),
      button('redo', 'Redo', () => editor.redo()),
      this.#status,
    )
    L.DomEvent.disableClickPropagation(container)
    L.DomEvent.disableScrollPropagation(container)
    this.#container = container
    this.#mapContainer = map.getContainer()
    // The toolbar is inside the map's container, so its keys reach this one listener too.
    this.#mapContainer.addEventListener('keydown', this.#onKey)
    this.refresh()
    return container
  }

  override onRemove(): void {
    this.#mapContainer?.removeEventListener('keydown', this.#onKey)
    this.#mapContainer = null
    this.#container = null
    this.#buttons = new Map()
  }

  /** Follows the editor: what can be undone, which mode is on. */
  refresh(): void {
    const { editor } = this.options
    const mode: EditorMode = editor.mode
    const set = (name: string, disabled: boolean) => {
      const element = this.#buttons.get(name)
      if (element) element.disabled = disabled
    }
    set('undo', !editor.canUndo || mode === 'draw' || mode === 'cut')
    set('redo', !editor.canRedo || mode === 'draw' || mode === 'cut')
    set('cut', !editor.hasArea)
    set('rotate', editor.geometry() === null)
    set('finish', mode === 'edit')
    this.#buttons.get('rotate')?.setAttribute('aria-pressed', String(mode === 'rotate'))
    if (this.#container) this.#container.dataset['mode'] = mode
    if (this.#status) {
      this.#status.textContent = {
        edit: 'Drag a vertex to move it, drag a middle handle to add one, right-click a vertex to remove it.',
        draw: 'Click to place each vertex; click the first one (or press Enter) to finish, Escape to cancel.',
        cut: 'Draw the hole over the area; click its first vertex (or press Enter) to cut.',
        rotate: 'Drag a corner handle to rotate; press Done when finished.',
      }[mode]
    }
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return
    const key = event.key.toLowerCase()
    const target = event.target as HTMLElement | null
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return
    if (key === 'z' && !event.shiftKey) this.options.editor.undo()
    else if (key === 'y' || (key === 'z' && event.shiftKey)) this.options.editor.redo()
    else return
    event.preventDefault()
    event.stopPropagation()
    this.refresh()
  }
}
