import { Ajv } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import type { Polygon } from 'geojson'
import type { Knex } from 'knex'
import { beforeAll, describe, expect, it } from 'vitest'
import { ChangeList } from '../../server/schemas/changes.ts'
import { ProblemSchema } from '../../server/schemas/common.ts'
import { createAccount, signIn, type Session } from '../helpers/accounts.ts'
import { request } from '../helpers/inject.ts'
import { expectMatchesSchema } from '../helpers/response-schemas.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { postZone } from '../helpers/zones.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let editor: Session

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }))
const changeList = ajv.compile(closedCopy(ChangeList))
const problem = ajv.compile(ProblemSchema)

/** The schema with every object closed: no member the schema does not name leaves the server unseen. */
function closedCopy(schema: unknown): object {
  const copy = JSON.parse(JSON.stringify(schema))
  const close = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(close)
    if (node === null || typeof node !== 'object') return
    if (node.type === 'object' && node.properties && !('additionalProperties' in node)) node.additionalProperties = false
    Object.values(node).forEach(close)
  }
  close(copy)
  return copy
}

interface Change {
  id: string
  type: string
  date: string
  zone: { id: number; slug: string; name: string; kind: string } | null
  agreement: { id: number; slug: string; title: string } | null
  from_status: string | null
  to_status: string | null
  reason: string | null
  area_km2_before: number | null
  area_km2_after: number | null
  area_gained_km2: number | null
  area_lost_km2: number | null
  sources: Array<{ title: string; url: string | null }>
  recorded_at: string
  links: Array<{ rel: string; href: string }>
}

async function changes(query: string): Promise<{ changes: Change[]; links: Array<{ rel: string; href: string }>; from: string; to: string }> {
  const response = await request(service.app, `/changes?${query}`)
  expect(response.status, response.text).toBe(200)
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
  expectMatchesSchema(changeList, response.body, `/changes?${query}`)
  return response.body
}

const ids = (body: { changes: Change[] }) => body.changes.map((change) => change.id)

/** The slugs of the unarchived agreements signed in `year` that name the zone, in the order they were signed, read from the database. */
async function agreementsNaming(knex: Knex, zone: string, year: number): Promise<string[]> {
  const { rows } = await knex.raw(
    `select a.slug from agreements a join agreement_zones az on az.agreement_id = a.id join zones z on z.id = az.zone_id
      where z.slug = ? and not a.archived and not z.archived and extract(year from a.signed_on) = ? order by a.signed_on, a.id`,
    [zone, year],
  )
  return rows.map((row: { slug: string }) => row.slug)
}

async function refused(query: string, where: string | RegExp): Promise<void> {
  const response = await request(service.app, `/changes?${query}`)
  expect(response.status, `${query}: ${response.text}`).toBe(400)
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  expectMatchesSchema(problem, response.body, query)
  expect(JSON.stringify(response.body.errors ?? response.body.detail)).toMatch(where)
}

beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  editor = await signIn(service.app, 'ada')
})

