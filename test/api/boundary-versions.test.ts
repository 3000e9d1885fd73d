import { beforeAll, describe, expect, it } from 'vitest'
import type { Polygon } from 'geojson'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { editorToken } from '../helpers/accounts.ts'
import { dataDigest } from '../helpers/table-digest.ts'
import { starPositions } from '../helpers/hostile-geometry.ts'
import { postZone, square } from '../helpers/zones.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let bearer: Record<string, string>

beforeAll(async () => {
  bearer = await editorToken(service.app, 'ada')
})

const LARGE = square(38, 34, 0.4)
const SMALL = square(38.1, 34.1, 0.1)
const REDRAWN = square(38, 34, 0.41)

async function etagOf(id: number | string): Promise<string> {
  return (await service.app.inject(`/zones/${id}`)).headers.etag as string
}

function createZone(slug: string, geometry: Polygon | null, effectiveDate = '2020-01-01'): Promise<number> {
  return postZone(service.app, bearer, geometry, { name: slug, slug, kind: 'ceasefire-zone', status: 'agreed', effective_date: effectiveDate, reason: 'Agreed <b>in talks</b>', source_url: 'https://example.org/talks' })
}

async function patch(id: number, payload: object, etag?: string) {
  return request(service.app, { method: 'PATCH', url: `/zones/${id}`, headers: { ...bearer, 'if-match': etag ?? (await etagOf(id)) }, payload })
}

async function boundaries(id: number, query = '') {
  const response = await request(service.app, `/zones/${id}/boundaries${query}`)
  expect(response.status, response.text).toBe(200)
  return response.body as { zone: { id: number; slug: string; name: string }; boundaries: Array<Record<string, any>> }
}

async function zoneAsOf(id: number | string, day: string) {
  return request(service.app, `/zones/${id}?as_of=${day}`)
}

/** The rows of a zone's versions, from the tables. */
async function versionRows(id: number) {
  const { rows } = await service.db.knex.raw(
    `select id, effective_on::text, superseded_by, superseded_at is not null as superseded, ST_AsText(geom) as wkt from zone_boundaries where zone_id = ? order by id`,
    [id],
  )
  return rows as Array<{ id: number; effective_on: string; superseded_by: number | null; superseded: boolean; wkt: string }>
}

describe(`a zone's first boundary version, on ${backend}`, () => {
  it('is written when the zone is created with a geometry: dated by its effective date, with its reason and source', async () => {
    const id = await createZone('first-version', LARGE, '2020-02-03')
    const body = await boundaries(id)
    expect(body.zone).toEqual({ id, slug: 'first-version', name: 'first-version' })
    expect(body.boundaries).toHaveLength(1)
    expect(body.boundaries[0]).toMatchObject({
      effective_on: '2020-02-03', effective_precision: 'day', until: null, reason: 'Agreed <b>in talks</b>', basis: 'stated',
      location_precision: 'approximate', recorded_by: 'ada', superseded_at: null, superseded_by: null,
      sources: [{ title: 'https://example.org/talks', url: 'https://example.org/talks' }],
    })
    expect(body.boundaries[0]!.area_km2).toBeGreaterThan(1500)
    expect(body.boundaries[0]!.geometry).toBeUndefined()
    expect((await boundaries(id, '?geometry=true')).boundaries[0]!.geometry).toEqual(LARGE)
    const zone = (await request(service.app, `/zones/${id}`)).body
    expect(zone.geometry).toEqual(LARGE)
    expect(zone.properties.area_km2).toBe(body.boundaries[0]!.area_km2)
  })

  it('is not written for a zone without a geometry', async () => {
    const id = await createZone('no-outline', null)
    expect((await boundaries(id)).boundaries).toEqual([])
    expect(await versionRows(id)).toEqual([])
  })

  it('every seeded zone with an outline has a current version that holds it', async () => {
    const { rows } = await service.db.knex.raw(
      `select z.slug from zones z where z.geom is not null and not exists (
         select 1 from zone_boundaries b where b.zone_id = z.id and b.superseded_at is null and ST_OrderingEquals(b.geom, z.geom))`,
    )
    expect(rows).toEqual([])
  })
})

