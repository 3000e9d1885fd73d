import { describe, expect, it } from 'vitest'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'
import { ogcSchemaValidators } from '../fixtures/ogc-schemas/validate.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request, slugs } from '../helpers/inject.ts'

/**
 * /ogc as desktop GIS reads it: QGIS fixes one geometry type per layer from the collection's
 * queryables and first page, GDAL and QGIS turn their filters into `datetime`, CQL text with their
 * own date spellings, and names as the features show them (see test/process/ogc-gdal.test.ts for
 * GDAL itself).
 */

const service = useTestApp()
const schemas = ogcSchemaValidators()

interface Link {
  rel: string
  href: string
}

interface Page {
  numberMatched: number
  numberReturned: number
  links: Link[]
  features: Array<{ id: number; geometry: { type: string } | null; properties: Record<string, unknown> }>
}

async function items(url: string): Promise<Page> {
  const response = await request(service.app, url)
  expect(response.status, `${url}: ${response.text}`).toBe(200)
  expect(schemas.featureCollectionGeoJSON(response.body), JSON.stringify(schemas.featureCollectionGeoJSON.errors)).toBe(true)
  return response.body as Page
}

const count = async (query: string) => (await items(`/ogc/collections/zones/items?limit=1&${query}`)).numberMatched
const filtered = (cql: string, language = 'cql2-text') => count(`filter=${encodeURIComponent(cql)}&filter-lang=${language}`)
const dated = (datetime: string) => count(`datetime=${encodeURIComponent(datetime)}`)
const link = (page: Page, rel: string) => page.links.find((candidate) => candidate.rel === rel)

/** How many unarchived zones satisfy an SQL condition on the table, to compare a filter with. */
async function zonesWhere(condition: string): Promise<number> {
  const { rows } = await service.db.knex.raw(`select count(*)::int as n from zones z where not z.archived and (${condition})`)
  return rows[0].n
}

const FAMILIES = [
  { id: 'zones-areas', types: ['POLYGON', 'MULTIPOLYGON'], served: 'MultiPolygon', format: 'geometry-multipolygon', dimension: 2 },
  { id: 'zones-lines', types: ['LINESTRING', 'MULTILINESTRING'], served: 'MultiLineString', format: 'geometry-multilinestring', dimension: 1 },
  { id: 'zones-points', types: ['POINT', 'MULTIPOINT'], served: 'MultiPoint', format: 'geometry-multipoint', dimension: 0 },
] as const

