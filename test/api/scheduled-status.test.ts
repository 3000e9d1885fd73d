import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn, type Session } from '../helpers/accounts.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let editor: Session
let bearer: Record<string, string>
/** The database's today and the days around it, as YYYY-MM-DD. */
let today: string
let tomorrow: string
let inElevenMonths: string

beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  await createAccount(service.app, 'bea', 'editor')
  editor = await signIn(service.app, 'ada')
  bearer = await apiToken(service.app, await signIn(service.app, 'bea'))
  const { rows } = await service.db.knex.raw(`select current_date::text as today, (current_date + 1)::text as tomorrow, (current_date + interval '11 months')::date::text as later`)
  ;({ today, tomorrow, later: inElevenMonths } = rows[0])
})

async function etagOf(slug: string): Promise<string> {
  return (await service.app.inject(`/zones/${slug}`)).headers.etag as string
}

/** What a refused change must leave as it was: the zone as read, its history and the counts of rows. */
async function zoneState(slug: string) {
  const zone = (await request(service.app, `/zones/${slug}?geometry=false`)).body
  const history = (await request(service.app, `/zones/${slug}/history`)).body
  const { rows } = await service.db.knex.raw(`select (select count(*) from status_changes)::int changes, (select count(*) from audit_log)::int audit`)
  return { zone, history, counts: rows[0] }
}

/**
 * Runs `change` with the data-version triggers off, as if nothing had been written. The features kept
 * as text follow the moved dates, as they would have been kept for them.
 */
async function withoutTriggers(change: () => Promise<void>): Promise<void> {
  for (const table of ['zones', 'status_changes']) await service.db.knex.raw(`alter table ${table} disable trigger ${table}_bump_data_version`)
  await change()
  for (const table of ['zones', 'status_changes']) await service.db.knex.raw(`alter table ${table} enable trigger ${table}_bump_data_version`)
}

function postStatus(slug: string, payload: object, headers: Record<string, string>) {
  return request(service.app, { method: 'POST', url: `/zones/${slug}/status`, headers, payload })
}

