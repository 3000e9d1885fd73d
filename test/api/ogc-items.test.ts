import { check } from '@placemarkio/check-geojson'
import { describe, expect, it } from 'vitest'
import { ogcSchemaValidators } from '../fixtures/ogc-schemas/validate.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request, slugs } from '../helpers/inject.ts'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'

const service = useTestApp()

const schemas = ogcSchemaValidators()
const GEOJSON = 'application/geo+json; charset=utf-8'

interface Link {
  rel: string
  type: string
  href: string
}

/** GET …/items, checked as a valid OGC FeatureCollection and GeoJSON. */
async function items(url: string) {
  const response = await request(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(200)
  expect(response.headers['content-type']).toBe(GEOJSON)
  expect(() => check(response.text), 'a valid GeoJSON FeatureCollection').not.toThrow()
  expect(schemas.featureCollectionGeoJSON(response.body), JSON.stringify(schemas.featureCollectionGeoJSON.errors)).toBe(true)
  expect(response.body.numberReturned).toBe(response.body.features.length)
  return response.body as { numberMatched: number; numberReturned: number; timeStamp: string; links: Link[]; features: Array<{ id: number; geometry: unknown; properties: { slug: string } }> }
}

async function problem(url: string, where: string, message: RegExp) {
  const response = await request(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(400)
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  expect(response.body.errors.map((error: { where: string }) => error.where), url).toContain(where)
  expect(response.body.errors.find((error: { where: string }) => error.where === where).message).toMatch(message)
}

const link = (body: { links: Link[] }, rel: string) => body.links.find((candidate) => candidate.rel === rel)
const relative = (href: string) => {
  const url = new URL(href)
  return `${url.pathname}${url.search}`
}
const params = (href: string) => Object.fromEntries(new URL(href).searchParams)

describe(`GET /ogc/collections/{id}/items on ${backend}`, () => {
  it('pages 10 features by default, with numberMatched, numberReturned, timeStamp and typed links', async () => {
    const body = await items('/ogc/collections/zones/items')
    expect(body).toMatchObject({ type: 'FeatureCollection', numberMatched: SEED_ZONES.length, numberReturned: 10 })
    expect(body.links.map((candidate) => [candidate.rel, candidate.type, relative(candidate.href)])).toEqual([
      ['self', 'application/geo+json', '/ogc/collections/zones/items'],
      ['alternate', 'text/html', '/ogc/collections/zones/items?f=html'],
      ['next', 'application/geo+json', '/ogc/collections/zones/items?offset=10&limit=10'],
      ['collection', 'application/json', '/ogc/collections/zones'],
    ])
  })

  it('tags each page with an ETag of the data version, answers If-None-Match with 304, and moves on with the data', async () => {
    const url = '/ogc/collections/zones/items?limit=5&status=active'
    const first = await service.app.inject(url)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"ogc-items-json-\d+-[\w-]+"$/)
    const again = await service.app.inject({ url, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    const html = await service.app.inject({ url, headers: { accept: 'text/html' } })
    expect(html.headers.etag, 'another representation, another tag').not.toBe(etag)
    expect((await service.app.inject({ url, headers: { 'if-none-match': etag, accept: 'text/html' } })).statusCode).toBe(200)
    expect((await service.app.inject('/ogc/collections/zones/items?limit=6&status=active')).headers.etag, 'another page, another tag').not.toBe(etag)
    await service.db.knex('zones').where({ slug: 'kobani-dmz-proposal' }).update({ description: 'changed for the ETag test' })
    const changed = await service.app.inject({ url, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
  })

  it('gives the time of the last change to the data as timeStamp, so the response stays the same until it changes', async () => {
    const body = await items('/ogc/collections/zones/items?limit=1')
    const { rows } = await service.db.knex.raw('select max(updated_at) as last from zones')
    expect(Math.abs(Date.parse(body.timeStamp) - new Date(rows[0].last).getTime())).toBeLessThan(1)
    expect(body.timeStamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const again = await items('/ogc/collections/zones/items?limit=1')
    expect(again.timeStamp).toBe(body.timeStamp)
  })

  it('gives each feature the zone id and the same properties as GET /zones, but for its links and version', async () => {
    const body = await items('/ogc/collections/siege/items')
    expect(body.features).toHaveLength(7)
    const [raqqa] = body.features
    const { properties: { links: _links, version: _version, ...properties }, ...zone } = (await request(service.app, `/zones/${raqqa!.id}`)).body
    expect(raqqa).toEqual({ ...zone, properties })
    expect(raqqa!.properties.slug).toBe('siege-of-raqqa')
  })

  it('includes the zones without a geometry, with geometry null', async () => {
    const body = await items('/ogc/collections/zones/items?limit=100')
    expect(body.features.filter((feature) => feature.geometry === null).map((feature) => feature.properties.slug)).toEqual(
      SEED_ZONES.filter((zone) => !zone.geometry).map((zone) => zone.slug),
    )
  })

  it('follows next links through every feature exactly once, and prev links back', async () => {
    const all = SEED_ZONES.length
    for (const [collection, limit, total, pages] of [['zones', 4, all, Math.ceil(all / 4)], ['zones', 10, all, Math.ceil(all / 10)], ['de-escalation-zone', 2, 5, 3], ['zones', all, all, 1]] as const) {
      const seen: string[] = []
      const visited: string[] = []
      let url: string | undefined = `/ogc/collections/${collection}/items?limit=${limit}`
      while (url) {
        visited.push(url)
        const body = await items(url)
        expect(body.numberMatched).toBe(total)
        seen.push(...slugs(body))
        url = link(body, 'next') && relative(link(body, 'next')!.href)
      }
      expect(visited, `${collection} by ${limit}`).toHaveLength(pages)
      expect(seen).toHaveLength(total)
      expect(new Set(seen).size).toBe(total)
      // and back again
      let back: string | undefined = visited[visited.length - 1]
      const seenBack: string[] = []
      while (back) {
        const body = await items(back)
        seenBack.unshift(...slugs(body))
        back = link(body, 'prev') && relative(link(body, 'prev')!.href)
      }
      expect(seenBack).toEqual(seen)
    }
  })

  it('keeps every query parameter in the self, alternate, next and prev links', async () => {
    const url = '/ogc/collections/zones/items?limit=2&offset=2&status=collapsed,ended&bbox=35,32,43,38&datetime=2017-01-01/..&filter=area_km2%20%3E%2050'
    const body = await items(url)
    expect(body.numberMatched).toBeGreaterThan(4)
    const expected = { status: 'collapsed,ended', bbox: '35,32,43,38', datetime: '2017-01-01/..', filter: 'area_km2 > 50' }
    expect(params(link(body, 'self')!.href)).toEqual({ ...expected, limit: '2', offset: '2' })
    expect(params(link(body, 'alternate')!.href)).toEqual({ ...expected, limit: '2', offset: '2', f: 'html' })
    expect(params(link(body, 'next')!.href)).toEqual({ ...expected, limit: '2', offset: '4' })
    expect(params(link(body, 'prev')!.href)).toEqual({ ...expected, limit: '2' })
    const next = await items(relative(link(body, 'next')!.href))
    expect(next.numberMatched).toBe(body.numberMatched)
  })

  it('clamps a limit above 10000 to 10000 rather than refusing it', async () => {
    for (const limit of ['10001', '20000', '99999999999']) {
      const body = await items(`/ogc/collections/zones/items?limit=${limit}`)
      expect(body.numberReturned).toBe(SEED_ZONES.length)
      expect(link(body, 'next')).toBeUndefined()
    }
    const body = await items('/ogc/collections/zones/items?limit=20000&offset=20')
    expect(params(link(body, 'prev')!.href).limit).toBe('10000')
  })

  it('refuses a limit of 0, a negative one and one that is not an integer', async () => {
    await problem('/ogc/collections/zones/items?limit=0', 'query.limit', />= 1/)
    await problem('/ogc/collections/zones/items?limit=-5', 'query.limit', />= 1/)
    await problem('/ogc/collections/zones/items?limit=2.5', 'query.limit', /integer/)
    await problem('/ogc/collections/zones/items?limit=ten', 'query.limit', /integer/)
    await problem('/ogc/collections/zones/items?offset=-1', 'query.offset', />= 0/)
  })

  it('skips offset features, and answers an offset past the end with an empty page', async () => {
    const all = slugs(await items('/ogc/collections/zones/items?limit=100'))
    const body = await items('/ogc/collections/zones/items?offset=30&limit=10')
    expect(slugs(body)).toEqual(all.slice(30))
    expect(link(body, 'next')).toBeUndefined()
    expect(params(link(body, 'prev')!.href)).toEqual({ offset: '20', limit: '10' })
    const past = await items('/ogc/collections/zones/items?offset=500')
    expect(past).toMatchObject({ numberMatched: SEED_ZONES.length, numberReturned: 0, features: [] })
  })
})

describe(`bbox, datetime and property filters on ${backend}`, () => {
  it('bbox finds the features whose geometry intersects the box, like /zones?bbox=', async () => {
    expect(slugs(await items('/ogc/collections/siege/items?bbox=38.9,35.85,39.1,36.05'))).toEqual(['siege-of-raqqa'])
    const box = '35.5,32.5,36.5,33.5'
    const zones = (await request(service.app, `/zones?bbox=${box}&properties=slug&geometry=false`)).body
    expect(slugs(await items(`/ogc/collections/zones/items?bbox=${box}&limit=100`))).toEqual(slugs(zones))
    // six numbers: the heights are ignored
    expect(slugs(await items('/ogc/collections/siege/items?bbox=38.9,35.85,-100,39.1,36.05,100'))).toEqual(['siege-of-raqqa'])
    // across the antimeridian, nowhere near Syria
    expect(slugs(await items('/ogc/collections/zones/items?bbox=170,-10,-170,10'))).toEqual([])
  })

  it('range-checks bbox like /zones does', async () => {
    await problem('/ogc/collections/zones/items?bbox=30,30,40,95', 'query.bbox[3]', /latitude 95 is outside -90..90/)
    await problem('/ogc/collections/zones/items?bbox=200,30,40,35', 'query.bbox[0]', /longitude 200 is outside -180..180/)
    await problem('/ogc/collections/zones/items?bbox=30,40,40,30', 'query.bbox', /the south edge 40 is north of the north edge 30/)
    await problem('/ogc/collections/zones/items?bbox=1,2,3', 'query.bbox', /at least 4 values/)
    await problem('/ogc/collections/zones/items?bbox=1,2,3,4,5', 'query.bbox', /4 numbers .* or 6/)
    await problem('/ogc/collections/zones/items?bbox=a,b,c,d', 'query.bbox[0]', /number/)
  })

  it('datetime=instant finds the zones valid that day: from their first date to their end date, both included', async () => {
    // Around Raqqa only: the other sieges of the period lie elsewhere.
    const siege = (datetime: string) => items(`/ogc/collections/siege/items?bbox=38.8,35.8,39.2,36.1&datetime=${encodeURIComponent(datetime)}`).then(slugs)
    expect(await siege('2017-07-08')).toEqual(['siege-of-raqqa'])
    expect(await siege('2017-06-06')).toEqual(['siege-of-raqqa'])
    expect(await siege('2017-10-20')).toEqual(['siege-of-raqqa'])
    expect(await siege('2017-06-05')).toEqual([])
    expect(await siege('2017-10-21')).toEqual([])
    expect(await siege('2017-10-20T23:59:59Z')).toEqual(['siege-of-raqqa'])
    // 23:00 in New York on 20 October is 21 October in UTC
    expect(await siege('2017-10-20T23:00:00-05:00')).toEqual([])
    expect(await siege('2017-10-20T23:00:00+05:00')).toEqual(['siege-of-raqqa'])
  })

  it('datetime=interval finds the zones whose validity intersects it; .. and empty ends are open', async () => {
    // Around Raqqa only: the other sieges of the period lie elsewhere.
    const siege = (datetime: string) => items(`/ogc/collections/siege/items?bbox=38.8,35.8,39.2,36.1&datetime=${encodeURIComponent(datetime)}`).then(slugs)
    expect(await siege('2017-01-01/2017-06-06')).toEqual(['siege-of-raqqa'])
    expect(await siege('2017-10-20/2018-01-01')).toEqual(['siege-of-raqqa'])
    expect(await siege('2017-10-21/2018-01-01')).toEqual([])
    expect(await siege('../2017-06-05')).toEqual([])
    expect(await siege('../2017-06-06T00:00:00Z')).toEqual(['siege-of-raqqa'])
    expect(await siege('2017-10-21/..')).toEqual([])
    expect(await siege('/2017-07-01')).toEqual(['siege-of-raqqa'])
    expect(await siege('2017-07-01/')).toEqual(['siege-of-raqqa'])
    expect(await siege('../..')).toEqual(['siege-of-raqqa'])
    // Before 2017, only the Golan area of separation (1974) was in place
    expect(slugs(await items('/ogc/collections/zones/items?datetime=1990-01-01'))).toEqual(['golan-1974-area-of-separation'])
  })

  it('datetime agrees with the validity computed from the tables, day by day', async () => {
    for (const day of ['2016-12-31', '2017-05-04', '2018-03-01', '2019-10-10', '2024-11-27', '2026-02-12']) {
      const { rows } = await service.db.knex.raw(
        `select z.slug from zones z
          where not z.archived
            and coalesce((select min(effective_on) from status_changes where zone_id = z.id), z.proposed_on) <= ?::date
            and (z.ended_on is null or z.ended_on >= ?::date)
          order by z.id`,
        [day, day],
      )
      const body = await items(`/ogc/collections/zones/items?limit=100&datetime=${day}`)
      expect(slugs(body), day).toEqual(rows.map((row: { slug: string }) => row.slug))
    }
  })

  it('refuses a datetime that is not RFC 3339, and an interval that ends before it starts', async () => {
    for (const datetime of ['yesterday', '2017-02-30', '2017-13-01', '2017-07-08T25:00:00Z', '2017-07-08T10:00:00', '20170708', '..', '2017/2018/2019', '0000-01-01']) {
      await problem(`/ogc/collections/zones/items?datetime=${encodeURIComponent(datetime)}`, 'query.datetime', /./)
    }
    await problem('/ogc/collections/zones/items?datetime=2018-01-01/2017-01-01', 'query.datetime', /ends .* before it starts/)
  })

  it('status= and sponsor= filter by property, with comma lists, like /zones', async () => {
    expect(slugs(await items('/ogc/collections/zones/items?status=proposed'))).toEqual([
      'southern-syria-demilitarisation-proposal',
      'israel-sweida-humanitarian-corridor',
      'kobani-dmz-proposal',
      'turkey-israel-deconfliction-mechanism',
      'bravo-line-observation-posts',
    ])
    expect(slugs(await items('/ogc/collections/zones/items?status=agreed,suspended'))).toEqual(slugs(await items('/ogc/collections/zones/items?status=agreed&status=suspended')))
    expect(slugs(await items('/ogc/collections/zones/items?sponsor=jordan'))).toEqual(['south-west-de-escalation-zone', 'sweida-ceasefire-2025'])
    expect(slugs(await items('/ogc/collections/de-escalation-zone/items?sponsor=iran&status=collapsed'))).toEqual(['idlib-de-escalation-zone', 'northern-homs-de-escalation-zone', 'eastern-ghouta-de-escalation-zone'])
    expect(slugs(await items('/ogc/collections/siege/items?sponsor=iran'))).toEqual([])
    await problem('/ogc/collections/zones/items?status=bogus', 'query.status[0]', /is not one of proposed/)
    await problem('/ogc/collections/zones/items?sponsor=Russia', 'query.sponsor[0]', /slug/)
  })

  it('treats SQL in parameters as data', async () => {
    for (const query of ["status=proposed'--", 'sponsor=russia%27%20or%201%3D1--', 'datetime=2017-01-01%27%3B%20delete%20from%20zones--', 'bbox=1%3B%20drop,2,3,4', 'limit=1%3B%20drop%20table%20zones']) {
      const response = await request(service.app, `/ogc/collections/zones/items?${query}`)
      expect(response.status, query).toBe(400)
    }
    const { rows } = await service.db.knex.raw('select count(*)::int as n from zones')
    expect(rows[0].n).toBe(SEED_ZONES.length)
  })
})

describe(`GET /ogc/collections/{id}/items/{featureId} on ${backend}`, () => {
  it('gives the feature whose id is the path parameter, with links to itself and its collection', async () => {
    const response = await request(service.app, '/ogc/collections/zones/items/5')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe(GEOJSON)
    expect(schemas.featureGeoJSON(response.body), JSON.stringify(schemas.featureGeoJSON.errors)).toBe(true)
    const { links, ...feature } = response.body
    // The /zones feature's own links and version are no attributes here: the links are the response's, the version is in the ETag.
    const { properties: { links: _zoneLinks, version: _version, ...properties }, ...zone } = (await request(service.app, '/zones/5')).body
    expect(feature).toEqual({ ...zone, properties })
    expect(feature.properties).not.toHaveProperty('links')
    expect(feature.properties).not.toHaveProperty('version')
    expect(links.map((candidate: Link) => [candidate.rel, candidate.type, relative(candidate.href)])).toEqual([
      ['self', 'application/geo+json', '/ogc/collections/zones/items/5'],
      ['alternate', 'text/html', '/ogc/collections/zones/items/5?f=html'],
      ['collection', 'application/json', '/ogc/collections/zones'],
    ])
    const siege = await request(service.app, '/ogc/collections/siege/items/5')
    expect(siege.body.properties.slug).toBe('siege-of-raqqa')
  })

  it('answers 404 for an id in another kind\'s collection, one that cannot exist, and an archived zone', async () => {
    const ids = ['6', '0', '-1', '05', 'abc', 'siege-of-raqqa', '1e3', '99999', '2147483648', '99999999999999999999', '5.0', "5'%20or%20'1'='1", 'x'.repeat(150)]
    for (const id of ids) {
      const response = await request(service.app, `/ogc/collections/siege/items/${id}`)
      expect(response.status, id).toBe(404)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(response.body.detail).toMatch(/in the collection siege does not exist/)
    }
    await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ archived: true })
    try {
      expect((await request(service.app, '/ogc/collections/zones/items/5')).status).toBe(404)
      expect((await items('/ogc/collections/zones/items')).numberMatched).toBe(SEED_ZONES.length - 1)
    } finally {
      await service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ archived: false })
    }
  })
})
