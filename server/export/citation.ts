/** What a reader needs to cite an export: the date it shows, the data version and when and where it was retrieved. */
export interface ExportCitation {
  /** The date the zones are shown as of (YYYY-MM-DD): the one asked for, or today. */
  asOf: string
  /** The data version (it grows with every change to the zones) the export was read at. */
  dataVersion: number
  /** When the export was made (ISO 8601, UTC). */
  retrievedAt: string
  /** The address it was retrieved from. */
  url: string
}
