import slugify from '@sindresorhus/slugify'

/** The download formats of GET /zones. */
export type ExportFormat = 'geojson' | 'csv' | 'kml'

/** The filters of GET /zones that a file name records, as the client and the API both know them. */
export interface ExportFileFilters {
  status?: readonly string[] | undefined
  kind?: readonly string[] | undefined
  sponsor?: readonly string[] | undefined
  party?: readonly string[] | undefined
  role?: readonly string[] | undefined
  q?: string | undefined
  bbox?: readonly number[] | undefined
  contains?: readonly number[] | undefined
  archived?: boolean | undefined
}

/** Characters the filters may take in a file name: enough to tell exports apart, short enough for any file system. */
export const MAX_FILTERS_IN_NAME = 80

/** Today in UTC (YYYY-MM-DD): the date of an export that names none. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10)

/**
 * The name a download of zones is saved under, which a reader can cite:
 * `truce-atlas_<date>[_<filter>-<values>...].<format>`, e.g. truce-atlas_2017-07-09_status-active.geojson.
 * The date is the map's date (as_of), or today's; the filters are slugified (plain ASCII, so the
 * name is safe in a Content-Disposition header) and cut to MAX_FILTERS_IN_NAME characters.
 */
export function exportFileName(format: ExportFormat, asOf: string | undefined, filters: ExportFileFilters): string {
  const parts: string[] = []
  const add = (key: string, values: ReadonlyArray<string | number> | string | undefined) => {
    const words = typeof values === 'string' ? values : values?.join(' ')
    const slug = words === undefined ? '' : slugify(words)
    if (slug) parts.push(`${key}-${slug}`)
  }
  add('status', filters.status)
  add('kind', filters.kind)
  add('sponsor', filters.sponsor)
  add('party', filters.party)
  add('role', filters.role)
  add('q', filters.q)
  add('bbox', filters.bbox)
  add('contains', filters.contains)
  if (filters.archived) parts.push('archived')
  const described = parts.join('_').slice(0, MAX_FILTERS_IN_NAME).replace(/[-_]+$/, '')
  return `truce-atlas_${asOf ?? todayUtc()}${described ? `_${described}` : ''}.${format}`
}
