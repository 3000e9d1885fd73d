import type { Api } from '../api.ts'
import { ApiError } from '../api.ts'
import type { IncidentDataset, IncidentImportRecord, IncidentImportReport, IncidentRowProblem } from '../api-types.ts'
import { el, replaceChildren } from '../dom.ts'
import { button, field, input, select } from '../edit/form-fields.ts'

export interface IncidentsAdminOptions {
  api: Api
}

const DATASETS: ReadonlyArray<{ value: IncidentDataset; label: string }> = [
  { value: 'acled', label: 'ACLED export (CSV)' },
  { value: 'ucdp-ged', label: 'UCDP GED (CSV)' },
]
const message = (error: unknown) => (error instanceof Error ? error.message : String(error))
const minute = (value: string) => value.slice(0, 16).replace('T', ' ')

function table(caption: string, headings: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>, className: string): HTMLElement {
  return el(
    'table',
    { class: `ta-table ${className}` },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...headings.map((heading) => el('th', { scope: 'col' }, heading)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((cell) => el('td', {}, cell === null ? '' : String(cell)))))),
  )
}

/**
 * Incidents, for editors: upload an ACLED or UCDP GED export, check it (a dry run says what would
 * be added, updated and removed, or lists the bad rows), then import it; and the past imports.
 */
export class IncidentsAdmin {
  readonly element: HTMLElement
  readonly #api: Api
  readonly #dataset: HTMLSelectElement
  readonly #file: HTMLInputElement
  readonly #report: HTMLElement
  readonly #status: HTMLElement
  readonly #history: HTMLElement
  readonly #buttons: HTMLButtonElement[]

  constructor(options: IncidentsAdminOptions) {
    this.#api = options.api
    this.#dataset = select('dataset', DATASETS, 'acled')
    this.#file = input('file', { type: 'file', accept: '.csv,text/csv', required: true })
    this.#status = el('p', { class: 'ta-admin-status', role: 'status' })
    this.#report = el('div', { class: 'ta-incident-import-report' })
    this.#history = el('div', { class: 'ta-incident-imports' })
    this.#buttons = [button('Check (dry run)', {}, () => void this.#send(true)), button('Import', { class: 'ta-button ta-button-primary' }, () => void this.#send(false))]
    this.element = el(
      'div',
      {},
      el('h2', {}, 'Import incidents'),
      el('p', { class: 'ta-muted' }, "An export as the dataset publishes it. A newer export updates changed events, adds new ones and removes the stored ones of its countries and days that it lacks. Any bad row refuses the whole file."),
      this.#form(),
      this.#status,
      this.#report,
      el('h2', {}, 'Past imports'),
      this.#history,
    )
  }

  #form(): HTMLElement {
    const form = el('form', { class: 'ta-form ta-incident-import-form' }, field('Dataset', this.#dataset), field('File', this.#file), el('div', { class: 'ta-form-actions' }, ...this.#buttons))
    form.addEventListener('submit', (event) => event.preventDefault())
    return form
  }

  async load(): Promise<void> {
    try {
      this.#renderHistory(await this.#api.incidentImports())
    } catch (error) {
      replaceChildren(this.#history, el('p', { class: 'ta-muted' }, `The imports could not be loaded: ${message(error)}`))
    }
  }

  async #send(dryRun: boolean): Promise<void> {
    const file = this.#file.files?.[0]
    if (!file) {
      this.#status.textContent = 'Choose a CSV file first.'
      return
    }
    const dataset = this.#dataset.value as IncidentDataset
    for (const control of this.#buttons) control.disabled = true
    this.#status.textContent = dryRun ? `Checking ${file.name}…` : `Importing ${file.name}…`
    replaceChildren(this.#report)
    try {
      const report = await this.#api.importIncidents(file, { dataset, dryRun, fileName: file.name })
      this.#status.textContent = dryRun ? `${file.name} is sound: nothing was stored yet.` : `${file.name} was imported.`
      this.#renderReport(report)
      if (!dryRun) await this.load()
    } catch (error) {
      this.#status.textContent = error instanceof ApiError && error.problem ? error.problem.detail : `The file could not be sent: ${message(error)}`
      const problems = error instanceof ApiError ? ((error.problem as { problems?: IncidentRowProblem[] } | null)?.problems) : undefined
      if (problems) replaceChildren(this.#report, table('Problems (rows as a spreadsheet numbers them)', ['Row', 'Column', 'Problem'], problems.map((problem) => [problem.row, problem.column, problem.problem]), 'ta-incident-problems'))
    } finally {
      for (const control of this.#buttons) control.disabled = false
    }
  }

  #renderReport(report: IncidentImportReport): void {
    const sample = (ids: readonly string[], count: number) => (count > ids.length ? `${ids.join(', ')}, …` : ids.join(', '))
    replaceChildren(
      this.#report,
      table(
        `${report.dry_run ? 'Would change' : 'Changed'}: ${report.rows} rows, ${report.first_day ?? '–'} to ${report.last_day ?? '–'}`,
        ['Change', 'Events', 'First ids'],
        [
          [report.dry_run ? 'would be added' : 'added', report.added, sample(report.samples.added, report.added)],
          [report.dry_run ? 'would be updated' : 'updated', report.updated, sample(report.samples.updated, report.updated)],
          [report.dry_run ? 'would be removed' : 'removed', report.removed, sample(report.samples.removed, report.removed)],
          ['unchanged', report.unchanged, ''],
        ],
        'ta-incident-counts',
      ),
    )
  }

  #renderHistory(imports: readonly IncidentImportRecord[]): void {
    if (imports.length === 0) {
      replaceChildren(this.#history, el('p', { class: 'ta-muted' }, 'No file has been imported yet.'))
      return
    }
    replaceChildren(
      this.#history,
      table('Past imports, newest first', ['When', 'By', 'Dataset', 'File', 'Days', 'Rows', 'Added', 'Updated', 'Removed', 'Unchanged'],
        imports.map((record) => [minute(record.imported_at), record.imported_by, record.dataset, record.file_name, `${record.first_day ?? ''} – ${record.last_day ?? ''}`, record.rows, record.added, record.updated, record.removed, record.unchanged]),
        'ta-incident-imports-table'),
    )
  }
}