describe(`a status change dated in the future, on ${backend}`, () => {
  it('is scheduled: today, the zone, the list and the status filter keep the status in effect', async () => {
    const before = (await request(service.app, '/zones/sweida-ceasefire-2025?geometry=false')).body.properties
    expect(before.status).toBe('active')
    const response = await postStatus(
      'sweida-ceasefire-2025',
      { status: 'suspended', effective_date: tomorrow, reason: 'Suspension announced for tomorrow' },
      { ...editor.headers, 'if-match': await etagOf('sweida-ceasefire-2025') },
    )
    expect(response.status, response.text).toBe(200)
    expect(response.body.properties).toMatchObject({ status: 'active', status_since: before.status_since })

    const zone = (await request(service.app, '/zones/sweida-ceasefire-2025?geometry=false')).body.properties
    expect(zone).toMatchObject({ status: 'active', status_since: before.status_since })
    const active = await request(service.app, '/zones?status=active&geometry=false&properties=slug,status,status_since')
    expect(active.body.features.map((feature: any) => feature.properties.slug)).toContain('sweida-ceasefire-2025')
    const suspended = await request(service.app, '/zones?status=suspended&geometry=false&properties=slug')
    expect(suspended.body.features.map((feature: any) => feature.properties.slug)).not.toContain('sweida-ceasefire-2025')
    const ogc = await request(service.app, '/ogc/collections/zones/items?status=suspended&f=json')
    expect(ogc.status).toBe(200)
    expect(ogc.body.features.map((feature: any) => feature.properties.slug)).not.toContain('sweida-ceasefire-2025')
    const id = (await request(service.app, '/zones/sweida-ceasefire-2025?geometry=false')).body.id
    const ogcItem = await request(service.app, `/ogc/collections/zones/items/${id}?f=json`)
    expect(ogcItem.body.properties.status).toBe('active')
  })

  it('an OGC item edit may carry the status readers see, not the one scheduled', async () => {
    const id = (await request(service.app, '/zones/sweida-ceasefire-2025?geometry=false')).body.id
    const patch = async (status: string) =>
      request(service.app, {
        method: 'PATCH',
        url: `/ogc/collections/zones/items/${id}`,
        headers: { ...bearer, 'content-type': 'application/geo+json', 'if-match': (await service.app.inject(`/ogc/collections/zones/items/${id}?f=json`)).headers.etag as string },
        payload: JSON.stringify({ properties: { status, description: `Edited with status ${status}` } }),
      })
    const scheduled = await patch('suspended')
    expect(scheduled.status).toBe(422)
    expect(scheduled.body.errors).toEqual([{ where: 'body.properties.status', message: 'cannot be changed here' }])
    const asRead = await patch('active')
    expect(asRead.status, asRead.text).toBe(200)
    expect(asRead.body.properties).toMatchObject({ status: 'active', description: 'Edited with status active' })
  })

  it('is in effect on its date: as_of that day or later shows it', async () => {
    const onTheDay = (await request(service.app, `/zones/sweida-ceasefire-2025?geometry=false&as_of=${tomorrow}`)).body.properties
    expect(onTheDay).toMatchObject({ status: 'suspended', status_since: tomorrow })
    const list = await request(service.app, `/zones?as_of=${tomorrow}&status=suspended&geometry=false&properties=slug`)
    expect(list.body.features.map((feature: any) => feature.properties.slug)).toContain('sweida-ceasefire-2025')
    const todayList = await request(service.app, `/zones?as_of=${today}&status=suspended&geometry=false&properties=slug`)
    expect(todayList.body.features.map((feature: any) => feature.properties.slug)).not.toContain('sweida-ceasefire-2025')
  })

  it('takes effect by itself when its day comes, without any write', async () => {
    // The database's clock cannot be moved, so the scheduled date is moved to today instead.
    await withoutTriggers(async () => {
      await service.db.knex('status_changes').where({ effective_on: tomorrow, to_status: 'suspended' }).update({ effective_on: today })
      await service.db.knex('zones').where({ slug: 'sweida-ceasefire-2025' }).update({ status_since: today })
    })
    const zone = (await request(service.app, '/zones/sweida-ceasefire-2025?geometry=false')).body.properties
    expect(zone).toMatchObject({ status: 'suspended', status_since: today })
    const list = await service.app.inject('/zones?status=suspended&geometry=false&properties=slug')
    expect(list.json().features.map((feature: any) => feature.properties.slug)).toContain('sweida-ceasefire-2025')
    // Put it back in the future for the tests below.
    await withoutTriggers(async () => {
      await service.db.knex('status_changes').where({ effective_on: today, to_status: 'suspended' }).update({ effective_on: tomorrow })
      await service.db.knex('zones').where({ slug: 'sweida-ceasefire-2025' }).update({ status_since: tomorrow })
    })
  })

  it('is flagged scheduled in the history', async () => {
    const history = (await request(service.app, '/zones/sweida-ceasefire-2025/history')).body.history
    expect(history.at(-1)).toMatchObject({ to_status: 'suspended', effective_on: tomorrow, scheduled: true })
    expect(history.slice(0, -1).every((entry: any) => entry.scheduled === false)).toBe(true)
  })

  it('chains: a later change follows the scheduled one, and an earlier one is refused', async () => {
    const earlier = await postStatus('sweida-ceasefire-2025', { status: 'ended', effective_date: today, reason: 'x' }, { ...bearer, 'if-match': await etagOf('sweida-ceasefire-2025') })
    expect(earlier.status).toBe(422)
    expect(earlier.body.errors).toEqual([{ where: 'body.effective_date', message: `must be on or after ${tomorrow}` }])
  })

  it('two editors scheduling at once with the same version: one is saved, the other gets 412', async () => {
    const etag = await etagOf('kobani-dmz-proposal')
    const before = await zoneState('kobani-dmz-proposal')
    const [first, second] = await Promise.all([
      postStatus('kobani-dmz-proposal', { status: 'agreed', effective_date: tomorrow, reason: 'Signing announced' }, { ...editor.headers, 'if-match': etag }),
      postStatus('kobani-dmz-proposal', { status: 'rejected', effective_date: tomorrow, reason: 'Refusal announced' }, { ...bearer, 'if-match': etag }),
    ])
    expect([first.status, second.status].sort()).toEqual([200, 412])
    const after = await zoneState('kobani-dmz-proposal')
    expect(after.counts.changes).toBe(before.counts.changes + 1)
    expect(after.history.history).toHaveLength(before.history.history.length + 1)
    expect(after.zone.properties.status).toBe('proposed')
    expect(after.history.history.at(-1).scheduled).toBe(true)
  })
})

