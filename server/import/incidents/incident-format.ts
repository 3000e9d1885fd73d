import type { FieldReader } from './field-reader.ts'
import type { ImportedDataset, IncidentRow } from '../../domain/incident-rows.ts'

/** How the rows of one dataset's export are read. */
export interface IncidentFormat {
  dataset: ImportedDataset
  /** The column of the event's id. */
  idColumn: string
  /** The columns a file must have; others are ignored. */
  required: readonly string[]
  /** The row as an incident, or null when the reader noted problems. */
  read(fields: FieldReader): IncidentRow | null
}

/** True when every reading of a row succeeded (undefined is what a failed reader returns). */
export function allRead<T extends Record<string, unknown>>(values: T): values is { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.values(values).every((value) => value !== undefined)
}