describe(`new versions and corrections, on ${backend}`, () => {
  it('a new version from a date: as_of shows each version in its time, with its area', async () => {
    const id = await createZone('moving-line', LARGE, '2020-01-01')
    const response = await patch(id, { geometry: SMALL, boundary: { change: 'new-version', effective_date: '2021-03-01', reason: 'Front line moved', source_url: 'https://example.org/front' } })
    expect(response.status, response.text).toBe(200)
    expect(response.body.geometry).toEqual(SMALL)

    const body = await boundaries(id, '?geometry=true')
    expect(body.boundaries.map((version) => [version.effective_on, version.until, version.reason])).toEqual([
      ['2020-01-01', '2021-03-01', 'Agreed <b>in talks</b>'],
      ['2021-03-01', null, 'Front line moved'],
    ])
    expect(body.boundaries[1]!.sources).toEqual([{ title: 'https://example.org/front', url: 'https://example.org/front' }])
    const [large, small] = body.boundaries.map((version) => version.area_km2 as number)
    expect(small!).toBeLessThan(large! / 10)

    const before = (await zoneAsOf(id, '2021-02-28')).body
    expect(before.geometry).toEqual(LARGE)
    expect(before.properties.area_km2).toBe(large)
    const after = (await zoneAsOf(id, '2021-03-01')).body
    expect(after.geometry).toEqual(SMALL)
    expect(after.properties.area_km2).toBe(small)
    expect((await request(service.app, `/zones/${id}`)).body.geometry).toEqual(SMALL)

    // Every read by date goes through the same source: lists, zoom levels, CSV, KML, OGC.
    const listed = (await request(service.app, `/zones?as_of=2020-06-01&q=moving-line&zoom=12`)).body
    expect(listed.features.map((feature: { geometry: unknown }) => feature.geometry)).toEqual([LARGE])
    const csv = (await service.app.inject(`/zones?format=csv&as_of=2020-06-01&q=moving-line`)).body
    expect(csv).toContain('POLYGON((38 34,38.4 34,38.4 34.4,38 34.4,38 34))')
    const kml = (await service.app.inject(`/zones?format=kml&as_of=2020-06-01&q=moving-line`)).body
    expect(kml).toContain('38.4,34.4')
    const ogc = (await request(service.app, `/ogc/collections/zones/items/${id}`)).body
    expect(ogc.geometry).toEqual(SMALL)
    const ogcThen = (await request(service.app, `/ogc/collections/zones/items?datetime=2020-06-01&filter=${encodeURIComponent("slug = 'moving-line'")}`)).body
    expect(ogcThen.features.map((feature: { geometry: unknown }) => feature.geometry)).toEqual([LARGE])
    // bbox and contains look at the outline of the day
    const inLarge = (await request(service.app, `/zones?contains=38.35,34.35&as_of=2020-06-01&properties=slug&geometry=false`)).body
    expect(inLarge.features.map((feature: { properties: { slug: string } }) => feature.properties.slug)).toContain('moving-line')
    const inSmallOnly = (await request(service.app, `/zones?contains=38.35,34.35&properties=slug&geometry=false`)).body
    expect(inSmallOnly.features.map((feature: { properties: { slug: string } }) => feature.properties.slug)).not.toContain('moving-line')
  })

  it('before its first version, a zone is drawn with its first version', async () => {
    const id = await createZone('outline-later', null, '2020-01-01')
    const response = await patch(id, { geometry: SMALL, boundary: { change: 'new-version', effective_date: '2020-06-01', reason: 'First map published' } })
    expect(response.status, response.text).toBe(200)
    expect((await zoneAsOf(id, '2020-02-01')).body.geometry).toEqual(SMALL)
  })

  it('a correction redraws the version in force: same date, precision and basis; the old row is kept, superseded by the new', async () => {
    const id = await createZone('redrawn', LARGE, '2020-01-01')
    await patch(id, { geometry: SMALL, boundary: { change: 'new-version', effective_date: '2021-03-01', effective_precision: 'month', basis: 'inferred', reason: 'Front line moved' } })
    const response = await patch(id, { geometry: REDRAWN, location_precision: 'region', boundary: { change: 'correction', reason: 'Redrawn from the published map' } })
    expect(response.status, response.text).toBe(200)
    expect(response.body.properties.location_precision).toBe('region')

    const rows = await versionRows(id)
    expect(rows).toHaveLength(3)
    expect(rows[1]).toMatchObject({ effective_on: '2021-03-01', superseded: true, superseded_by: rows[2]!.id })
    expect(rows[2]).toMatchObject({ effective_on: '2021-03-01', superseded: false, superseded_by: null })

    const current = (await boundaries(id)).boundaries
    expect(current.map((version) => [version.effective_on, version.effective_precision, version.basis, version.location_precision, version.reason])).toEqual([
      ['2020-01-01', 'day', 'stated', 'approximate', 'Agreed <b>in talks</b>'],
      ['2021-03-01', 'month', 'inferred', 'region', 'Redrawn from the published map'],
    ])
    const all = (await boundaries(id, '?include=superseded')).boundaries
    expect(all.map((version) => version.id)).toEqual(rows.map((row) => row.id))
    expect(all[1]).toMatchObject({ superseded_by: rows[2]!.id })
    expect(all[1]!.superseded_at).toEqual(expect.any(String))

    expect((await zoneAsOf(id, '2021-06-01')).body.geometry).toEqual(REDRAWN)
    expect((await zoneAsOf(id, '2020-06-01')).body.geometry).toEqual(LARGE)
  })

  it('without boundary, a new geometry is a correction (the old behaviour); the same geometry again adds nothing', async () => {
    const id = await createZone('plain-edit', LARGE)
    expect((await patch(id, { geometry: REDRAWN })).status).toBe(200)
    const rows = await versionRows(id)
    expect(rows.map((row) => [row.effective_on, row.superseded])).toEqual([['2020-01-01', true], ['2020-01-01', false]])
    expect((await patch(id, { geometry: REDRAWN, name: 'plain edit' })).status).toBe(200)
    expect(await versionRows(id)).toHaveLength(2)
  })

  it('location precision and the outline note are written on the version in force', async () => {
    const id = await createZone('described', LARGE)
    const response = await patch(id, { location_precision: 'exact', geometry_note: 'Surveyed by the monitors' })
    expect(response.status).toBe(200)
    expect(response.body.properties).toMatchObject({ location_precision: 'exact', approximate: false, geometry_note: 'Surveyed by the monitors' })
    expect((await boundaries(id)).boundaries).toMatchObject([{ location_precision: 'exact', geometry_note: 'Surveyed by the monitors' }])
  })

  it('geometry null withdraws the outline: no version is current, the zone has no shape, the rows are kept', async () => {
    const id = await createZone('withdrawn', LARGE)
    const response = await patch(id, { geometry: null })
    expect(response.status, response.text).toBe(200)
    expect(response.body.geometry).toBeNull()
    expect((await boundaries(id)).boundaries).toEqual([])
    expect((await boundaries(id, '?include=superseded')).boundaries).toMatchObject([{ superseded_by: null, superseded_at: expect.any(String) }])
    expect((await zoneAsOf(id, '2020-06-01')).body.geometry).toBeNull()
    // An outline drawn again is the zone's first current version, from the first day of its record.
    expect((await patch(id, { geometry: SMALL })).status).toBe(200)
    expect((await boundaries(id)).boundaries).toMatchObject([{ effective_on: '2020-01-01', basis: 'inferred' }])
  })

  it("a new version is one write: one audit row, the zone's version bumped once", async () => {
    const id = await createZone('audited', LARGE)
    const audit = async () => Number((await service.db.knex('audit_log').where({ zone_id: id }).count({ n: '*' }))[0]!.n)
    const before = await audit()
    const response = await patch(id, { geometry: SMALL, boundary: { change: 'new-version', effective_date: '2022-01-01', reason: 'Moved' } })
    expect(response.body.properties.version).toBe(2)
    expect(await audit()).toBe(before + 1)
    const row = await service.db.knex('audit_log').where({ zone_id: id }).orderBy('id', 'desc').first('after')
    expect(row.after.geometry).toEqual(SMALL)
  })

  it('the seeded Idlib zone is drawn by its stages: smaller as of April 2020 than in October 2017', async () => {
    const october2017 = (await zoneAsOf('idlib-de-escalation-zone', '2017-10-01')).body
    const april2020 = (await zoneAsOf('idlib-de-escalation-zone', '2020-04-01')).body
    expect(october2017.geometry).not.toEqual(april2020.geometry)
    expect(april2020.properties.area_km2).toBeLessThan(october2017.properties.area_km2)
    // Each is the version in force that day, as the boundaries list dates them.
    const { boundaries } = (await request(service.app, '/zones/idlib-de-escalation-zone/boundaries')).body
    const inForce = (day: string) => boundaries.filter((version: { effective_on: string }) => version.effective_on <= day).at(-1)
    expect(october2017.properties.area_km2).toBeCloseTo(inForce('2017-10-01').area_km2, 0)
    expect(april2020.properties.area_km2).toBeCloseTo(inForce('2020-04-01').area_km2, 0)
    expect(april2020.properties.approximate).toBe(true)
  })
})

