import { Type } from 'typebox'
import { DEFAULT_INCIDENT_DAYS, MAX_INCIDENT_DAYS } from '../storage/repositories/tiles-repository.ts'
import { CalendarDate } from './common.ts'

/** Query parameters of the vector tiles (/tiles and OGC API - Tiles) and of their TileJSON. */

const AsOf = Type.Optional({ ...CalendarDate, description: 'the map as it stood on this date (YYYY-MM-DD): statuses and the boundary versions in force then' })

const IncidentDays = Type.Integer({
  minimum: 1,
  maximum: MAX_INCIDENT_DAYS,
  default: DEFAULT_INCIDENT_DAYS,
  description: `the incidents drawn: those whose days meet this many days up to as_of (today without it), 1 to ${MAX_INCIDENT_DAYS}`,
})

export const TileQuery = Type.Object(
  {
    v: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'the data version, as the TileJSON document gives it' })),
    as_of: AsOf,
    incident_days: IncidentDays,
  },
  { additionalProperties: false },
)

export const TileJsonQuery = Type.Object({ as_of: AsOf, incident_days: IncidentDays }, { additionalProperties: false })
