import { Type } from 'typebox'
import { INDICATOR_STATES } from '../domain/incident-indicator.ts'
import { STATUSES } from '../domain/statuses.ts'
import { CalendarDate, Link } from './common.ts'

export const ZoneIncidentsQuery = Type.Object(
  {
    as_of: Type.Optional({ ...CalendarDate, description: 'the last day summed up (YYYY-MM-DD, from 1900 to a year ahead); default today' }),
  },
  { additionalProperties: false },
)

const Day = Type.String({ format: 'date' })
const Count = Type.Integer({ minimum: 0 })
const Rate = Type.Number({ minimum: 0, description: 'events per 30 days, to 2 decimals' })

const TypeCount = Type.Object(
  { event_type: Type.String(), events: Count, fatalities: Count },
  { additionalProperties: false },
)

const WindowMembers = {
  from: Day,
  to: Day,
  days: Type.Integer({ minimum: 1 }),
  records: { ...Count, description: 'rows recorded' },
  events: { ...Count, description: 'events: a row that stands for several counts as that many, one without a count as one' },
  fatalities: { ...Count, description: 'deaths, best estimates (rows without one left out)' },
  rate_per_30_days: Rate,
  by_type: Type.Array(TypeCount, { description: 'by event type, alphabetical; types without an incident left out' }),
}

const BeforeWindow = Type.Object(WindowMembers, {
  additionalProperties: false,
  description: "the days before the zone's first entry, as many as its first period holds (at most 365), which the first period is compared with",
})

const Period = Type.Object(
  {
    status: Type.Enum(STATUSES),
    ...WindowMembers,
    previous_rate_per_30_days: { ...Rate, description: 'the rate of the period before (of `before` for the first)' },
    change: Type.Union([Type.Number(), Type.Null()], { description: 'rate / previous rate, to 2 decimals; null when the previous rate is 0' }),
  },
  { additionalProperties: false, description: "a period of the zone's status: from an entry's date to the day before the next, the last to as_of" },
)

const Month = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }),
    events: Count,
    fatalities: Count,
    by_type: Type.Record(Type.String(), Count, { description: 'events by event type' }),
  },
  { additionalProperties: false },
)

const CoveredRange = Type.Object(
  { dataset: Type.String(), from: Day, to: Day },
  { additionalProperties: false, description: "days an import of the dataset covered (imports that meet are joined): only there does an absence of incidents say something" },
)

const Indicator = Type.Object(
  {
    state: Type.Enum(INDICATOR_STATES),
    as_of: Day,
    window: Type.Object({ from: Day, to: Day }, { additionalProperties: false }),
    events: Count,
    fatalities: Count,
    zone_status: Type.Union([Type.Enum(STATUSES), Type.Null()], { description: "the zone's status on as_of (null before its first entry); the truce is in force only while active" }),
    reason: Type.String({ description: 'one sentence with the numbers' }),
    rule: Type.String({ description: 'the whole rule in plain words' }),
  },
  { additionalProperties: false },
)

export const ZoneIncidents = Type.Object(
  {
    zone: Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() }, { additionalProperties: false }),
    as_of: Day,
    rule: Type.Object({ inside: Type.String(), indicator: Type.String() }, { additionalProperties: false }),
    coverage: Type.Array(CoveredRange),
    before: Type.Union([BeforeWindow, Type.Null()], { description: 'null when the zone had no entry by as_of' }),
    periods: Type.Array(Period, { description: 'oldest first' }),
    months: Type.Array(Month, { description: 'from the month `before` starts in to the month of as_of, empty months included' }),
    indicator: Indicator,
    links: Type.Array(Link),
  },
  { additionalProperties: false },
)