describe(`refused boundary changes, on ${backend}`, () => {
  let id: number
  beforeAll(async () => {
    id = await createZone('guarded', LARGE, '2020-01-01')
    expect((await patch(id, { geometry: SMALL, boundary: { change: 'new-version', effective_date: '2021-03-01', reason: 'Moved' } })).status).toBe(200)
  })

  async function refused(payload: object, status: number, where: string, message: RegExp) {
    const before = await dataDigest(service.db.knex)
    const response = await patch(id, payload)
    expect(response.status, response.text).toBe(status)
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
    const located = (response.body.errors as Array<{ where: string; message: string }>).filter((error) => error.where.startsWith(where))
    expect(located.some((error) => message.test(error.message)), response.text).toBe(true)
    const after = await dataDigest(service.db.knex)
    expect(after.zone_boundaries).toBe(before.zone_boundaries)
    expect(after.zones).toBe(before.zones)
  }

  it('a self-crossing outline (422, pointing into the geometry)', async () => {
    const star: Polygon = { type: 'Polygon', coordinates: [starPositions(7, [38.2, 34.2], 0.1)] }
    await refused({ geometry: star, boundary: { change: 'new-version', effective_date: '2022-01-01', reason: 'x' } }, 422, 'body.geometry.coordinates[0]', /./)
    await refused({ geometry: star }, 422, 'body.geometry.coordinates[0]', /./)
  })

  it('an effective date in the future (400)', async () => {
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: nextYear, reason: 'Planned' } }, 400, 'body.boundary.effective_date', /in the future/)
  })

  it('a date not after the version in force (422)', async () => {
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: '2020-06-01', reason: 'Earlier' } }, 422, 'body.boundary.effective_date', /must be after 2021-03-01/)
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: '2021-03-01', reason: 'Same day' } }, 422, 'body.boundary.effective_date', /correction/)
  })

  it('a new version without a reason or a date, and boundary without geometry (400)', async () => {
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: '2022-01-01' } }, 400, 'body.boundary.reason', /required/)
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', reason: 'Moved' } }, 400, 'body.boundary.effective_date', /required/)
    await refused({ name: 'x', boundary: { change: 'correction' } }, 400, 'body.boundary', /geometry/)
    await refused({ geometry: null, boundary: { change: 'new-version', effective_date: '2022-01-01', reason: 'Gone' } }, 400, 'body.geometry', /needs an outline/)
  })

  it('a correction that tries to move the date (400), and hostile values', async () => {
    await refused({ geometry: REDRAWN, boundary: { change: 'correction', effective_date: '2022-01-01' } }, 400, 'body.boundary.effective_date', /keeps the date/)
    await refused({ geometry: REDRAWN, boundary: { change: 'sideways' } }, 400, 'body.boundary.change', /./)
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: '99999-01-01', reason: 'x' } }, 400, 'body.boundary.effective_date', /./)
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: '2022-01-01', reason: 'x'.repeat(2001) } }, 400, 'body.boundary.reason', /./)
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: '2022-01-01', reason: 'x', source_url: 'javascript:alert(1)' } }, 400, 'body.boundary.source_url', /./)
    await refused({ geometry: REDRAWN, boundary: { change: 'new-version', effective_date: '1899-12-31', reason: 'x' } }, 400, 'body.boundary.effective_date', /1900/)
  })

  it('concurrent PATCHes with the same If-Match: one 200, one 412, exactly one new version', async () => {
    const etag = await etagOf(id)
    const before = (await versionRows(id)).length
    const responses = await Promise.all(
      [square(38, 34, 0.2), square(38, 34, 0.3)].map((geometry, index) =>
        patch(id, { geometry, boundary: { change: 'new-version', effective_date: `2022-0${index + 1}-01`, reason: `attempt ${index}` } }, etag),
      ),
    )
    expect(responses.map((response) => response.status).sort()).toEqual([200, 412])
    expect(await versionRows(id)).toHaveLength(before + 1)
  })
})

