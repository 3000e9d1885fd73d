import { addDays } from './status-periods.ts'
import { isInForce, type Status } from './statuses.ts'

/**
 * Whether a zone's truce holds, read from the incidents recorded inside it in the last days: a
 * simple, explained indicator, not a judgement. The rule is data (INDICATOR_RULE), so the same
 * numbers decide the state and write the rule and the reason a reader sees.
 *
 *   incidentIndicator({ asOf: '2017-08-09', events: 12, fatalities: 3, covered: true, hasOutline: true, zoneStatus: 'active' })
 *   // { state: 'broken', window: { from: '2017-07-11', to: '2017-08-09' }, reason: '12 events and 3 deaths recorded
 *   //   inside the zone in the 30 days to 2017-08-09: 10 or more events is broken', … }
 */

export const INDICATOR_STATES = ['holding', 'strained', 'broken', 'unknown'] as const
export type IndicatorState = (typeof INDICATOR_STATES)[number]

export const INDICATOR_RULE = {
  /**
   * Days counted, up to the date asked (both included). A month: long enough that a quiet week
   * between rounds of shelling does not pass for a truce holding, short enough that the state
   * follows a change within weeks; the event datasets publish weekly, so a month is also what they
   * reliably cover.
   */
  windowDays: 30,
  /**
   * Broken when either is reached. Ten events in a month is fighting every few days, no longer
   * incidents at the margins; ten deaths is a toll no ceasefire survives, even from one attack.
   */
  broken: { events: 10, fatalities: 10 },
  /**
   * Holding while both stay below: a couple of incidents without a death is what truces that held
   * lived with (a stray shot, a protest); one death is already a violation that counts.
   */
  holding: { eventsBelow: 3, fatalitiesBelow: 1 },
} as const

export interface IndicatorInput {
  /** The last day of the window (YYYY-MM-DD). */
  asOf: string
  /** Events recorded inside the zone in the window (a row that counts several stands for its count). */
  events: number
  /** Deaths recorded inside the zone in the window (best estimates). */
  fatalities: number
  /** Whether an import of a dataset covered every day of the window. */
  covered: boolean
  /** Whether the zone has an outline (without one, no incident can be inside it). */
  hasOutline: boolean
  /** The zone's status on `asOf`; null before its first entry. */
  zoneStatus: Status | null
}

export interface Indicator {
  state: IndicatorState
  as_of: string
  window: { from: string; to: string }
  events: number
  fatalities: number
  /** The zone's status on as_of: the indicator is computed for any, but a truce is in force only while active. */
  zone_status: Status | null
  reason: string
  rule: string
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

const { windowDays, broken, holding } = INDICATOR_RULE
const BROKEN_EVENTS = `${broken.events} or more events`
const BROKEN_DEATHS = `${broken.fatalities} or more deaths`
const HOLDING_WHEN = `fewer than ${holding.eventsBelow} events and ${holding.fatalitiesBelow === 1 ? 'no death' : `fewer than ${holding.fatalitiesBelow} deaths`}`

/** The whole rule in plain words, written from INDICATOR_RULE. */
export const INDICATOR_RULE_TEXT =
  `Counts the events (a record that stands for several counts as that many) and the deaths (best estimates) recorded inside the zone in the ${windowDays} days up to the date asked: ` +
  `broken when ${BROKEN_EVENTS} or ${BROKEN_DEATHS}; holding when ${HOLDING_WHEN}; strained otherwise. ` +
  `Unknown when it would be holding but no import of a dataset covered all ${windowDays} days (no data is not peace), or when the zone has no outline. ` +
  'Computed whatever the zone\'s status; a truce is in force only while the zone is active.'

/** The days the indicator counts for `asOf`. */
export function indicatorWindow(asOf: string): { from: string; to: string } {
  return { from: addDays(asOf, -(windowDays - 1)), to: asOf }
}

/** The state, and the sentence that says why, for the counts of one window. */
export function incidentIndicator(input: IndicatorInput): Indicator {
  const { asOf, events, fatalities, zoneStatus } = input
  const counted = `${plural(events, 'event')} and ${plural(fatalities, 'death')} recorded inside the zone in the ${windowDays} days to ${asOf}`
  const [state, why] = judge(input, counted)
  const notInForce = isInForce(zoneStatus ?? 'proposed') ? '' : `; the zone was not in force then (${zoneStatus === null ? 'not yet proposed' : `its status was ${zoneStatus}`})`
  return { state, as_of: asOf, window: indicatorWindow(asOf), events, fatalities, zone_status: zoneStatus, reason: `${why}${notInForce}`, rule: INDICATOR_RULE_TEXT }
}

function judge({ events, fatalities, covered, hasOutline }: IndicatorInput, counted: string): [IndicatorState, string] {
  if (!hasOutline) return ['unknown', 'The zone has no outline, so no incident can be placed inside it: unknown']
  const reached = [events >= broken.events ? BROKEN_EVENTS : null, fatalities >= broken.fatalities ? BROKEN_DEATHS : null].filter((part) => part !== null)
  if (reached.length > 0) return ['broken', `${counted}: ${reached.join(' and ')} is broken`]
  if (events < holding.eventsBelow && fatalities < holding.fatalitiesBelow) {
    return covered
      ? ['holding', `${counted}: ${HOLDING_WHEN} is holding`]
      : ['unknown', `${counted}, but no import covered all of those days: no data is not peace, so unknown`]
  }
  return ['strained', `${counted}: more than holding allows (${HOLDING_WHEN}) and less than broken (${BROKEN_EVENTS} or ${BROKEN_DEATHS}) is strained`]
}
