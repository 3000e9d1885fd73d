import type L from 'leaflet'
import type { FeatureCollection, Geometry } from 'geojson'
import { ApiError, type Api } from '../api.ts'
import type { ImportCreated, ImportDryRun, ImportFeatureReport } from '../api-types.ts'
import { el, replaceChildren, uniqueId } from '../dom.ts'
import { button } from './form-fields.ts'
import { ImportPreviewLayer } from './import-preview-layer.ts'
import { readImportFile } from './read-import-file.ts'

export interface ImportPanelOptions {
  api: Api
  map: L.Map
  /** The zones were created (their change events follow for every open map). */
  onImported: (created: ImportCreated['created']) => void
  onClose: () => void
}

/**
 * Importing zones from a GeoJSON or KML file: the file is read in the browser (KML converted to
 * GeoJSON), previewed on the map and checked by the server (a dry run); every feature's problems
 * are listed by name. Then all of them are created in one transaction, or none.
 */
export class ImportPanel {
  readonly element: HTMLElement
  readonly #options: ImportPanelOptions
  readonly #results: HTMLElement
  readonly #importButton: HTMLButtonElement
  #collection: (FeatureCollection<Geometry | null> & { name?: string }) | null = null
  #preview: ImportPreviewLayer | null = null

  constructor(options: ImportPanelOptions) {
    this.#options = options
    const fileId = uniqueId('ta-import-file')
    const file = el('input', { id: fileId, type: 'file', name: 'file', class: 'ta-file', accept: '.geojson,.json,.kml,application/geo+json,application/json,application/vnd.google-earth.kml+xml' })
    this.#results = el('div', { class: 'ta-import-results', 'aria-live': 'polite' })
    this.#importButton = button('Import all', { class: 'ta-button ta-button-primary ta-import-go', disabled: true }, () => void this.#import())
    this.element = el(
      'section',
      { class: 'ta-tool ta-import', 'aria-labelledby': 'ta-import-title' },
      el('h2', { id: 'ta-import-title', class: 'ta-tool-title', tabindex: -1 }, 'Import zones'),
      el('p', {}, 'A GeoJSON FeatureCollection or a KML file. Each feature needs at least a name, a kind and the date of its status (effective_date or status_since). Nothing is created until every feature passes.'),
      el('div', { class: 'ta-field' }, el('label', { for: fileId }, 'File to import'), file),
      this.#results,
      el('div', { class: 'ta-form-actions' }, this.#importButton, button('Close', {}, () => options.onClose())),
    )
    file.addEventListener('change', () => {
      const chosen = file.files?.[0]
      if (chosen) void this.#load(chosen)
    })
  }

  destroy(): void {
    this.#preview?.remove()
    this.#preview = null
  }

  async #load(file: File): Promise<void> {
    this.destroy()
    this.#collection = null
    this.#importButton.disabled = true
    replaceChildren(this.#results, el('p', { role: 'status' }, `Reading ${file.name}…`))
    let collection: FeatureCollection<Geometry | null>
    try {
      collection = await readImportFile(file)
    } catch (error) {
      replaceChildren(this.#results, el('p', { class: 'ta-error', role: 'alert' }, error instanceof Error ? error.message : String(error)))
      return
    }
    this.#collection = { ...collection, name: file.name }
    this.#preview = new ImportPreviewLayer({ collection }).addTo(this.#options.map)
    const bounds = this.#preview.bounds()
    if (bounds) this.#options.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 10 })
    replaceChildren(this.#results, el('p', { role: 'status' }, `${file.name}: ${plural(collection.features.length, 'feature')}, shown on the map. Checking them…`))
    await this.#check()
  }

  async #check(): Promise<void> {
    const collection = this.#collection
    if (!collection) return
    try {
      const verdict = (await this.#options.api.importZones(collection, true)) as ImportDryRun
      this.#preview?.markFaulty([])
      replaceChildren(
        this.#results,
        el('p', { class: 'ta-import-ok', role: 'status' }, `All ${plural(verdict.count, 'feature')} can be imported:`),
        el('ol', { class: 'ta-import-list' }, ...verdict.features.map((feature) => el('li', { 'data-index': feature.index }, `${feature.name} (${feature.slug})`))),
      )
      this.#importButton.textContent = `Import all ${plural(verdict.count, 'zone')}`
      this.#importButton.disabled = false
    } catch (error) {
      this.#showProblems(error)
    }
  }

  async #import(): Promise<void> {
    const collection = this.#collection
    if (!collection) return
    this.#importButton.disabled = true
    try {
      const result = (await this.#options.api.importZones(collection, false)) as ImportCreated
      this.destroy()
      this.#collection = null
      replaceChildren(
        this.#results,
        el('p', { class: 'ta-import-ok', role: 'status' }, `Created ${plural(result.created.length, 'zone')}:`),
        el('ul', { class: 'ta-import-list' }, ...result.created.map((zone) => el('li', {}, el('a', { href: `/?zone=${encodeURIComponent(zone.slug)}` }, zone.slug)))),
      )
      this.#importButton.textContent = 'Import all'
      this.#options.onImported(result.created)
    } catch (error) {
      this.#showProblems(error)
    }
  }

  #showProblems(error: unknown): void {
    this.#importButton.disabled = true
    const problem = error instanceof ApiError ? error.problem : null
    const reports: ImportFeatureReport[] = problem?.features ?? []
    this.#preview?.markFaulty(reports.map((report) => report.index))
    replaceChildren(
      this.#results,
      el('p', { class: 'ta-error', role: 'alert' }, problem ? `${problem.detail}` : `The file could not be checked: ${error instanceof Error ? error.message : String(error)}`),
      reports.length
        ? el(
            'ol',
            { class: 'ta-import-problems', 'aria-label': 'Features with problems' },
            ...reports.map((report) =>
              el(
                'li',
                { class: 'ta-import-problem', 'data-index': report.index },
                el('strong', {}, `Feature ${report.index + 1}${report.name ? ` “${report.name}”` : ''}`),
                el('ul', {}, ...report.errors.map((item) => el('li', {}, `${item.where}: ${item.message}`))),
              ),
            ),
          )
        : null,
    )
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