describe(`GET /zones/{id}/boundaries, on ${backend}`, () => {
  it('404 for a zone that does not exist, 400 for unknown parameters', async () => {
    expect((await request(service.app, '/zones/no-such-zone/boundaries')).status).toBe(404)
    expect((await request(service.app, '/zones/2147483647/boundaries')).status).toBe(404)
    const bad = await request(service.app, '/zones/idlib-de-escalation-zone/boundaries?include=everything')
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].where).toBe('query.include')
    expect((await request(service.app, '/zones/idlib-de-escalation-zone/boundaries?as_of=2020-01-01')).status).toBe(400)
  })

  it("lists a seeded zone's migrated outline as its first version, from the first day of its history", async () => {
    const body = await boundaries((await request(service.app, '/zones/siege-of-raqqa')).body.id as number)
    expect(body.boundaries[0]).toMatchObject({ effective_on: '2017-06-06', basis: 'inferred', superseded_by: null })
  })
})

describe(`vector tiles by date, on ${backend}`, () => {
  it('as_of draws the version in force that day, with an ETag of its own', async () => {
    const id = await createZone('tiled', square(38, 34, 1), '2020-01-01')
    expect((await patch(id, { geometry: square(38, 34, 0.05), boundary: { change: 'new-version', effective_date: '2021-01-01', reason: 'Shrank' } })).status).toBe(200)
    // zoom 8 tile holding 38.9, 34.9: in the 2020 outline, outside the 2021 one
    const x = Math.floor(((38.9 + 180) / 360) * 256)
    const lat = (34.9 * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * 256)
    const now = await service.app.inject(`/tiles/8/${x}/${y}.mvt`)
    const then = await service.app.inject(`/tiles/8/${x}/${y}.mvt?as_of=2020-06-01`)
    expect(now.statusCode).toBe(200)
    expect(then.statusCode).toBe(200)
    expect(then.rawPayload.byteLength).toBeGreaterThan(now.rawPayload.byteLength)
    expect(then.headers.etag).not.toBe(now.headers.etag)
    const again = await service.app.inject({ url: `/tiles/8/${x}/${y}.mvt?as_of=2020-06-01`, headers: { 'if-none-match': then.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    expect((await service.app.inject(`/tiles/8/${x}/${y}.mvt?as_of=2020-13-01`)).statusCode).toBe(400)
    const tilejson = JSON.parse((await service.app.inject('/tiles?as_of=2020-06-01')).body)
    expect(tilejson.tiles[0]).toMatch(/\.mvt\?v=\d+&as_of=2020-06-01$/)
  })
})
