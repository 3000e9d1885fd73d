import { describe, expect, it } from 'vitest'
import { datesFromHistory, effectiveDateProblem, historyProblems, type HistoryEntry } from '../../server/domain/history.ts'

const southWest: HistoryEntry[] = [
  { from_status: null, to_status: 'proposed', effective_on: '2017-05-04' },
  { from_status: 'proposed', to_status: 'agreed', effective_on: '2017-07-07' },
  { from_status: 'agreed', to_status: 'active', effective_on: '2017-07-09' },
  { from_status: 'active', to_status: 'collapsed', effective_on: '2018-06-18' },
]

describe('zone history', () => {
  it('accepts a history that follows the rules and derives its dates', () => {
    expect(historyProblems(southWest)).toEqual([])
    expect(datesFromHistory(southWest)).toEqual({
      status: 'collapsed',
      status_since: '2018-06-18',
      proposed_on: '2017-05-04',
      in_force_from: '2017-07-09',
      ended_on: '2018-06-18',
    })
  })

  it('names each broken link of the chain', () => {
    const broken: HistoryEntry[] = [
      { from_status: null, to_status: 'proposed', effective_on: '2017-05-04' },
      { from_status: 'proposed', to_status: 'ended', effective_on: '2017-06-01' },
      { from_status: 'agreed', to_status: 'active', effective_on: '2017-01-01' },
    ]
    expect(historyProblems(broken)).toEqual([
      'entry 2 (2017-06-01): proposed -> ended is not an allowed transition',
      'entry 3 (2017-01-01): from agreed does not follow the previous status ended',
      'entry 3 (2017-01-01): dated before the entry above it',
    ])
    expect(historyProblems([])).toEqual(['a zone needs at least one history entry (its proposal)'])
  })

  it('leaves proposed_on empty when the first entry is not a proposal', () => {
    const dates = datesFromHistory([{ from_status: null, to_status: 'active', effective_on: '2017-06-06' }])
    expect(dates).toMatchObject({ status: 'active', proposed_on: null, in_force_from: '2017-06-06', ended_on: null })
  })
})

describe('undoing a status change', () => {
  const rows = [
    { id: 1, reverses_change_id: null, from_status: null, to_status: 'proposed', effective_on: '2017-05-04' },
    { id: 2, reverses_change_id: null, from_status: 'proposed', to_status: 'agreed', effective_on: '2017-07-07' },
    { id: 3, reverses_change_id: null, from_status: 'agreed', to_status: 'active', effective_on: '2017-07-09' },
  ] as const
  const undo = { id: 4, reverses_change_id: 3, from_status: 'active', to_status: 'agreed', effective_on: '2017-07-09' } as const

  it('reverses the latest change, never the proposal, and not an undo', async () => {
    const { undoableEntry } = await import('../../server/domain/history.ts')
    expect(undoableEntry([...rows])?.id).toBe(3)
    expect(undoableEntry([rows[0]])).toBeNull()
    expect(undoableEntry([...rows, undo])).toBeNull()
  })

  it('leaves reversed pairs out of the effective history, so the dates go back too', async () => {
    const { effectiveHistory } = await import('../../server/domain/history.ts')
    const effective = effectiveHistory([...rows, undo])
    expect(effective.map((entry) => entry.id)).toEqual([1, 2])
    expect(datesFromHistory(effective)).toMatchObject({ status: 'agreed', status_since: '2017-07-07', in_force_from: null })
  })
})

describe('effectiveDateProblem', () => {
  it('accepts today, the past back to 1900 and up to a year ahead', () => {
    for (const date of ['2026-12-06', '1900-01-01', '2017-05-04', '2026-12-07', '2027-12-06']) expect(effectiveDateProblem(date, '2026-12-06'), date).toBeNull()
  })

  it('refuses more than a year ahead and before 1900, saying why', () => {
    expect(effectiveDateProblem('2027-12-07', '2026-12-06')).toMatch(/more than a year ahead \(after 2027-12-06\)/)
    expect(effectiveDateProblem('2031-01-01', '2026-12-06')).toMatch(/more than a year ahead/)
    expect(effectiveDateProblem('1899-12-31', '2026-12-06')).toMatch(/before 1900/)
    expect(effectiveDateProblem('0001-01-01', '2026-12-06')).toMatch(/before 1900/)
    expect(effectiveDateProblem('9999-12-31', '2026-12-06')).toMatch(/more than a year ahead/)
  })

  it('counts a year from 29 February to 29 February of a year without one as up to 28 February', () => {
    expect(effectiveDateProblem('2029-02-28', '2028-02-29')).toBeNull()
    expect(effectiveDateProblem('2029-03-01', '2028-02-29')).toMatch(/more than a year ahead/)
  })
})
