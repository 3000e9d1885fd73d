import { fromDayNumber, toDayNumber } from '../dates.ts'
import type { DayWindow } from './incident-types.ts'

/** The map's incidents are those of the 30 days up to its date, that day included. */
export const INCIDENT_WINDOW_DAYS = 30

/** The window of INCIDENT_WINDOW_DAYS days ending on `day` (YYYY-MM-DD): 2017-07-30 → 2017-07-01 to 2017-07-30. */
export function windowEnding(day: string): DayWindow {
  return { from: fromDayNumber(toDayNumber(day) - (INCIDENT_WINDOW_DAYS - 1)), to: day }
}
