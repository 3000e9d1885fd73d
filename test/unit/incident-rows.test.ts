import { describe, expect, it } from 'vitest'
import { acledFormat } from '../../server/import/incidents/acled-rows.ts'
import { FieldReader } from '../../server/import/incidents/field-reader.ts'
import { incidentSlug } from '../../server/domain/incident-rows.ts'
import { ucdpGedFormat } from '../../server/import/incidents/ucdp-ged-rows.ts'

/** A reader over one row given as {column: cell}. */
function reader(cells: Record<string, string>): FieldReader {
  const columns = Object.keys(cells)
  return new FieldReader(2, Object.values(cells), new Map(columns.map((column, index) => [column, index])))
}

const acled = { event_id_cnty: 'SYR1', event_date: '2018-03-14', time_precision: '1', event_type: 'Battles', latitude: '35.9', longitude: '36.6', geo_precision: '1', fatalities: '3' }

describe('incident rows', () => {
  it('reads ACLED dates in both its forms, and only real days', () => {
    for (const [text, day] of [['2018-03-14', '2018-03-14'], ['14 March 2018', '2018-03-14'], ['4 mar 2018', '2018-03-04'], ['29 February 2020', '2020-02-29'], ['2017-07-10 00:00:00.000', '2017-07-10']] as const) {
      expect(reader({ d: text }).date('d', { named: true }), text).toBe(day)
    }
    for (const text of ['29 February 2019', '2018-13-01', '10/07/2017', '1899-12-31', '2018-03-14T12:00', '14 Marchember 2018']) {
      const fields = reader({ d: text })
      expect(fields.date('d', { named: true }), text).toBeUndefined()
      expect(fields.problems[0]).toMatchObject({ row: 2, column: 'd' })
    }
  })

  it('maps an ACLED row, fatalities as the best estimate', () => {
    expect(acledFormat.read(reader({ ...acled, geo_precision: '2', time_precision: '3', notes: '<b>text</b>' }))).toMatchObject({
      event_id: 'SYR1', slug: 'acled-syr1', location_precision: 'approximate', date_precision: 'month', occurred_until: '2018-03-14',
      fatalities_low: null, fatalities_best: 3, fatalities_high: null, notes: '<b>text</b>', place: null,
    })
  })

  it('refuses numbers that are not finite, whole or in range', () => {
    for (const [column, value] of [['latitude', '-90.0001'], ['longitude', '1e2'], ['longitude', '-Infinity'], ['fatalities', '1.0'], ['fatalities', '1000001'], ['fatalities', ' -0']]) {
      const fields = reader({ ...acled, [column!]: value! })
      expect(acledFormat.read(fields), `${column}=${value}`).toBeNull()
      expect(fields.problems.map((problem) => problem.column)).toEqual([column])
    }
  })

  it('maps UCDP GED rows and checks low ≤ best ≤ high and the dates’ order', () => {
    const ged = { id: '123', date_start: '2018-01-10', date_end: '2018-01-14', date_prec: '2', where_prec: '6', latitude: '35', longitude: '36', best: '2', low: '1', high: '4', type_of_violence: '3' }
    expect(ucdpGedFormat.read(reader(ged))).toMatchObject({ slug: 'ucdp-ged-123', date_precision: 'range', location_precision: 'region', location_precision_code: 6, event_type: 'One-sided violence' })
    const disordered = reader({ ...ged, low: '3' })
    expect(ucdpGedFormat.read(disordered)).toBeNull()
    expect(disordered.problems[0]!.column).toBe('best')
    const backwards = reader({ ...ged, date_end: '2018-01-09' })
    expect(ucdpGedFormat.read(backwards)).toBeNull()
    expect(backwards.problems[0]!.column).toBe('date_end')
  })

  it('makes slugs of lowercase words joined by hyphens', () => {
    expect(incidentSlug('acled', 'SYR-TEST-1')).toBe('acled-syr-test-1')
    expect(incidentSlug('ucdp-ged', 'a.b__c:')).toBe('ucdp-ged-a-b-c')
  })
})
