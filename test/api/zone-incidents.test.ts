import { beforeAll, describe, expect, it } from 'vitest'
import type { Polygon } from 'geojson'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { editorToken } from '../helpers/accounts.ts'
import { postZone, square } from '../helpers/zones.ts'
import { insertIncidents, type TestIncident } from '../helpers/incidents.ts'
import { Ajv } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import { ZoneIncidents } from '../../server/schemas/zone-incidents.ts'

// Test fixtures: made-up zones and events, not real ones.
const service = useTestApp({ template: 'migrated', env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let bearer: Record<string, string>

const SMALL = square(38, 34, 0.3) // about 28 by 33 km
const BIG = square(30, 30, 2) // about 190 by 220 km
const OLD_LINE = square(40, 34, 0.2)
const NEW_LINE = square(40.5, 34, 0.2)
const point = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] })

async function createZone(slug: string, geometry: Polygon | null, status: string, effectiveDate: string): Promise<number> {
  return postZone(service.app, bearer, geometry, { name: `Fixture ${slug}`, slug, kind: 'ceasefire-zone', status, effective_date: effectiveDate, reason: 'Test fixture', source_url: 'https://example.org/fixture' })
}

async function write(method: 'POST' | 'PATCH' | 'DELETE', id: number, path: string, payload?: object) {
  const etag = (await service.app.inject(`/zones/${id}`)).headers.etag as string
  const response = await request(service.app, { method, url: `/zones/${id}${path}`, headers: { ...bearer, 'if-match': etag }, ...(payload ? { payload } : {}) })
  expect(response.status, response.text).toBeLessThan(300)
}

const changeStatus = (id: number, status: string, effectiveDate: string) => write('POST', id, '/status', { status, effective_date: effectiveDate, reason: 'Test fixture' })

async function summary(id: number | string, asOf: string) {
  const response = await request(service.app, `/zones/${id}/incidents?as_of=${asOf}`)
  expect(response.status, response.text).toBe(200)
  return response.body
}

let small: number
let big: number
let moved: number

beforeAll(async () => {
  bearer = await editorToken(service.app, 'ada')
  small = await createZone('small-truce', SMALL, 'agreed', '2017-01-01')
  await changeStatus(small, 'active', '2017-03-01')
  await changeStatus(small, 'suspended', '2017-05-01')
  big = await createZone('big-truce', BIG, 'active', '2017-01-01')
  moved = await createZone('moved-truce', OLD_LINE, 'active', '2017-01-01')
  await write('PATCH', moved, '', { geometry: NEW_LINE, boundary: { change: 'new-version', effective_date: '2017-06-01', reason: 'Test fixture: the line moved east' } })

  const inSmall = point(38.15, 34.15)
  const incidents: TestIncident[] = [
    { event_id: 'T-BEFORE', geometry: inSmall, occurred_on: '2016-12-15', fatalities_best: 2 },
    { event_id: 'T-OUTSIDE', geometry: point(38.31, 34.15), occurred_on: '2017-01-10', fatalities_best: 50 },
    { event_id: 'T-REGION-SMALL', geometry: inSmall, location_precision: 'region', occurred_on: '2017-01-10', fatalities_best: 50 },
    { event_id: 'T-AGREED-1', geometry: inSmall, occurred_on: '2017-01-20', event_type: 'Battles', fatalities_best: 1 },
    { event_id: 'T-APPROX-EDGE', geometry: point(38.02, 34.28), location_precision: 'approximate', occurred_on: '2017-02-10' },
    { event_id: 'T-AGREED-2', geometry: point(38.15, 34.18), location_precision: 'approximate', occurred_on: '2017-02-10', dataset: 'atlas', event_type: 'Reported ceasefire violations', event_count: 3, fatalities_best: null },
    { event_id: 'T-ACTIVE', geometry: inSmall, occurred_on: '2017-03-15', fatalities_best: 1 },
    { event_id: 'T-SUSPENDED', geometry: inSmall, occurred_on: '2017-05-10', dataset: 'atlas', event_type: 'Reported ceasefire violations', event_count: 12, fatalities_best: 3 },
    { event_id: 'T-AFTER', geometry: inSmall, occurred_on: '2017-06-10', fatalities_best: 9 },
    { event_id: 'T-REGION-BIG', geometry: point(31, 31), location_precision: 'region', occurred_on: '2017-02-01' },
    { event_id: 'T-REGION-BIG-EDGE', geometry: point(30.2, 31), location_precision: 'region', occurred_on: '2017-02-01' },
    { event_id: 'T-NEW-LINE', geometry: point(40.6, 34.1), occurred_on: '2017-07-01' },
    { event_id: 'T-NEW-LINE-EARLY', geometry: point(40.6, 34.1), occurred_on: '2017-05-01' },
    { event_id: 'T-OLD-LINE-LATE', geometry: point(40.1, 34.1), occurred_on: '2017-07-01' },
  ]
  await insertIncidents(service.db.knex, incidents)
})

