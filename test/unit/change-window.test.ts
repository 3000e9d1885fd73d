import { describe, expect, it } from 'vitest'
import { addYears, windowProblems } from '../../server/domain/changes.ts'
import { decodeChangeCursor, encodeChangeCursor } from '../../server/http/change-cursor.ts'

describe('the window of /changes', () => {
  it('adds years to a day, 29 February landing on the 28th in a common year', () => {
    expect(addYears('2017-07-01', 50)).toBe('2067-07-01')
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28')
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29')
    expect(addYears('0001-01-01', 50)).toBe('0051-01-01')
  })

  it('takes up to 50 years, both ends included, either end open', () => {
    expect(windowProblems('2000-01-01', '2050-01-01')).toEqual([])
    expect(windowProblems('2017-07-09', '2017-07-09')).toEqual([])
    expect(windowProblems(undefined, undefined)).toEqual([])
    expect(windowProblems('1900-01-01', undefined)).toEqual([])
  })

  it('says where a window is wrong', () => {
    expect(windowProblems('2000-01-01', '2050-01-02')).toEqual([{ where: 'query.to', message: expect.stringMatching(/longer than 50 years/) }])
    expect(windowProblems('2017-07-10', '2017-07-09')).toEqual([{ where: 'query.from', message: expect.stringMatching(/after to/) }])
    expect(windowProblems('0000-12-31', '2017-07-09')).toEqual([{ where: 'query.from', message: expect.stringMatching(/outside/) }])
  })
})

describe('the cursor of /changes', () => {
  it('reads back the key it was made from', () => {
    const key = { day: '2017-07-09', rank: 1, id: 17 }
    expect(decodeChangeCursor(encodeChangeCursor(key))).toEqual(key)
  })

  it('refuses a cursor it did not give out, or one naming a day or id PostgreSQL cannot read', () => {
    for (const text of ['changes:2017-02-30~1~5', 'changes:0000-01-01~1~5', 'changes:2017-07-09~3~5', 'changes:2017-07-09~1~99999999999', 'after:17', 'changes:2017-07-09~1~-1']) {
      expect(() => decodeChangeCursor(Buffer.from(text).toString('base64url')), text).toThrow(/not a cursor this service gave out/)
    }
    expect(() => decodeChangeCursor('!!!')).toThrow(/not a cursor/)
  })
})
