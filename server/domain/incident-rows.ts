import type { DatePrecision } from './incidents.ts'
import type { LocationPrecision } from './location-precision.ts'
import type { IncidentEvent } from './incidents.ts'

/** The datasets an export file can be imported from (`atlas` incidents are entered, not imported). */
export const IMPORTED_DATASETS = ['acled', 'ucdp-ged'] as const
export type ImportedDataset = (typeof IMPORTED_DATASETS)[number]

/** One event of a dataset's export, as the incidents table stores it (migration 016). */
export interface IncidentRow extends IncidentEvent {
  /** The spreadsheet row the event came from (the header is row 1). */
  row: number
  event_id: string
  slug: string
  longitude: number
  latitude: number
  location_precision: LocationPrecision
  location_precision_code: number
  place: string | null
  admin1: string | null
  country: string | null
  date_precision: DatePrecision
  date_precision_code: number
  source_name: string | null
  source_scale: string | null
  notes: string | null
  /** When the dataset last changed the event, as an ISO timestamp. */
  source_updated_at: string | null
}

/** What is wrong with one cell (or a whole row, column null) of a file. */
export interface RowProblem {
  row: number
  column: string | null
  problem: string
}

/**
 * The incident's slug: `${dataset}-${event_id}`, lowercase, every run of other characters than
 * a-z and 0-9 a single hyphen (ACLED's SYR1234 becomes acled-syr1234).
 */
export function incidentSlug(dataset: ImportedDataset, eventId: string): string {
  return `${dataset}-${eventId}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
}