describe(`incidents of a zone, per status period, on ${backend}`, () => {
  it('counts only what lies inside, each in its period, with rates and changes against the period before', async () => {
    const body = await summary('small-truce', '2017-05-30')
    expect(body.zone).toEqual({ id: small, slug: 'small-truce', name: 'Fixture small-truce' })
    expect(body.as_of).toBe('2017-05-30')
    expect(body.before).toEqual({
      from: '2016-11-03', to: '2016-12-31', days: 59, records: 1, events: 1, fatalities: 2, rate_per_30_days: 0.51,
      by_type: [{ event_type: 'Explosions/Remote violence', events: 1, fatalities: 2 }],
    })
    expect(body.periods).toEqual([
      {
        status: 'agreed', from: '2017-01-01', to: '2017-02-28', days: 59, records: 2, events: 4, fatalities: 1, rate_per_30_days: 2.03,
        previous_rate_per_30_days: 0.51, change: 4,
        by_type: [{ event_type: 'Battles', events: 1, fatalities: 1 }, { event_type: 'Reported ceasefire violations', events: 3, fatalities: 0 }],
      },
      {
        status: 'active', from: '2017-03-01', to: '2017-04-30', days: 61, records: 1, events: 1, fatalities: 1, rate_per_30_days: 0.49,
        previous_rate_per_30_days: 2.03, change: 0.24, by_type: [{ event_type: 'Explosions/Remote violence', events: 1, fatalities: 1 }],
      },
      {
        status: 'suspended', from: '2017-05-01', to: '2017-05-30', days: 30, records: 1, events: 12, fatalities: 3, rate_per_30_days: 12,
        previous_rate_per_30_days: 0.49, change: 24.4, by_type: [{ event_type: 'Reported ceasefire violations', events: 12, fatalities: 3 }],
      },
    ])
    expect(body.months.map((month: { month: string }) => month.month)).toEqual(['2016-11', '2016-12', '2017-01', '2017-02', '2017-03', '2017-04', '2017-05'])
    expect(body.months[0]).toEqual({ month: '2016-11', events: 0, fatalities: 0, by_type: {} })
    expect(body.months[1]).toEqual({ month: '2016-12', events: 1, fatalities: 2, by_type: { 'Explosions/Remote violence': 1 } })
    expect(body.months[3]).toEqual({ month: '2017-02', events: 3, fatalities: 0, by_type: { 'Reported ceasefire violations': 3 } })
    expect(body.rule.inside).toContain('50 km')
    const ajv = new Ajv({ strict: false, allErrors: true })
    ;(addFormatsPlugin as unknown as (ajv: Ajv) => Ajv)(ajv)
    const validate = ajv.compile(ZoneIncidents)
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true)
    expect(body.links).toEqual([{ rel: 'items', href: expect.stringMatching(new RegExp(`/incidents\\?zone=${small}$`)), type: 'application/geo+json' }])
  })

  it('a region-level incident counts in a big zone when its 50 km circle fits, not near the edge', async () => {
    const body = await summary(big, '2017-02-28')
    expect(body.periods).toHaveLength(1)
    expect(body.periods[0]).toMatchObject({ status: 'active', records: 1, events: 1 })
  })

  it('an incident counts against the outline in force on its day', async () => {
    const body = await summary(moved, '2017-07-31')
    expect(body.periods).toHaveLength(1)
    // T-NEW-LINE inside the new outline after the change; neither the same place before it nor the old place after it
    expect(body.periods[0]).toMatchObject({ records: 1, events: 1 })
    expect(body.months.find((month: { month: string }) => month.month === '2017-07').events).toBe(1)
    expect(body.months.find((month: { month: string }) => month.month === '2017-05').events).toBe(0)
  })

  it('an undone status change leaves no period', async () => {
    const id = await createZone('undone-truce', SMALL, 'agreed', '2017-01-01')
    await changeStatus(id, 'active', '2017-02-01')
    await write('POST', id, '/status/undo', { reason: 'Test fixture: recorded by mistake' })
    const body = await summary(id, '2017-05-30')
    expect(body.periods.map((period: { status: string; from: string; to: string }) => [period.status, period.from, period.to])).toEqual([['agreed', '2017-01-01', '2017-05-30']])
    expect(body.before).toMatchObject({ from: '2016-08-04', to: '2016-12-31', days: 150, events: 1 })
  })

  it('before its first entry a zone has no period and no window before', async () => {
    const body = await summary(small, '2016-12-20')
    expect(body).toMatchObject({ before: null, periods: [], months: [] })
    // the indicator is computed all the same, and says the zone was not yet proposed
    expect(body.indicator).toMatchObject({ events: 1, fatalities: 2, zone_status: null, state: 'strained', reason: expect.stringContaining('not yet proposed') })
  })
})

