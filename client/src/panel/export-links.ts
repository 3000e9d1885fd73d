import { exportFileName } from '../../../server/domain/export-file-name.ts'
import type { ExportFormat, ZonesQuery } from '../api.ts'
import { el } from '../dom.ts'
import { t } from '../i18n/index.ts'
import type { AppState } from '../state.ts'

export interface ExportLinksOptions {
  /** The API's address for a query in a format (Api.exportUrl). */
  urlOf: (query: ZonesQuery, format: ExportFormat) => string
}

/** The formats by their own names (GeoJSON, KML and CSV are not translated), with what each is for. */
const FORMATS: { format: ExportFormat; label: string; description: string }[] = [
  { format: 'geojson', label: 'GeoJSON', description: 'downloads.geojson' },
  { format: 'kml', label: 'KML', description: 'downloads.kml' },
  { format: 'csv', label: 'CSV', description: 'downloads.csv' },
]

/**
 * Downloads of the zones the list shows: the same filters and date, asked of the API in GeoJSON
 * (every match, streamed), KML or CSV (with the shapes as WKT), saved under the name the API gives
 * them (their date and filters, e.g. truce-atlas_2017-07-09_status-active.kml).
 */
export class ExportLinks {
  readonly element: HTMLElement
  readonly #options: ExportLinksOptions
  readonly #links = new Map<ExportFormat, HTMLAnchorElement>()

  constructor(options: ExportLinksOptions) {
    this.#options = options
    const items = FORMATS.map(({ format, label, description }) => {
      const link = el('a', { class: 'ta-export-link', 'data-format': format, download: exportFileName(format, undefined, {}), href: '/zones' }, label)
      link.setAttribute('aria-label', t('downloads.linkLabel', { format: label, description: t(description) }))
      this.#links.set(format, link)
      return el('li', {}, link)
    })
    this.element = el('nav', { class: 'ta-export', 'aria-label': t('downloads.label') }, el('span', { class: 'ta-export-title' }, t('downloads.title')), el('ul', {}, ...items))
  }

  /** Follows the filters and the date. */
  update(state: Pick<AppState, 'statuses' | 'kinds' | 'sponsor' | 'query' | 'date'>): void {
    const query: ZonesQuery = {
      status: state.statuses,
      kind: state.kinds,
      ...(state.sponsor ? { sponsor: [state.sponsor] } : {}),
      asOf: state.date,
      q: state.query,
    }
    for (const [format, link] of this.#links) {
      link.href = this.#options.urlOf(format === 'geojson' ? { ...query, limit: 'all' } : query, format)
      link.download = exportFileName(format, state.date ?? undefined, { status: query.status, kind: query.kind, sponsor: query.sponsor, q: query.q })
    }
  }
}
