import { stringify } from 'csv-stringify/sync'
import type { IncidentCsvRow } from '../storage/repositories/incidents-repository.ts'

/** The columns, in order: an incident's properties, its place (lon/lat for a point, WKT otherwise), then the citation. */
export const INCIDENT_CSV_COLUMNS = [
  'id', 'slug', 'dataset', 'event_id', 'occurred_on', 'occurred_until', 'date_precision', 'event_type', 'sub_event_type', 'actor1', 'actor2',
  'fatalities_low', 'fatalities_best', 'fatalities_high', 'event_count', 'location_precision', 'place', 'admin1', 'country', 'reported_by', 'source_name',
  'notes', 'source_url', 'lon', 'lat', 'wkt', 'data_version', 'retrieved_at',
] as const

/** What a reader needs to cite an export of incidents: the data version and when it was retrieved. */
export interface IncidentsCitation {
  dataVersion: number
  /** ISO 8601, UTC. */
  retrievedAt: string
}

/**
 * Incidents as CSV (RFC 4180), one row per incident, for spreadsheets and GIS imports: a point as
 * lon/lat columns (WGS 84), an area (or several points) as WKT with lon/lat empty. Cells a
 * spreadsheet would run as a formula (=, +, -, @ first) are prefixed with an apostrophe, as the
 * zones' CSV does; the citation is repeated on every row, so it stays with any row copied elsewhere.
 */
export function incidentsToCsv(rows: readonly IncidentCsvRow[], citation: IncidentsCitation, { header = true } = {}): string {
  const records = rows.map((row) => ({ ...row, data_version: citation.dataVersion, retrieved_at: citation.retrievedAt }))
  return stringify(records, {
    header,
    columns: [...INCIDENT_CSV_COLUMNS],
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  })
}

/** The CSV of incidents read in chunks, written as they come: the header, then each incident's line. */
export async function* incidentsCsvDocument(chunks: AsyncIterable<readonly IncidentCsvRow[]>, citation: IncidentsCitation): AsyncGenerator<string> {
  yield incidentsToCsv([], citation, { header: true })
  for await (const rows of chunks) {
    for (const row of rows) yield incidentsToCsv([row], citation, { header: false })
  }
}