describe(`collections of one geometry type, as QGIS reads them, on ${backend}`, () => {
  it('each says its type (queryables, geometryDimension) and serves every one of its zones as that one type, page after page', async () => {
    for (const family of FAMILIES) {
      const collection = (await request(service.app, `/ogc/collections/${family.id}`)).body
      expect(collection).toMatchObject({ id: family.id, itemType: 'feature', geometryDimension: family.dimension })
      const queryables = JSON.parse((await request(service.app, `/ogc/collections/${family.id}/queryables`)).text)
      expect(queryables.properties.geometry).toMatchObject({ format: family.format, 'x-ogc-role': 'primary-geometry' })

      // QGIS types the layer from a first page of 10, then pages with the next links.
      const types = new Set<string>()
      const ids: number[] = []
      let url: string | undefined = `/ogc/collections/${family.id}/items?limit=10`
      while (url) {
        const page = await items(url)
        for (const feature of page.features) {
          types.add(feature.geometry?.type ?? 'none')
          ids.push(feature.id)
        }
        const next = link(page, 'next')
        url = next && new URL(next.href).pathname + new URL(next.href).search
      }
      expect([...types], family.id).toEqual([family.served])
      const { rows } = await service.db.knex.raw('select id from zones where not archived and GeometryType(geom) = any(?) order by id', [[...family.types]])
      expect(ids, family.id).toEqual(rows.map((row: { id: number }) => row.id))
    }
    // The seed's lines: the Golan area of separation, the Sweida corridor, the Manbij line, the Euphrates line, the Qalamoun convoy.
    expect((await items('/ogc/collections/zones-lines/items')).features.map((feature) => feature.properties.slug)).toEqual([
      'golan-1974-area-of-separation', 'israel-sweida-humanitarian-corridor', 'manbij-buffer-2017', 'euphrates-deconfliction-line', 'qalamoun-isis-evacuation-2017',
    ])
  })

  it('leaves geometry collections and zones without a geometry to `zones`, which keeps every zone as drawn', async () => {
    const total = (await items('/ogc/collections/zones/items?limit=1')).numberMatched
    const inFamilies = await Promise.all(FAMILIES.map(async (family) => (await items(`/ogc/collections/${family.id}/items?limit=1`)).numberMatched))
    expect(total - inFamilies.reduce((sum, n) => sum + n, 0)).toBe(await zonesWhere("z.geom is null or GeometryType(z.geom) = 'GEOMETRYCOLLECTION'"))
    const zones = await items('/ogc/collections/zones/items?limit=100')
    expect(new Set(zones.features.map((feature) => feature.geometry?.type))).toEqual(new Set(['Polygon', 'MultiPolygon', 'LineString', 'Point', 'GeometryCollection', undefined]))
  })

  it('takes the filters, single items and paging of `zones`, within the family', async () => {
    expect(slugs(await items(`/ogc/collections/zones-points/items?filter=${encodeURIComponent("status = 'active'")}`))).toEqual(['darat-izza-observation-post'])
    expect(slugs(await items('/ogc/collections/zones-lines/items?bbox=35.7,32.6,35.8,32.9'))).toEqual(['golan-1974-area-of-separation'])
    const sieges = slugs(await items('/ogc/collections/zones-areas/items?datetime=2017-10-20&filter=kind%3D%27siege%27'))
    expect(sieges).toContain('siege-of-raqqa')
    expect(sieges).toEqual(slugs(await items('/ogc/collections/zones/items?datetime=2017-10-20&filter=kind%3D%27siege%27')))
    const raqqa = await request(service.app, '/ogc/collections/zones-areas/items/5')
    expect(raqqa.status).toBe(200)
    expect(raqqa.body.geometry.type).toBe('MultiPolygon')
    expect(raqqa.body.links.map((candidate: Link) => [candidate.rel, new URL(candidate.href).pathname])).toEqual([
      ['self', '/ogc/collections/zones-areas/items/5'],
      ['alternate', '/ogc/collections/zones-areas/items/5'],
      ['collection', '/ogc/collections/zones-areas'],
    ])
    // A line is not in the areas, and a geometry collection (20) in no family.
    for (const [collection, id] of [['zones-areas', 15], ['zones-points', 20], ['zones-lines', 17]] as const) {
      expect((await request(service.app, `/ogc/collections/${collection}/items/${id}`)).status, `${collection}/${id}`).toBe(404)
    }
    const second = await items('/ogc/collections/zones-areas/items?limit=5&offset=5')
    expect(second.numberReturned).toBe(5)
    expect(link(second, 'prev')).toBeDefined()
    expect(link(second, 'next')).toBeDefined()
  })

  it('writes no links or version among a feature\'s properties, and no prev link on a page past the end', async () => {
    for (const collection of ['zones', 'zones-areas', 'agreements', 'incidents']) {
      const page = await items(`/ogc/collections/${collection}/items?limit=3`)
      for (const feature of page.features) {
        expect(feature.properties, collection).not.toHaveProperty('links')
        expect(feature.properties, collection).not.toHaveProperty('version')
      }
    }
    const lastOffset = Math.floor((SEED_ZONES.length - 1) / 10) * 10
    const past = await items(`/ogc/collections/zones/items?limit=10&offset=${lastOffset + 10}`)
    expect(past.numberReturned).toBe(0)
    expect(past.links.map((candidate) => candidate.rel)).toEqual(['self', 'alternate', 'collection'])
    const last = await items(`/ogc/collections/zones/items?limit=10&offset=${lastOffset}`)
    expect(last.links.map((candidate) => candidate.rel)).toEqual(['self', 'alternate', 'prev', 'collection'])
    const first = await items('/ogc/collections/zones/items?limit=10')
    expect(first.links.map((candidate) => candidate.rel)).toEqual(['self', 'alternate', 'next', 'collection'])
  })
})

