/**
 * The moment a link's recorded_as_of stands for, in milliseconds: an RFC 3339 time as it is, a day
 * (YYYY-MM-DD) as the end of that day in UTC, as the API reads it.
 */
export function recordedCutoff(recorded: string): number {
  return recorded.length === 10 ? Date.parse(`${recorded}T23:59:59.999Z`) : Date.parse(recorded)
}

/** Whether something recorded at `recordedAt` (an RFC 3339 time) was in the record by `recorded` (null: now). */
export function recordedBy(recordedAt: string, recorded: string | null): boolean {
  return recorded === null || Date.parse(recordedAt) <= recordedCutoff(recorded)
}
