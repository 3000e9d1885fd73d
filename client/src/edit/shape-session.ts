import type L from 'leaflet'
import type { Geometry } from 'geojson'
import type { Kind } from '../../../server/domain/kinds.ts'
import { drawShapesFor } from './draw-shapes.ts'
import { GeometryEditor } from './geometry-editor.ts'
import { ShapeToolbar } from './shape-toolbar.ts'

export interface ShapeSessionOptions {
  map: L.Map
  geometry: Geometry | null
  kind: Kind
  /** After every change, undo and redo. */
  onChange?: (geometry: Geometry | null) => void
}

/** One shape being edited: the editor layer and its toolbar on the map, removed together by stop(). */
export class ShapeSession {
  readonly editor: GeometryEditor
  readonly toolbar: ShapeToolbar
  readonly #map: L.Map
  #active = true

  constructor(options: ShapeSessionOptions) {
    this.#map = options.map
    this.editor = new GeometryEditor({
      geometry: options.geometry,
      onChange: (geometry) => {
        this.toolbar.refresh()
        options.onChange?.(geometry)
      },
      onModeChange: () => this.toolbar.refresh(),
    })
    this.toolbar = new ShapeToolbar({ editor: this.editor, shapes: drawShapesFor(options.kind) })
    this.editor.addTo(this.#map)
    this.toolbar.addTo(this.#map)
  }

  /** False once stopped. */
  get active(): boolean {
    return this.#active
  }

  stop(): void {
    this.#active = false
    this.toolbar.remove()
    this.editor.remove()
  }
}
