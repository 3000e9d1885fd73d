import { stringify } from 'csv-stringify/sync'

export interface ZoneCsvRow {
  id: number
  slug: string
  name: string
  kind: string
  status: string
  status_since: string
  proposed_on: string | null
  in_force_from: string | null
  ended_on: string | null
  area_km2: number | null
  approximate: boolean
  sponsors: string[]
  parties: Array<{ slug: string; role: string }>
  description: string | null
  wkt: string | null
}

const COLUMNS = ['id', 'slug', 'name', 'kind', 'status', 'status_since', 'proposed_on', 'in_force_from', 'ended_on', 'area_km2', 'approximate', 'sponsors', 'parties', 'description', 'wkt'] as const

/**
 * Zones as CSV (RFC 4180) with the shape as WKT in WGS 84, for spreadsheets and GIS imports.
 * Lists are joined with "; " and parties written as slug:role. Cells that a spreadsheet would run
 * as a formula (=, +, -, @ first) are prefixed with an apostrophe.
 */
export function zonesToCsv(rows: readonly ZoneCsvRow[], { header = true } = {}): string {
  const records = rows.map((row) => ({
    ...row,
    sponsors: row.sponsors.join('; '),
    parties: row.parties.map((party) => `${party.slug}:${party.role}`).join('; '),
  }))
  return stringify(records, {
    header,
    columns: [...COLUMNS],
    cast: { boolean: (value) => String(value), string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  })
}

/** The CSV of zones read in chunks (a page or more), written as they come: the header, then each chunk's lines. */
export async function* csvDocument(chunks: AsyncIterable<readonly ZoneCsvRow[]>): AsyncGenerator<string> {
  let header = true
  for await (const rows of chunks) {
    if (rows.length === 0 && !header) continue
    yield zonesToCsv(rows, { header })
    header = false
  }
}
