import { describe, expect, it } from 'vitest'
import { STATUSES, allowedTransitions, canTransition, isFinal } from '../../server/domain/statuses.ts'

describe('status rules', () => {
  it('allows exactly the transitions of the product rules', () => {
    const table = Object.fromEntries(STATUSES.map((status) => [status, [...allowedTransitions(status)]]))
    expect(table).toEqual({
      proposed: ['agreed', 'active', 'rejected'],
      agreed: ['active', 'collapsed', 'rejected'],
      active: ['suspended', 'collapsed', 'ended'],
      suspended: ['active', 'collapsed', 'ended'],
      collapsed: [],
      ended: [],
      rejected: [],
    })
  })

  it('treats collapsed, ended and rejected as final', () => {
    expect(STATUSES.filter(isFinal)).toEqual(['collapsed', 'ended', 'rejected'])
    expect(canTransition('ended', 'active')).toBe(false)
    expect(canTransition('suspended', 'active')).toBe(true)
    expect(canTransition('proposed', 'suspended')).toBe(false)
  })
})
