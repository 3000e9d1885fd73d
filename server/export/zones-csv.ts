import { stringify } from 'csv-stringify/sync'
import type { ZoneCsvRow } from '../storage/repositories/zone-features-repository.ts'
import type { ExportCitation } from './citation.ts'

const COLUMNS = [
  'id', 'slug', 'name', 'name_ar', 'kind', 'status', 'status_since', 'proposed_on', 'in_force_from', 'ended_on', 'area_km2', 'approximate', 'sponsors', 'parties',
  'description', 'source_urls', 'source_reliability', 'wkt', 'as_of', 'data_version', 'retrieved_at',
] as const

/**
 * Zones as CSV (RFC 4180) with the shape as WKT in WGS 84, for spreadsheets and GIS imports.
 * Lists are joined with "; " (source URLs, and their grades in the same order, with spaces) and parties written as slug:role. Cells that
 * a spreadsheet would run as a formula (=, +, -, @ first) are prefixed with an apostrophe. The
 * citation (as-of date, data version, retrieval time) is in columns repeated on every row rather
 * than a comment line, which spreadsheets would read as a row of data: it stays with any row copied
 * elsewhere.
 */
export function zonesToCsv(rows: readonly ZoneCsvRow[], citation: ExportCitation, { header = true } = {}): string {
  const records = rows.map((row) => ({
    ...row,
    sponsors: row.sponsors.join('; '),
    parties: row.parties.map((party) => `${party.slug}:${party.role}`).join('; '),
    source_urls: row.source_urls.join(' '),
    source_reliability: row.source_reliability.join(' '),
    as_of: citation.asOf,
    data_version: citation.dataVersion,
    retrieved_at: citation.retrievedAt,
  }))
  return stringify(records, {
    header,
    columns: [...COLUMNS],
    cast: { boolean: (value) => String(value), string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  })
}

/** The CSV of zones read in chunks, written a zone at a time as they come: the header, then each zone's line. */
export async function* csvDocument(chunks: AsyncIterable<readonly ZoneCsvRow[]>, citation: ExportCitation): AsyncGenerator<string> {
  yield zonesToCsv([], citation, { header: true })
  for await (const rows of chunks) {
    for (const row of rows) yield zonesToCsv([row], citation, { header: false })
  }
}
