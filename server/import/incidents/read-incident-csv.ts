import type { Readable } from 'node:stream'
import { parse, CsvError } from 'csv-parse'
import { FieldReader } from './field-reader.ts'
import type { IncidentFormat } from './incident-format.ts'
import type { IncidentRow, RowProblem } from '../../domain/incident-rows.ts'

/** The longest record (in characters) the parser holds before it gives up on the file. */
const MAX_RECORD_CHARACTERS = 256 * 1024
const MAX_COLUMNS = 200

/** The file's header lacks columns its format needs (or names one twice): nothing can be read. */
export class HeaderError extends Error {
  constructor(
    readonly missing: readonly string[],
    readonly repeated: readonly string[],
  ) {
    super([
      missing.length > 0 ? `the file lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}` : '',
      repeated.length > 0 ? `the header names ${repeated.join(', ')} more than once` : '',
    ].filter(Boolean).join('; '))
    this.name = 'HeaderError'
  }
}

/** One data row of the file: the incident, or what is wrong with it. */
export type ReadRow = { ok: true; incident: IncidentRow } | { ok: false; problems: RowProblem[] }

function readHeader(fields: readonly string[], format: IncidentFormat): Map<string, number> {
  const columns = new Map<string, number>()
  const repeated = new Set<string>()
  fields.slice(0, MAX_COLUMNS).forEach((name, index) => {
    const column = name.trim().toLowerCase()
    if (columns.has(column)) repeated.add(column)
    else columns.set(column, index)
  })
  const missing = format.required.filter((column) => !columns.has(column))
  const repeatedKnown = [...repeated].filter((column) => column !== '')
  if (missing.length > 0 || repeatedKnown.length > 0) throw new HeaderError(missing, repeatedKnown)
  return columns
}

/**
 * Reads a dataset's CSV export as a stream, one row at a time, so that a file of any length is held
 * a record at a time: the header first (the columns the format needs, in any order; others are
 * ignored), then each row as an incident or its problems. Rows are numbered as a spreadsheet shows
 * them: the header is row 1. A file the CSV parser cannot read (an unclosed quote, a record over
 * 256 KiB) ends with one problem at the row where reading stopped.
 *
 *   for await (const row of readIncidentCsv(fs.createReadStream(file), acledFormat)) ...
 */
export async function* readIncidentCsv(input: Readable, format: IncidentFormat): AsyncGenerator<ReadRow> {
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_RECORD_CHARACTERS })
  input.on('error', (error) => parser.destroy(error))
  input.pipe(parser)
  let columns: Map<string, number> | null = null
  let row = 0
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      row += 1
      if (columns === null) {
        columns = readHeader(fields, format)
        continue
      }
      const reader = new FieldReader(row, fields, columns)
      const incident = format.read(reader)
      yield incident && reader.problems.length === 0 ? { ok: true, incident } : { ok: false, problems: reader.problems }
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    // The parser counts the records it read (the header too); rows read with the failing chunk are not checked.
    const records = typeof error.records === 'number' ? error.records : row
    yield { ok: false, problems: [{ row: records + 1, column: null, problem: `the file cannot be read as CSV here: ${error.message}` }] }
    return
  } finally {
    input.unpipe(parser)
    parser.destroy()
  }
  if (columns === null) throw new HeaderError(format.required, [])
}
