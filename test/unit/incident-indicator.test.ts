import { describe, expect, it } from 'vitest'
import { INDICATOR_RULE, INDICATOR_RULE_TEXT, incidentIndicator, indicatorWindow, type IndicatorInput } from '../../server/domain/incident-indicator.ts'
import { mergeCoverage, coversWindow } from '../../server/domain/import-coverage.ts'
import { beforeWindow, monthsBetween, statusOn, statusPeriods } from '../../server/domain/status-periods.ts'
import type { HistoryEntry } from '../../server/domain/history.ts'

const counts = (events: number, fatalities: number, more: Partial<IndicatorInput> = {}): IndicatorInput => ({
  asOf: '2017-08-09', events, fatalities, covered: true, hasOutline: true, zoneStatus: 'active', ...more,
})

describe('the incident indicator', () => {
  it('counts the 30 days up to as_of, both included', () => {
    expect(indicatorWindow('2017-08-09')).toEqual({ from: '2017-07-11', to: '2017-08-09' })
    expect(indicatorWindow('2016-03-01')).toEqual({ from: '2016-02-01', to: '2016-03-01' }) // a leap year
  })

  it('is broken from 10 events or 10 deaths, and says which', () => {
    const indicator = incidentIndicator(counts(12, 3))
    expect(indicator).toMatchObject({ state: 'broken', as_of: '2017-08-09', window: { from: '2017-07-11', to: '2017-08-09' }, events: 12, fatalities: 3, zone_status: 'active' })
    expect(indicator.reason).toBe('12 events and 3 deaths recorded inside the zone in the 30 days to 2017-08-09: 10 or more events is broken')
    expect(incidentIndicator(counts(1, 10)).reason).toBe('1 event and 10 deaths recorded inside the zone in the 30 days to 2017-08-09: 10 or more deaths is broken')
    expect(incidentIndicator(counts(10, 10)).reason).toMatch(/10 or more events and 10 or more deaths is broken$/)
  })

  it('holds below 3 events without a death; strained between', () => {
    expect(incidentIndicator(counts(2, 0))).toMatchObject({ state: 'holding', reason: expect.stringMatching(/: fewer than 3 events and no death is holding$/) })
    expect(incidentIndicator(counts(0, 0)).state).toBe('holding')
    expect(incidentIndicator(counts(1, 1)).state).toBe('strained')
    expect(incidentIndicator(counts(3, 0)).state).toBe('strained')
    expect(incidentIndicator(counts(9, 9))).toMatchObject({ state: 'strained', reason: expect.stringContaining('9 events and 9 deaths') })
  })

  it('is unknown when it would hold but no import covered the window, or without an outline', () => {
    expect(incidentIndicator(counts(0, 0, { covered: false }))).toMatchObject({ state: 'unknown', reason: expect.stringContaining('no data is not peace') })
    // recorded incidents prove something even where the coverage is not known
    expect(incidentIndicator(counts(5, 0, { covered: false })).state).toBe('strained')
    expect(incidentIndicator(counts(12, 0, { covered: false })).state).toBe('broken')
    expect(incidentIndicator(counts(0, 0, { hasOutline: false }))).toMatchObject({ state: 'unknown', reason: expect.stringContaining('no outline') })
  })

  it('is computed for a zone not in force, and says so', () => {
    expect(incidentIndicator(counts(12, 0, { zoneStatus: 'suspended' }))).toMatchObject({ state: 'broken', zone_status: 'suspended', reason: expect.stringMatching(/the zone was not in force then \(its status was suspended\)$/) })
    expect(incidentIndicator(counts(0, 0, { zoneStatus: null })).reason).toMatch(/not yet proposed/)
  })

  it('writes the whole rule from its numbers', () => {
    expect(INDICATOR_RULE_TEXT).toContain(`${INDICATOR_RULE.broken.events} or more events or ${INDICATOR_RULE.broken.fatalities} or more deaths`)
    expect(INDICATOR_RULE_TEXT).toContain('holding when fewer than 3 events and no death; strained otherwise')
    expect(incidentIndicator(counts(0, 0)).rule).toBe(INDICATOR_RULE_TEXT)
  })
})

describe('status periods', () => {
  const history: HistoryEntry[] = [
    { from_status: null, to_status: 'proposed', effective_on: '2017-05-04' },
    { from_status: 'proposed', to_status: 'agreed', effective_on: '2017-05-04' },
    { from_status: 'agreed', to_status: 'active', effective_on: '2017-07-09' },
    { from_status: 'active', to_status: 'suspended', effective_on: '2018-01-01' },
  ]

  it('run from each entry to the day before the next, the last to as_of; a day held by two entries goes to the later', () => {
    expect(statusPeriods(history, '2018-01-10')).toEqual([
      { status: 'agreed', from: '2017-05-04', to: '2017-07-08', days: 66 },
      { status: 'active', from: '2017-07-09', to: '2017-12-31', days: 176 },
      { status: 'suspended', from: '2018-01-01', to: '2018-01-10', days: 10 },
    ])
    expect(statusPeriods(history, '2017-08-01').map((period) => [period.status, period.to])).toEqual([['agreed', '2017-07-08'], ['active', '2017-08-01']])
    expect(statusPeriods(history, '2017-01-01')).toEqual([])
    expect(statusOn(statusPeriods(history, '2018-01-10'), '2017-07-09')).toBe('active')
    expect(statusOn(statusPeriods(history, '2018-01-10'), '2017-01-01')).toBeNull()
  })

  it('the window before is as long as the first period, at most a year', () => {
    expect(beforeWindow({ from: '2017-05-04', days: 66 })).toEqual({ from: '2017-02-27', to: '2017-05-03', days: 66 })
    expect(beforeWindow({ from: '2017-05-04', days: 4000 })).toEqual({ from: '2016-05-04', to: '2017-05-03', days: 365 })
  })

  it('months run across years', () => {
    expect(monthsBetween('2016-11-20', '2017-02-01')).toEqual(['2016-11', '2016-12', '2017-01', '2017-02'])
    expect(monthsBetween('2017-02-01', '2017-02-28')).toEqual(['2017-02'])
  })
})

describe('import coverage', () => {
  it('joins overlapping and adjacent imports of a dataset, and covers a window only whole', () => {
    const ranges = mergeCoverage([
      { dataset: 'acled', first_day: '2017-07-01', last_day: '2017-12-31' },
      { dataset: 'ucdp-ged', first_day: '2017-01-01', last_day: '2017-03-31' },
      { dataset: 'acled', first_day: '2017-01-01', last_day: '2017-06-30' },
      { dataset: 'acled', first_day: '2018-02-01', last_day: '2018-02-28' },
    ])
    expect(ranges).toEqual([
      { dataset: 'acled', from: '2017-01-01', to: '2017-12-31' },
      { dataset: 'acled', from: '2018-02-01', to: '2018-02-28' },
      { dataset: 'ucdp-ged', from: '2017-01-01', to: '2017-03-31' },
    ])
    expect(coversWindow(ranges, '2017-06-15', '2017-07-14')).toBe(true)
    expect(coversWindow(ranges, '2017-12-15', '2018-01-13')).toBe(false)
  })
})