describe(`GET /changes on ${backend}`, () => {
  it('July 2017: the south-west zone agreed on the 7th and active on the 9th, following the Amman memorandum signed on the 7th', async () => {
    const body = await changes('from=2017-07-01&to=2017-07-31')
    expect(body).toMatchObject({ from: '2017-07-01', to: '2017-07-31' })
    const active = body.changes.find((change) => change.zone?.slug === 'south-west-de-escalation-zone' && change.to_status === 'active')!
    expect(active).toMatchObject({
      type: 'status',
      date: '2017-07-09',
      date_precision: 'day',
      from_status: 'agreed',
      to_status: 'active',
      reason: expect.any(String),
      area_gained_km2: null,
      area_lost_km2: null,
      zone: { slug: 'south-west-de-escalation-zone', kind: 'de-escalation-zone' },
    })
    expect(active.id).toMatch(/^status:\d+$/)
    expect(active.sources.length).toBeGreaterThan(0)
    expect(active.sources[0]!.url).toMatch(/^https?:\/\//)
    expect(active.links.map((link) => link.rel)).toEqual(['zone', 'history', 'map', 'agreement'])
    expect(new URL(active.links[2]!.href).search).toBe('?zone=south-west-de-escalation-zone&date=2017-07-09')
    // Oldest first, each of them in the window, each id once.
    const dates = body.changes.map((change) => change.date)
    expect(dates).toEqual([...dates].sort())
    expect(dates.every((date) => date >= '2017-07-01' && date <= '2017-07-31')).toBe(true)
    expect(new Set(ids(body)).size).toBe(body.changes.length)
    expect(body.changes.filter((change) => change.type !== 'agreement').map((change) => [change.zone!.slug, change.to_status, change.date])).toEqual([
      ['south-west-de-escalation-zone', 'agreed', '2017-07-07'],
      ['south-west-de-escalation-zone', 'active', '2017-07-09'],
      ['euphrates-deconfliction-line', 'active', '2017-07-17'],
      ['eastern-ghouta-de-escalation-zone', 'agreed', '2017-07-22'],
      ['eastern-ghouta-de-escalation-zone', 'active', '2017-07-22'],
      ['jurud-arsal-evacuation-2017', 'active', '2017-07-27'],
      ['northern-homs-de-escalation-zone', 'agreed', '2017-07-31'],
    ])
    const amman = body.changes.find((change) => change.type === 'agreement')!
    expect(amman).toMatchObject({ date: '2017-07-07', zone: null, agreement: { slug: 'amman-memorandum-2017' }, from_status: null, to_status: null })
    expect(amman.id).toBe(`agreement:${amman.agreement!.id}`)
    expect(ids(body).indexOf(amman.id)).toBeLessThan(ids(body).indexOf(active.id))
    expect(active.agreement).toMatchObject({ slug: 'amman-memorandum-2017' })
  })

  it('gives each change one type: the first entry appeared, a final status ended, the rest status', async () => {
    const may = await changes('from=2017-05-04&to=2017-05-04')
    expect(may.changes.map((change) => [change.zone?.slug, change.type])).toEqual(
      expect.arrayContaining([
        ['idlib-de-escalation-zone', 'appeared'],
        ['northern-homs-de-escalation-zone', 'appeared'],
        ['eastern-ghouta-de-escalation-zone', 'appeared'],
        ['south-west-de-escalation-zone', 'appeared'],
      ]),
    )
    const raqqa = await changes('from=2017-01-01&to=2017-12-31&zone=siege-of-raqqa')
    expect(raqqa.changes.map((change) => [change.type, change.to_status, change.date])).toEqual([
      ['appeared', 'active', '2017-06-06'],
      ['ended', 'ended', '2017-10-20'],
    ])
  })

  it('filters by type, kind, status, party, sponsor, zone (id or slug), bbox and words', async () => {
    const year = 'from=2017-01-01&to=2017-12-31'
    const all = await changes(`${year}&limit=1000`)
    const only = (predicate: (change: Change) => boolean) => ids({ changes: all.changes.filter(predicate) })
    expect(ids(await changes(`${year}&type=ended`))).toEqual(only((change) => change.type === 'ended'))
    expect(ids(await changes(`${year}&type=appeared,agreement`))).toEqual(only((change) => change.type === 'appeared' || change.type === 'agreement'))
    expect(ids(await changes(`${year}&type=appeared&type=ended`))).toEqual(only((change) => change.type === 'appeared' || change.type === 'ended'))
    // The sieges' changes, and the agreements linked to a siege (the Four Towns, al-Waer).
    const { rows: siegeDeals } = await service.db.knex.raw(`select a.slug from agreements a join agreement_zones az on az.agreement_id = a.id
      join zones z on z.id = az.zone_id where z.kind = 'siege' and extract(year from a.signed_on) = 2017`)
    const siegeDealSlugs = siegeDeals.map((row: { slug: string }) => row.slug)
    expect(siegeDealSlugs).toContain('four-towns-agreement-2017')
    expect(ids(await changes(`${year}&kind=siege`))).toEqual(only((change) => change.zone?.kind === 'siege' || (change.type === 'agreement' && siegeDealSlugs.includes(change.agreement!.slug))))
    expect(ids(await changes(`${year}&status=active&type=status,appeared,ended`))).toEqual(only((change) => change.to_status === 'active'))
    // A zone's changes, and the agreements that name it (those have no zone of their own).
    const idlibAgreements = await agreementsNaming(service.db.knex, 'idlib-de-escalation-zone', 2017)
    expect(idlibAgreements).toContain('astana-memorandum-2017')
    const idlib = await changes(`${year}&zone=idlib-de-escalation-zone`)
    expect(idlib.changes.some((change) => change.zone?.slug === 'idlib-de-escalation-zone')).toBe(true)
    expect(ids(idlib)).toEqual(
      only((change) => change.zone?.slug === 'idlib-de-escalation-zone' || (change.type === 'agreement' && idlibAgreements.includes(change.agreement!.slug))),
    )
    expect(ids(await changes(`${year}&zone=${idlib.changes.find((change) => change.zone)!.zone!.id}`))).toEqual(ids(idlib))
    // The Amman memorandum is linked to the south-west zone only.
    const southWest = await changes(`${year}&zone=south-west-de-escalation-zone&type=agreement`)
    expect(southWest.changes.map((change) => change.agreement!.slug)).toEqual(await agreementsNaming(service.db.knex, 'south-west-de-escalation-zone', 2017))
    expect(southWest.changes.map((change) => change.agreement!.slug)).toContain('amman-memorandum-2017')
    const idlibSigned = await changes(`${year}&zone=idlib-de-escalation-zone&type=agreement`)
    expect(idlibSigned.changes.map((change) => change.agreement!.slug)).toEqual(idlibAgreements)
    expect(idlibSigned.changes.map((change) => change.agreement!.slug)).not.toContain('amman-memorandum-2017')
    // Raqqa's siege was the SDF's (the besieger); the Astana zones were guaranteed by Russia.
    const sdf = await changes(`${year}&party=sdf`)
    expect(sdf.changes.map((change) => change.zone?.slug)).toContain('siege-of-raqqa')
    const russia = await changes(`${year}&sponsor=russia&type=appeared`)
    expect(russia.changes.map((change) => change.zone!.slug)).toEqual(expect.arrayContaining(['idlib-de-escalation-zone', 'south-west-de-escalation-zone']))
    expect(russia.changes.map((change) => change.zone!.slug)).not.toContain('siege-of-raqqa')
    // A box around Raqqa city (38.9-39.1 E, 35.9-36.0 N) finds its siege, not Daraa's zone.
    const raqqaBox = await changes(`${year}&bbox=38.9,35.9,39.1,36`)
    expect(raqqaBox.changes.map((change) => change.zone?.slug)).toContain('siege-of-raqqa')
    expect(raqqaBox.changes.map((change) => change.zone?.slug)).not.toContain('south-west-de-escalation-zone')
    // A box crossing the antimeridian, over the Pacific: nothing in Syria.
    expect(ids(await changes(`${year}&bbox=170,-10,-170,10`))).toEqual([])
    expect(ids(await changes(`${year}&q=raqqa`))).toEqual(only((change) => change.zone?.slug === 'siege-of-raqqa'))
    expect(ids(await changes(`${year}&q=${encodeURIComponent('100%_')}`))).toEqual([])
  })

  it('pages by cursor: the pages together are the whole list, each change once', async () => {
    const window = 'from=2010-01-01&to=2026-12-31'
    const whole = await changes(`${window}&limit=1000`)
    expect(whole.changes.length).toBeGreaterThan(20)
    expect(whole.links.map((link) => link.rel)).toEqual(['self', 'alternate'])
    const paged: string[] = []
    let next: string | undefined = `/changes?${window}&limit=7`
    let pages = 0
    while (next) {
      const url = new URL(next, 'http://localhost')
      const page = await changes(url.search.slice(1))
      expect(page.changes.length).toBeLessThanOrEqual(7)
      paged.push(...ids(page))
      next = page.links.find((link) => link.rel === 'next')?.href
      pages += 1
    }
    expect(pages).toBe(Math.ceil(whole.changes.length / 7))
    expect(paged).toEqual(ids(whole))
  })

  it('answers a revalidation with 304 while the data is the same, and caches as /zones does', async () => {
    const first = await service.app.inject('/changes?from=2017-07-01&to=2017-07-31')
    expect(first.headers['etag']).toMatch(/^"changes-\d+-/)
    expect(first.headers['cache-control']).toBe('public, no-cache')
    const again = await service.app.inject({ url: '/changes?from=2017-07-01&to=2017-07-31', headers: { 'if-none-match': String(first.headers['etag']) } })
    expect(again.statusCode).toBe(304)
    const otherWindow = await service.app.inject('/changes?from=2017-07-01&to=2017-07-30')
    expect(otherWindow.headers['etag']).not.toBe(first.headers['etag'])
  })

  it('refuses hostile and impossible input with a 400 that says where', async () => {
    await refused('from=2017-07-31&to=2017-07-01', /query\.from.*after/)
    await refused('from=99999-99-99&to=2017-07-01', /from/)
    await refused('from=2017-02-30&to=2017-07-01', /from/)
    await refused('from=0000-01-01&to=0001-01-01', /query\.from/)
    await refused('to=2017-07-01', /from/)
    await refused('from=2017-07-01', /to/)
    await refused('from=1900-01-01&to=2017-07-01', /longer than 50 years/)
    await refused('from=0001-01-01&to=9999-12-31', /longer than 50 years/)
    await refused('from=Infinity&to=2017-07-01', /from/)
    await refused('from=2017-07-01&to=2017-07-31&limit=Infinity', /limit/)
    await refused('from=2017-07-01&to=2017-07-31&limit=1e309', /limit/)
    await refused('from=2017-07-01&to=2017-07-31&limit=1001', /limit/)
    await refused('from=2017-07-01&to=2017-07-31&bbox=NaN,1,2,3', /bbox/)
    await refused('from=2017-07-01&to=2017-07-31&bbox=1,2,3,Infinity', /bbox/)
    await refused('from=2017-07-01&to=2017-07-31&bbox=1,2,3', /bbox/)
    await refused('from=2017-07-01&to=2017-07-31&bbox=1,95,3,96', /bbox\[1\]/)
    await refused(`from=2017-07-01&to=2017-07-31&q=${'a'.repeat(10_000)}`, /q/)
    await refused('from=2017-07-01&to=2017-07-31&q=a%00b', /NUL/)
    await refused('from=2017-07-01&to=2017-07-31&type=everything', /type/)
    await refused('from=2017-07-01&to=2017-07-31&status=%3Cscript%3E', /status/)
    await refused('from=2017-07-01&to=2017-07-31&zone=Infinity', /zone/)
    await refused('from=2017-07-01&to=2017-07-31&recorded_as_of=yesterday', /recorded_as_of/)
    await refused('from=2017-07-01&to=2017-07-31&recorded_as_of=2017-07-01T25:00:00Z', /recorded_as_of/)
    await refused('from=2017-07-01&to=2017-07-31&cursor=garbage', /cursor/)
    // A cursor in the right form naming a day that does not exist.
    await refused(`from=2017-07-01&to=2017-07-31&cursor=${Buffer.from('changes:2017-02-30~1~5').toString('base64url')}`, /cursor/)
    await refused('from=2017-07-01&to=2017-07-31&unknown=1', /unknown/)
  })

  it('an unknown zone or party matches nothing rather than failing', async () => {
    expect(ids(await changes('from=2017-01-01&to=2017-12-31&zone=no-such-zone'))).toEqual([])
    expect(ids(await changes('from=2017-01-01&to=2017-12-31&zone=2147483647'))).toEqual([])
    // Past the integer ids, digits read as a slug: no zone has it.
    expect(ids(await changes('from=2017-01-01&to=2017-12-31&zone=99999999999'))).toEqual([])
    expect(ids(await changes('from=2017-01-01&to=2017-12-31&party=no-such-party'))).toEqual([])
  })
})

describe(`changes made through the API show up in /changes, on ${backend}`, () => {
  const square = (west: number, east: number): Polygon => ({ type: 'Polygon', coordinates: [[[west, 32], [east, 32], [east, 33], [west, 33], [west, 32]]] })
  let zoneId: number

  async function etag(id: number): Promise<string> {
    return (await service.app.inject(`/zones/${id}`)).headers.etag as string
  }

  async function write(method: 'POST' | 'PATCH', url: string, payload: object) {
    const headers = { ...editor.headers, ...(method === 'PATCH' || url.includes('/status') ? { 'if-match': await etag(zoneId) } : {}) }
    const response = await request(service.app, { method, url, headers, payload })
    return response
  }

  /**
   * A new version of the zone's outline from `day`, made with PATCH /zones/{id} and `boundary`.
   * FALLBACK until that write exists (the boundaries branch adds it): when the service refuses
   * `boundary` as an unknown member, the versions are written as it will write them (the first from
   * the zone's outline, then the new one). The lead drops it after merging the boundaries branch.
   */
  async function newBoundaryVersion(geometry: object, day: string, reason: string): Promise<void> {
    const boundary = { change: 'new-version', effective_date: day, reason, source_url: 'https://example.org/new-line', source_title: 'Report of the new line' }
    const response = await write('PATCH', `/zones/${zoneId}`, { geometry, boundary })
    if (response.status === 200) return
    expect(response.status, response.text).toBe(400)
    expect(JSON.stringify(response.body)).toMatch(/boundary/)
    const knex = service.db.knex
    await knex.transaction(async (trx) => {
      const versions = await trx('zone_boundaries').where({ zone_id: zoneId }).count({ n: '*' }).first()
      if (Number(versions!.n) === 0) {
        await trx.raw(`insert into zone_boundaries (zone_id, geom, effective_on, reason, recorded_by)
          select z.id, z.geom, (select min(effective_on) from status_changes where zone_id = z.id), 'The outline recorded with the zone', 'ada' from zones z where z.id = ?`, [zoneId])
      }
      const [version] = await trx('zone_boundaries')
        .insert({ zone_id: zoneId, geom: trx.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(geometry)]), effective_on: day, reason, recorded_by: 'ada' })
        .returning('id')
      const [source] = await trx('sources').insert({ title: boundary.source_title, url: boundary.source_url }).returning('id')
      await trx('zone_boundary_sources').insert({ boundary_id: version.id, source_id: source.id })
    })
  }

  beforeAll(async () => {
    zoneId = await postZone(service.app, editor.headers, square(36, 37), {
      name: 'Test ceasefire zone',
      slug: 'test-ceasefire-zone',
      kind: 'ceasefire-zone',
      status: 'proposed',
      effective_date: '2024-01-10',
      reason: 'Proposed in talks',
      source_url: 'https://example.org/proposal',
    })
  })

  it('a zone created, its status changed twice and its outline moved: appeared, status, boundary with the area gained, ended', async () => {
    expect((await write('POST', `/zones/${zoneId}/status`, { status: 'active', effective_date: '2024-02-01', reason: 'In force', source_url: 'https://example.org/in-force', source_title: 'Report of the ceasefire' })).status).toBe(200)
    await newBoundaryVersion(square(36, 37.5), '2024-03-01', 'Extended east to the river')
    expect((await write('POST', `/zones/${zoneId}/status`, { status: 'collapsed', effective_date: '2024-04-01', reason: 'Fighting resumed' })).status).toBe(200)

    const body = await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}`)
    expect(body.changes.map((change) => [change.type, change.date, change.to_status])).toEqual([
      ['appeared', '2024-01-10', 'proposed'],
      ['status', '2024-02-01', 'active'],
      ['boundary', '2024-03-01', null],
      ['ended', '2024-04-01', 'collapsed'],
    ])
    const [, active, boundary] = body.changes as [Change, Change, Change, Change]
    expect(active).toMatchObject({ from_status: 'proposed', reason: 'In force', sources: [{ title: 'Report of the ceasefire', url: 'https://example.org/in-force' }] })
    expect(boundary.id).toMatch(/^boundary:\d+$/)
    expect(boundary).toMatchObject({ reason: 'Extended east to the river', zone: { id: zoneId, slug: 'test-ceasefire-zone' }, from_status: null, sources: [{ url: 'https://example.org/new-line' }] })
    // One degree by one at 32-33 N is about 10,420 km²; half a degree more to the east, about 5,210 more, none lost.
    expect(boundary.area_km2_before).toBeGreaterThan(10_300)
    expect(boundary.area_km2_before).toBeLessThan(10_550)
    expect(boundary.area_km2_after! - boundary.area_km2_before!).toBeCloseTo(boundary.area_gained_km2!, 0)
    expect(boundary.area_gained_km2! / boundary.area_km2_before!).toBeCloseTo(0.5, 2)
    expect(boundary.area_lost_km2).toBe(0)
    for (const area of [boundary.area_km2_before, boundary.area_km2_after, boundary.area_gained_km2]) expect(Math.round(area! * 10) / 10).toBe(area)

    // bbox reads the outline in force on the change's date: east of 37 E only from March.
    const east = await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}&bbox=37.2,32.2,37.3,32.3`)
    expect(east.changes.map((change) => change.type)).toEqual(['boundary', 'ended'])
    // status= of a boundary change is the zone's status then.
    expect((await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}&type=boundary&status=active`)).changes).toHaveLength(1)
    expect((await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}&type=boundary&status=proposed`)).changes).toHaveLength(0)
  })

  it('an undone status change is no longer listed; recorded_as_of shows it as the Atlas had it then', async () => {
    const before = await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}&type=ended`)
    expect(before.changes).toHaveLength(1)
    const recordedAt = before.changes[0]!.recorded_at
    const undone = await write('POST', `/zones/${zoneId}/status/undo`, { reason: 'Recorded in error' })
    expect(undone.status, undone.text).toBe(200)
    expect((await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}&type=ended`)).changes).toEqual([])
    const then = await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}&type=ended&recorded_as_of=${encodeURIComponent(recordedAt)}`)
    expect(ids(then)).toEqual(ids(before))
    // Before the zone was recorded at all: nothing of it.
    expect((await changes(`from=2024-01-01&to=2024-12-31&zone=${zoneId}&recorded_as_of=2000-01-01`)).changes).toEqual([])
  })

  it('an archived zone and its changes are left out', async () => {
    const response = await request(service.app, { method: 'DELETE', url: `/zones/${zoneId}`, headers: { ...editor.headers, 'if-match': await etag(zoneId) } })
    expect(response.status, response.text).toBe(204)
    expect((await changes('from=2024-01-01&to=2024-12-31&limit=1000')).changes.filter((change) => change.zone?.id === zoneId)).toEqual([])
  })
})