describe(`date filters as GDAL and QGIS send them, on ${backend}`, () => {
  it('filters each date queryable in CQL2 as the table says, in every spelling the clients use', async () => {
    const since = await zonesWhere("z.status_since >= '2020-01-01'")
    expect(since).toBeGreaterThan(0)
    expect(await filtered("status_since >= '2020-01-01'")).toBe(since)
    expect(await filtered("status_since >= DATE('2020-01-01')")).toBe(since)
    // GDAL 3.6, offered cql-text, writes a date as 2020-01-01T; QGIS's CQL2 compiler as DATE(...) in parentheses.
    expect(await filtered("status_since >= '2020-01-01T'", 'cql-text')).toBe(since)
    expect(await filtered("(status_since >= DATE('2020-01-01'))")).toBe(since)
    expect(await filtered("status_since >= '2020/01/01'")).toBe(since)
    for (const name of ['proposed_on', 'in_force_from', 'ended_on']) {
      expect(await filtered(`${name} < '2018-06-01'`), name).toBe(await zonesWhere(`z.${name} < '2018-06-01'`))
      expect(await filtered(`${name} >= '2018-06-01T12Z'`), name).toBe(await zonesWhere(`z.${name} >= '2018-06-02'`))
    }
    const updated = await zonesWhere("z.updated_at > '2020-01-01T00:00:00Z'")
    expect(await filtered("updated_at > '2020/01/01 00:00:00'")).toBe(updated)
    expect(await filtered("updated_at > TIMESTAMP('2020-01-01T00:00:00Z')")).toBe(updated)
    expect(await filtered("updated_at > '2999-01-01T00:00Z'")).toBe(0)
    expect(await filtered("updated_at BETWEEN DATE('2000-01-01') AND '2999-12-31T23:59:59Z'")).toBe(updated)
  })

  it('reads GDAL\'s and QGIS\'s datetime spellings with datetime\'s own meaning: the zones valid then', async () => {
    const open = await dated('2020-01-01/..')
    expect(open).toBe(await zonesWhere("coalesce((select min(effective_on) from status_changes where zone_id = z.id), z.proposed_on) is not null and (z.ended_on is null or z.ended_on >= '2020-01-01')"))
    expect(await dated('2020-01-01T/..')).toBe(open)
    expect(await dated('2020-01-01/')).toBe(open)
    expect(await dated('2020-01-01/9999-12-31T00:00:00Z')).toBe(open)
    expect(await dated('2020-01-01T00:00:00Z/9999-12-31')).toBe(open)
    expect(await dated('0000-01-01T00:00:00Z/2018-01-01')).toBe(await dated('../2018-01-01'))
    expect(await dated('2017-07-09T10Z')).toBe(await dated('2017-07-09'))
    expect(await dated('2017-07-09T10:30Z/2018-01-01T')).toBe(await dated('2017-07-09/2018-01-01'))
  })

  it('refuses hostile datetimes with a 400 naming datetime', async () => {
    const hostile = ['99999-01-01', '2020-01-01/99999-01-01', 'Infinity', '-Infinity', 'NaN', 'infinity/..', '2020-01-01T24Z', '2020-01-01T/2019-01-01T', '0000-01-01', '2017-07-08T10:00:00',
      '2020/01/01', '1e9', '9'.repeat(100), `2020-01-01/${'9'.repeat(5000)}`, '2020-01-01T\u0000', '..;drop table zones']
    for (const datetime of hostile) {
      const response = await request(service.app, `/ogc/collections/zones/items?datetime=${encodeURIComponent(datetime)}`)
      expect(response.status, datetime).toBe(400)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(response.text, datetime).toMatch(/datetime/)
    }
    for (const cql of ["status_since > 'Infinity'", "status_since > '99999-01-01'", "updated_at > '2020/13/01 00:00:00'", "status_since > '2020-01-01T25Z'"]) {
      const response = await request(service.app, `/ogc/collections/zones/items?filter=${encodeURIComponent(cql)}`)
      expect(response.status, cql).toBe(400)
      expect(response.body.errors[0].where).toBe('query.filter')
    }
    expect(await count('offset=0')).toBe(SEED_ZONES.length)
  })
})

describe(`sponsor and party by the names the features show, on ${backend}`, () => {
  it('finds a party by name in any case, or by slug, as sponsor= finds it by slug', async () => {
    const bySlug = slugs(await items('/ogc/collections/zones/items?sponsor=russia&limit=100'))
    expect(bySlug.length).toBeGreaterThan(0)
    for (const cql of ["sponsor = 'Russia'", "sponsor = 'russia'", "sponsor = 'RUSSIA'", "sponsor IN ('Russia', 'nowhere')", "sponsor LIKE 'rus%'", "sponsor = 'روسيا'"]) {
      expect(slugs(await items(`/ogc/collections/zones/items?limit=100&filter=${encodeURIComponent(cql)}`)), cql).toEqual(bySlug)
    }
    expect(await filtered("sponsor = 'United States'")).toBe(await filtered("sponsor = 'united-states'"))
    expect(await filtered("sponsor <> 'Russia'") + (await filtered("sponsor = 'Russia'")) + (await filtered('sponsor IS NULL'))).toBe(SEED_ZONES.length)
    const isis = await zonesWhere("exists (select 1 from zone_parties zp join parties p on p.id = zp.party_id where zp.zone_id = z.id and p.slug = 'isis')")
    expect(isis).toBeGreaterThan(0)
    expect(await filtered("party = 'Islamic State (ISIS)'")).toBe(isis)
    expect(await filtered("party = 'islamic state (isis)'")).toBe(isis)
    expect(await filtered("party = 'isis'")).toBe(isis)
    expect(await filtered("party = 'Islamic State'")).toBe(0)
  })
})
