import { setTimeout as sleep } from 'node:timers/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Polygon } from 'geojson'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request, slugs } from '../helpers/inject.ts'
import { editorToken } from '../helpers/accounts.ts'
import { postZone, square } from '../helpers/zones.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let bearer: Record<string, string>

beforeAll(async () => {
  bearer = await editorToken(service.app, 'ada')
})

/**
 * The database's clock now, as RFC 3339 UTC with microseconds: an instant between two writes. The
 * pause after it keeps the next write's time strictly later on a clock that ticks in milliseconds.
 */
async function instantBetweenWrites(): Promise<string> {
  const { rows } = await service.db.knex.raw(`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`)
  await sleep(5)
  return rows[0].now as string
}

async function etagOf(id: number): Promise<string> {
  return (await service.app.inject(`/zones/${id}`)).headers.etag as string
}

function createZone(slug: string, geometry: Polygon): Promise<number> {
  return postZone(service.app, bearer, geometry, { name: slug, slug, kind: 'ceasefire-zone', status: 'agreed', effective_date: '2020-01-01', reason: 'Agreed' })
}

describe(`recorded_as_of: what the Atlas had recorded by then, on ${backend}`, () => {
  let id: number
  let beforeCreation: string
  let afterCreation: string
  let afterCorrection: string
  let afterStatusChange: string
  let afterUndo: string
  const FIRST = square(38, 34, 0.4)
  const CORRECTED = square(38, 34, 0.45)

  beforeAll(async () => {
    beforeCreation = await instantBetweenWrites()
    id = await createZone('recorded-twice', FIRST)
    afterCreation = await instantBetweenWrites()
    const corrected = await request(service.app, { method: 'PATCH', url: `/zones/${id}`, headers: { ...bearer, 'if-match': await etagOf(id) }, payload: { geometry: CORRECTED } })
    expect(corrected.status, corrected.text).toBe(200)
    afterCorrection = await instantBetweenWrites()
    const changed = await request(service.app, {
      method: 'POST', url: `/zones/${id}/status`, headers: { ...bearer, 'if-match': await etagOf(id) },
      payload: { status: 'active', effective_date: '2020-02-01', reason: 'In force' },
    })
    expect(changed.status, changed.text).toBe(200)
    afterStatusChange = await instantBetweenWrites()
    const undone = await request(service.app, { method: 'POST', url: `/zones/${id}/status/undo`, headers: { ...bearer, 'if-match': await etagOf(id) }, payload: { reason: 'Recorded by mistake' } })
    expect(undone.status, undone.text).toBe(200)
    afterUndo = await instantBetweenWrites()
  })

  it('a correction made later is invisible at a recorded_as_of before it', async () => {
    expect((await request(service.app, `/zones/${id}?recorded_as_of=${afterCreation}`)).body.geometry).toEqual(FIRST)
    expect((await request(service.app, `/zones/${id}?recorded_as_of=${afterCorrection}`)).body.geometry).toEqual(CORRECTED)
    expect((await request(service.app, `/zones/${id}`)).body.geometry).toEqual(CORRECTED)
    // combined with as_of: the version in force that day, as recorded then
    expect((await request(service.app, `/zones/${id}?as_of=2020-06-01&recorded_as_of=${afterCreation}`)).body.geometry).toEqual(FIRST)
    expect((await request(service.app, `/zones/${id}?as_of=2020-06-01`)).body.geometry).toEqual(CORRECTED)
  })

  it('the boundaries as recorded then: the corrected version current, the correction not yet made', async () => {
    const then = (await request(service.app, `/zones/${id}/boundaries?recorded_as_of=${afterCreation}&include=superseded`)).body
    expect(then.boundaries).toHaveLength(1)
    expect(then.boundaries[0]).toMatchObject({ superseded_at: null, superseded_by: null })
    const now = (await request(service.app, `/zones/${id}/boundaries?include=superseded`)).body
    expect(now.boundaries).toHaveLength(2)
    expect(now.boundaries[0].superseded_by).toBe(now.boundaries[1].id)
    expect((await request(service.app, `/zones/${id}/boundaries?recorded_as_of=${afterCorrection}`)).body.boundaries.map((version: { id: number }) => version.id)).toEqual([now.boundaries[1].id])
  })

  it('a status change counts from when it was recorded, and an undo from when the undo was', async () => {
    const statusAt = async (instant: string) => (await request(service.app, `/zones/${id}?recorded_as_of=${instant}&properties=status,in_force_from`)).body.properties
    expect(await statusAt(afterCorrection)).toEqual({ status: 'agreed', in_force_from: null })
    expect(await statusAt(afterStatusChange)).toEqual({ status: 'active', in_force_from: '2020-02-01' })
    expect((await statusAt(afterUndo)).status).toBe('agreed')
    const history = async (query: string) => (await request(service.app, `/zones/${id}/history${query}`)).body.history.map((entry: { to_status: string }) => entry.to_status)
    expect(await history(`?recorded_as_of=${afterCorrection}`)).toEqual(['agreed'])
    expect(await history(`?recorded_as_of=${afterStatusChange}`)).toEqual(['agreed', 'active'])
    expect(await history('')).toEqual(['agreed', 'active', 'agreed'])
    const listed = (await request(service.app, `/zones?recorded_as_of=${afterStatusChange}&status=active&q=recorded-twice&geometry=false`)).body
    expect(slugs(listed)).toEqual(['recorded-twice'])
    expect(listed.recorded_as_of).toBe(afterStatusChange)
  })

  it('a zone created later is not there: absent from lists, 404 alone, in its history and its boundaries', async () => {
    expect(slugs((await request(service.app, `/zones?recorded_as_of=${beforeCreation}&q=recorded-twice`)).body)).toEqual([])
    for (const path of [`/zones/${id}`, `/zones/${id}/history`, `/zones/${id}/boundaries`]) {
      expect((await request(service.app, `${path}?recorded_as_of=${beforeCreation}`)).status, path).toBe(404)
    }
    // The seeded zones were all recorded after 2000.
    expect((await request(service.app, '/zones?recorded_as_of=2000-01-01')).body.features).toEqual([])
  })

  it('a date means the end of that day in UTC; an instant to come means now', async () => {
    const today = afterUndo.slice(0, 10)
    const all = async (query: string) => slugs((await request(service.app, `/zones?properties=slug,status&geometry=false&limit=10000${query}`)).body)
    const now = await all('')
    expect(await all(`&recorded_as_of=${today}`)).toEqual(now)
    expect(await all('&recorded_as_of=2999-01-01T00:00:00Z')).toEqual(now)
    expect(await all(`&recorded_as_of=${encodeURIComponent('2999-01-01T00:00:00+05:00')}`)).toEqual(now)
    // an unencoded '+' arrives as a space
    expect(await all('&recorded_as_of=2999-01-01T00:00:00+05:00')).toEqual(now)
  })

  it('OGC API - Features takes it as a vendor parameter, combinable with datetime', async () => {
    const item = (await request(service.app, `/ogc/collections/zones/items/${id}?recorded_as_of=${afterCreation}`)).body
    expect(item.geometry).toEqual(FIRST)
    const items = (await request(service.app, `/ogc/collections/zones/items?recorded_as_of=${afterCreation}&datetime=2020-06-01&filter=${encodeURIComponent("slug = 'recorded-twice'")}`)).body
    expect(items.features.map((feature: { geometry: unknown }) => feature.geometry)).toEqual([FIRST])
    expect((await request(service.app, `/ogc/collections/zones/items/${id}?recorded_as_of=${beforeCreation}`)).status).toBe(404)
  })

  it('refuses what is not an RFC 3339 date or date-time (400, pointing at the parameter)', async () => {
    const hostile = ['yesterday', '2017-02-30', '2017-13-01', '2017-07-08T25:00:00Z', '2017-07-08T10:00:00', '20170708', '0000-01-01', "2017-01-01' or 1=1--", '<script>', '9'.repeat(40), '2017-07-08T10:00:00+24:00', 'Infinity', '']
    for (const value of hostile) {
      for (const path of ['/zones', `/zones/${id}`, `/zones/${id}/history`, `/zones/${id}/boundaries`, '/ogc/collections/zones/items', `/ogc/collections/zones/items/${id}`]) {
        const response = await request(service.app, `${path}?recorded_as_of=${encodeURIComponent(value)}`)
        expect(response.status, `${path} ${value}`).toBe(400)
        expect(response.body.errors[0].where, `${path} ${value}`).toBe('query.recorded_as_of')
      }
    }
  })
})