describe(`an effective date out of range, on ${backend}`, () => {
  const cases = [
    ['more than a year ahead', '2031-01-01', /more than a year ahead/],
    ['before 1900', '1850-06-01', /before 1900/],
  ] as const
  for (const [what, date, why] of cases) {
    it(`${what} (${date}) is refused with 422, saying why and where, changing nothing`, async () => {
      const before = await zoneState('siege-of-raqqa')
      const beforeOther = await zoneState('sweida-ceasefire-2025')
      const response = await postStatus('sweida-ceasefire-2025', { status: 'ended', effective_date: date, reason: 'out of range' }, { ...bearer, 'if-match': await etagOf('sweida-ceasefire-2025') })
      expect(response.status).toBe(422)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(response.body.detail).toMatch(why)
      expect(response.body.errors).toEqual([{ where: 'body.effective_date', message: expect.stringMatching(why) }])
      expect(await zoneState('sweida-ceasefire-2025')).toEqual(beforeOther)
      expect(await zoneState('siege-of-raqqa')).toEqual(before)
    })
  }

  it('eleven months ahead is accepted (within a year)', async () => {
    const response = await postStatus('sweida-ceasefire-2025', { status: 'ended', effective_date: inElevenMonths, reason: 'End announced' }, { ...bearer, 'if-match': await etagOf('sweida-ceasefire-2025') })
    expect(response.status, response.text).toBe(200)
    expect(response.body.properties.status).toBe('active')
  })

  it('a new zone enters the record with a status in effect: dated 2031 or 1850, it is refused through POST /zones and the OGC items', async () => {
    const feature = {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[36, 33], [36.1, 33], [36.1, 33.1], [36, 33.1], [36, 33]]] },
      properties: { slug: 'future-zone', name: 'Future zone', kind: 'buffer-zone', status: 'proposed', effective_date: '2031-01-01', reason: 'test', location_precision: 'approximate', parties: [] },
    }
    const rest = await request(service.app, { method: 'POST', url: '/zones', headers: bearer, payload: feature })
    expect(rest.status).toBe(422)
    expect(rest.body.errors).toEqual([{ where: 'body.properties.effective_date', message: expect.stringMatching(/is in the future .* schedule the change/) }])
    const old = await request(service.app, { method: 'POST', url: '/zones', headers: bearer, payload: { ...feature, properties: { ...feature.properties, effective_date: '1850-01-01' } } })
    expect(old.status).toBe(422)
    expect(old.body.errors).toEqual([{ where: 'body.properties.effective_date', message: expect.stringMatching(/before 1900/) }])
    const ogc = await request(service.app, { method: 'POST', url: '/ogc/collections/zones/items', headers: { ...bearer, 'content-type': 'application/geo+json' }, payload: JSON.stringify(feature) })
    expect(ogc.status).toBe(422)
    expect((await request(service.app, '/zones/future-zone')).status).toBe(404)
  })
})