describe(`the indicator, on ${backend}`, () => {
  it('is broken from 10 events, and says the zone was not in force', async () => {
    const { indicator } = await summary(small, '2017-05-30')
    expect(indicator).toMatchObject({ state: 'broken', as_of: '2017-05-30', window: { from: '2017-05-01', to: '2017-05-30' }, events: 12, fatalities: 3, zone_status: 'suspended' })
    expect(indicator.reason).toBe('12 events and 3 deaths recorded inside the zone in the 30 days to 2017-05-30: 10 or more events is broken; the zone was not in force then (its status was suspended)')
    expect(indicator.rule).toContain('broken when 10 or more events or 10 or more deaths')
  })

  it('is strained with a death; unknown when quiet without coverage, holding once an import covers the window', async () => {
    expect((await summary(small, '2017-03-31')).indicator).toMatchObject({ state: 'strained', events: 1, fatalities: 1, zone_status: 'active' })
    const quiet = await summary(small, '2017-04-30')
    expect(quiet.coverage).toEqual([])
    expect(quiet.indicator).toMatchObject({ state: 'unknown', events: 0, fatalities: 0, reason: expect.stringContaining('no data is not peace') })
    await service.db.knex('incident_imports').insert([
      { dataset: 'acled', file_name: 'fixture-1.csv', first_day: '2017-01-01', last_day: '2017-04-15', imported_by: 'tests' },
      { dataset: 'acled', file_name: 'fixture-2.csv', first_day: '2017-04-16', last_day: '2017-12-31', imported_by: 'tests' },
      { dataset: 'ucdp-ged', file_name: 'fixture-3.csv', first_day: '2017-04-20', last_day: '2017-12-31', imported_by: 'tests' },
    ])
    const covered = await summary(small, '2017-04-30')
    expect(covered.coverage).toEqual([{ dataset: 'acled', from: '2017-01-01', to: '2017-12-31' }, { dataset: 'ucdp-ged', from: '2017-04-20', to: '2017-12-31' }])
    expect(covered.indicator).toMatchObject({ state: 'holding', reason: '0 events and 0 deaths recorded inside the zone in the 30 days to 2017-04-30: fewer than 3 events and no death is holding' })
  })

  it('is unknown for a zone without an outline', async () => {
    const id = await createZone('no-outline-truce', null, 'active', '2017-01-01')
    const body = await summary(id, '2017-04-30')
    expect(body.indicator).toMatchObject({ state: 'unknown', reason: expect.stringContaining('no outline') })
    expect(body.periods[0]).toMatchObject({ events: 0, change: null })
  })
})

describe(`reading, on ${backend}`, () => {
  it('carries an ETag of the data version that a revalidation answers with 304, until incidents change', async () => {
    const first = await service.app.inject(`/zones/${small}/incidents?as_of=2017-05-30`)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"zone-incidents-\d+-/)
    const again = await service.app.inject({ url: `/zones/${small}/incidents?as_of=2017-05-30`, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    await insertIncidents(service.db.knex, [{ event_id: 'T-LATE-ADDED', geometry: point(38.15, 34.15), occurred_on: '2017-06-20' }])
    expect((await service.app.inject({ url: `/zones/${small}/incidents?as_of=2017-05-30`, headers: { 'if-none-match': etag } })).statusCode).toBe(200)
  })

  it('404 for an unknown or archived zone', async () => {
    for (const id of ['999999', 'no-such-truce']) {
      const response = await request(service.app, `/zones/${id}/incidents`)
      expect(response.status).toBe(404)
      expect(response.headers['content-type']).toMatch(/problem\+json/)
    }
    const id = await createZone('archived-truce', SMALL, 'active', '2017-01-01')
    await write('DELETE', id, '')
    expect((await request(service.app, `/zones/${id}/incidents`)).status).toBe(404)
  })

  it('400 naming as_of for a hostile date, and for an unknown parameter', async () => {
    for (const asOf of ['99999-01-01', '2017-13-45', '1800-01-01', '9999-12-31', '%3Cb%3E', 'Infinity', '2017-05-30T00:00:00Z']) {
      const response = await request(service.app, `/zones/${small}/incidents?as_of=${asOf}`)
      expect(response.status, asOf).toBe(400)
      expect(response.text).toContain('as_of')
    }
    expect((await request(service.app, `/zones/${small}/incidents?as_of=2017-01-01&as_of=2017-02-01`)).status).toBe(400)
    expect((await request(service.app, `/zones/${small}/incidents?limit=1`)).status).toBe(400)
  })

  it('defaults as_of to today', async () => {
    const body = await summary(small, new Date().toISOString().slice(0, 10))
    const plain = (await request(service.app, `/zones/${small}/incidents`)).body
    expect(plain.as_of).toBe(body.as_of)
    expect(plain.periods.at(-1).to).toBe(body.as_of)
  })
})
