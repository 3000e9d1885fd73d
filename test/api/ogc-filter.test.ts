import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request, slugs } from '../helpers/inject.ts'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'

/** The seed's zones with an outline. */
const LOCATED = SEED_ZONES.filter((zone) => zone.geometry)

const service = useTestApp()
let zonesBefore: string
beforeAll(async () => {
  zonesBefore = await zonesTable()
})

/** Every row of the zones table, to show that no filter changed it. */
async function zonesTable(): Promise<string> {
  const { rows } = await service.db.knex.raw('select id, slug, name, status, archived, version, updated_at from zones order by id')
  return JSON.stringify(rows)
}

const itemsUrl = (filter: string, collection = 'zones', extra = '') =>
  `/ogc/collections/${collection}/items?limit=100&filter=${encodeURIComponent(filter)}${extra}`

/** The slugs a filter selects, in id order. */
async function select(filter: string, collection = 'zones', extra = ''): Promise<string[]> {
  const response = await request(service.app, itemsUrl(filter, collection, extra))
  expect(response.status, `${filter}: ${response.text}`).toBe(200)
  expect(response.body.numberMatched).toBe(response.body.features.length)
  return slugs(response.body)
}

/** The 400 problem a filter gets; its message names the column. */
async function refused(filter: string, collection = 'zones'): Promise<string> {
  const response = await request(service.app, itemsUrl(filter, collection))
  expect(response.status, `${filter.slice(0, 200)}: ${response.text.slice(0, 500)}`).toBe(400)
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  expect(response.body.errors).toEqual([{ where: 'query.filter', message: expect.any(String) }])
  expect(response.body.detail).toBe(`query.filter: ${response.body.errors[0].message}`)
  return response.body.errors[0].message as string
}

/** The seeded sieges, in id order. */
const SIEGES = ['siege-of-raqqa', 'siege-of-eastern-aleppo', 'siege-of-madaya-and-zabadani', 'siege-of-al-fuah-and-kafriya', 'siege-of-al-waer', 'siege-of-deir-ez-zor', 'siege-of-eastern-ghouta']

async function all(): Promise<string[]> {
  return slugs((await request(service.app, '/ogc/collections/zones/items?limit=100')).body)
}

describe(`GET /ogc/collections/{id}/queryables on ${backend}`, () => {
  it('is a JSON Schema of the allowlisted queryables, served as application/schema+json', async () => {
    const response = await request(service.app, { url: '/ogc/collections/zones/queryables', headers: { accept: 'application/schema+json' } })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/schema+json; charset=utf-8')
    const schema = JSON.parse(response.text)
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      $id: 'http://localhost:80/ogc/collections/zones/queryables',
      type: 'object',
      additionalProperties: false,
    })
    expect(Object.keys(schema.properties)).toEqual([
      'slug', 'name', 'kind', 'status', 'status_since', 'proposed_on', 'in_force_from', 'ended_on', 'updated_at', 'area_km2', 'approximate', 'sponsor', 'party', 'geometry',
    ])
    expect(schema.properties.status).toMatchObject({ type: 'string', enum: ['proposed', 'agreed', 'active', 'suspended', 'collapsed', 'ended', 'rejected'] })
    for (const name of ['status_since', 'proposed_on', 'in_force_from', 'ended_on']) expect(schema.properties[name], name).toMatchObject({ type: 'string', format: 'date' })
    expect(schema.properties.updated_at).toMatchObject({ type: 'string', format: 'date-time' })
    expect(schema.properties.area_km2).toMatchObject({ type: 'number' })
    expect(schema.properties.approximate).toMatchObject({ type: 'boolean' })
    expect(schema.properties.sponsor).toMatchObject({ type: 'string' })
    expect(schema.properties.geometry).toMatchObject({ format: 'geometry-any', $ref: 'https://geojson.org/schema/Geometry.json' })
    for (const [name, property] of Object.entries(schema.properties)) expect((property as { title?: string }).title, name).toEqual(expect.any(String))
  })

  it('narrows kind to the collection\'s own kind, and takes $id from the collection', async () => {
    const schema = JSON.parse((await request(service.app, '/ogc/collections/siege/queryables')).text)
    expect(schema.$id).toBe('http://localhost:80/ogc/collections/siege/queryables')
    expect(schema.properties.kind.enum).toEqual(['siege'])
  })

  it('is linked from each items response with a Link header', async () => {
    const response = await request(service.app, '/ogc/collections/siege/items')
    expect(response.headers.link).toBe('<http://localhost:80/ogc/collections/siege/queryables>; rel="http://www.opengis.net/def/rel/ogc/1.0/queryables"; type="application/schema+json"')
  })
})

describe(`CQL2 text filters on ${backend}`, () => {
  it('compares strings, and = and <> select disjoint sets', async () => {
    expect(await select("status = 'active'")).toEqual(['darat-izza-observation-post', 'sweida-ceasefire-2025', 'us-russia-air-safety-memorandum', 'euphrates-deconfliction-line', 'syria-nationwide-ceasefire-2016'])
    expect(await select("status='active'")).toEqual(slugs((await request(service.app, '/ogc/collections/zones/items?status=active')).body))
    const others = await select("status <> 'active'")
    expect(others).toHaveLength(SEED_ZONES.length - (await select("status = 'active'")).length)
    expect(others).not.toContain('sweida-ceasefire-2025')
    expect(await select("\"status\" = 'active'")).toEqual(['darat-izza-observation-post', 'sweida-ceasefire-2025', 'us-russia-air-safety-memorandum', 'euphrates-deconfliction-line', 'syria-nationwide-ceasefire-2016'])
    expect(await select("kind = 'siege'")).toEqual(SIEGES)
    expect(await select("kind <> 'siege'", 'siege')).toEqual([])
    expect(await select("slug >= 'y'")).toEqual([])
    expect((await select("slug < 'b'")).sort()).toEqual(['al-tanf-deconfliction-zone', 'ankara-joint-statement-pause'])
  })

  it('compares numbers, with BETWEEN and IS NULL', async () => {
    expect(await select('area_km2 > 9000')).toEqual(['us-turkey-security-mechanism', 'southern-syria-demilitarisation-proposal', 'sdf-damascus-agreements'])
    expect(await select('area_km2 BETWEEN 100 AND 400')).toEqual(['northern-homs-de-escalation-zone', 'eastern-ghouta-de-escalation-zone', 'siege-of-raqqa'])
    expect(await select('area_km2 between 400.0 and 100.0')).toEqual([])
    expect(await select('area_km2 = 103.6')).toEqual(['siege-of-raqqa'])
    expect(await select('area_km2 IS NULL')).toEqual(['israel-syria-joint-fusion-mechanism', 'turkey-israel-deconfliction-mechanism', 'bravo-line-observation-posts', 'manbij-roadmap-2018', 'us-russia-air-safety-memorandum', 'syria-nationwide-ceasefire-2016'])
    expect(await select('area_km2 IS NOT NULL')).toHaveLength(LOCATED.length)
    // Idlib's outline today is its March 2020 stage (about 4,000 km2), not its 2017 one.
    expect(await select('area_km2 NOT BETWEEN 0 AND 5000')).toHaveLength(6)
    expect(await select('area_km2 IN (103.6, 359, 1)')).toEqual(['northern-homs-de-escalation-zone', 'siege-of-raqqa'])
  })

  it('compares dates with DATE(), TIMESTAMP() and date strings', async () => {
    expect(await select("proposed_on >= DATE('2025-01-01')")).toEqual([
      'southern-syria-demilitarisation-proposal',
      'israel-syria-joint-fusion-mechanism',
      'israel-sweida-humanitarian-corridor',
      'turkey-israel-deconfliction-mechanism',
    ])
    expect(await select("ended_on < DATE('2018-05-01')")).toEqual([
      'eastern-ghouta-de-escalation-zone', 'siege-of-raqqa', 'eastern-ghouta-humanitarian-corridor', 'jurud-arsal-evacuation-2017', 'qalamoun-isis-evacuation-2017', 'siege-of-eastern-aleppo',
      'east-aleppo-ceasefire-and-evacuation', 'siege-of-madaya-and-zabadani', 'wadi-barada-ceasefire', 'siege-of-al-waer', 'qaboun-barzeh-ceasefire', 'siege-of-deir-ez-zor', 'siege-of-eastern-ghouta',
    ])
    expect(await select("ended_on = '2017-10-20'")).toEqual(['siege-of-raqqa'])
    expect(await select("ended_on IN ('2017-10-20', DATE('2018-05-15'))")).toEqual(['northern-homs-de-escalation-zone', 'siege-of-raqqa'])
    expect(await select("proposed_on = TIMESTAMP('2017-05-04T00:00:00Z')")).toHaveLength(4)
    expect(await select("proposed_on = TIMESTAMP('2017-05-04T10:00:00Z')")).toEqual([])
    expect(await select("proposed_on < TIMESTAMP('2017-05-04T10:00:00Z') AND proposed_on > DATE('2017-05-03')")).toHaveLength(4)
    expect(await select("ended_on BETWEEN DATE('2017-01-01') AND DATE('2017-12-31')")).toEqual([
      'siege-of-raqqa', 'jurud-arsal-evacuation-2017', 'qalamoun-isis-evacuation-2017', 'siege-of-madaya-and-zabadani', 'wadi-barada-ceasefire', 'siege-of-al-waer', 'qaboun-barzeh-ceasefire', 'siege-of-deir-ez-zor',
    ])
    expect(await select("status_since = DATE('2017-10-20')")).toEqual(['siege-of-raqqa'])
    expect(await select("in_force_from = DATE('2017-06-06')")).toEqual(['siege-of-raqqa'])
  })

  it('compares booleans, and takes TRUE and FALSE as filters', async () => {
    expect(await select('approximate = true')).toHaveLength(SEED_ZONES.length)
    expect(await select('approximate = FALSE')).toEqual([])
    expect(await select('approximate IN (true)')).toHaveLength(SEED_ZONES.length)
    expect(await select('true')).toHaveLength(SEED_ZONES.length)
    expect(await select('FALSE')).toEqual([])
  })

  it('matches LIKE patterns with % and _, case-sensitively, and \\ escapes them', async () => {
    expect(await select("name LIKE 'Siege%'")).toEqual(SIEGES.filter((slug) => slug !== 'siege-of-deir-ez-zor'))
    expect(await select("name LIKE 'siege%'")).toEqual([])
    expect(await select("name LIKE '%corridor%'")).toEqual(['m4-security-corridor', 'eastern-ghouta-humanitarian-corridor', 'israel-sweida-humanitarian-corridor'])
    expect(await select("slug LIKE 'm_-security-corridor'")).toEqual(['m4-security-corridor'])
    expect(await select("slug NOT LIKE '%-zone'")).toHaveLength(SEED_ZONES.length - (await select("slug LIKE '%-zone'")).length)
    expect(await select("name LIKE '%\\%%'")).toEqual([])
    expect(await select("name LIKE '%'")).toHaveLength(SEED_ZONES.length)
    expect(await select("name LIKE ''")).toEqual([])
  })

  it('finds zones by sponsor: = and IN when one sponsor matches, <> when the zone has sponsors and none matches', async () => {
    expect(await select("sponsor = 'jordan'")).toEqual(['south-west-de-escalation-zone', 'sweida-ceasefire-2025'])
    expect(await select("sponsor = 'jordan'")).toEqual(slugs((await request(service.app, '/ogc/collections/zones/items?sponsor=jordan')).body))
    expect(await select("sponsor IN ('iran')")).toEqual(['idlib-de-escalation-zone', 'northern-homs-de-escalation-zone', 'eastern-ghouta-de-escalation-zone', 'syria-nationwide-ceasefire-2016'])
    expect(await select("sponsor <> 'russia'")).toEqual(['us-turkey-security-mechanism', 'ankara-joint-statement-pause', 'israel-syria-joint-fusion-mechanism', 'sweida-ceasefire-2025', 'manbij-roadmap-2018'])
    expect(await select("NOT sponsor = 'russia'")).toHaveLength(SEED_ZONES.length - (await select("sponsor = 'russia'")).length)
    const withoutSponsor = await select('sponsor IS NULL')
    expect(withoutSponsor).toContain('siege-of-raqqa')
    expect(withoutSponsor.length + (await select('sponsor IS NOT NULL')).length).toBe(SEED_ZONES.length)
    expect(await select("sponsor LIKE 'united-%'")).toHaveLength(6)
    expect(await refused("sponsor > 'a'")).toMatch(/"sponsor" has several values per feature and takes =, <>, LIKE, IN and IS NULL, not > at column 1/)
  })

  it('combines predicates with AND, OR, NOT and parentheses', async () => {
    expect(await select("status = 'collapsed' AND kind = 'de-escalation-zone'")).toEqual(['idlib-de-escalation-zone', 'northern-homs-de-escalation-zone', 'eastern-ghouta-de-escalation-zone', 'south-west-de-escalation-zone'])
    expect(await select("kind = 'siege' OR kind = 'safe-zone'")).toEqual(['siege-of-raqqa', 'us-turkey-security-mechanism', ...SIEGES.slice(1)])
    expect(await select("NOT (kind <> 'siege')")).toEqual(SIEGES)
    expect(await select("(kind = 'siege' OR kind = 'safe-zone') and not (area_km2 > 1000)")).toEqual(SIEGES)
    expect(await select("kind = 'siege' or kind = 'safe-zone' and area_km2 < 1000")).toEqual(SIEGES)
    // the conformance test pattern ((NOT p1 AND p2) OR (p3 and NOT p4) or not (p1 AND p4))
    const p1 = "status = 'ended'"
    const p2 = 'area_km2 > 100'
    const p3 = "sponsor = 'russia'"
    const p4 = 'proposed_on IS NULL'
    const combined = await select(`((NOT ${p1} AND ${p2}) OR (${p3} and NOT ${p4}) or not (${p1} AND ${p4}))`)
    const [s1, s2, s3, s4] = await Promise.all([p1, p2, p3, p4].map((p) => select(p)))
    const everything = await all()
    const has = (set: string[], slug: string) => set.includes(slug)
    expect(combined).toEqual(everything.filter((slug) => (!has(s1!, slug) && has(s2!, slug)) || (has(s3!, slug) && !has(s4!, slug)) || !(has(s1!, slug) && has(s4!, slug))))
  })

  it('combines the filter with bbox, datetime, status= and the collection', async () => {
    // At an instant, the status is the one of that day: Idlib collapsed on 2024-11-27 (on 2018-01-01 it was active).
    expect(await select("name LIKE '%de-escalation%'", 'de-escalation-zone', '&status=collapsed&datetime=2024-11-27&bbox=36,35,37.2,36.5')).toEqual(['idlib-de-escalation-zone'])
    expect(await select("name LIKE '%de-escalation%'", 'de-escalation-zone', '&status=collapsed&datetime=2018-01-01&bbox=36,35,37.2,36.5')).toEqual([])
    expect(await select("kind = 'siege'", 'observation-post')).toEqual([])
  })

  it('answers spatial functions with points, boxes and WKT geometries in WGS 84', async () => {
    expect(await select('S_INTERSECTS(geometry, POINT(39.01 35.95))')).toEqual(['siege-of-raqqa', 'sdf-damascus-agreements', 'euphrates-deconfliction-line'])
    expect(await select('S_INTERSECTS(geometry,POINT(39.01 35.95))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(geometry, BBOX(38.9, 35.85, 39.1, 36.05))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(geometry, ENVELOPE(38.9, 35.85, 39.1, 36.05))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(geometry, BBOX(38.9, 35.85, 0, 39.1, 36.05, 10))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(geometry, BBOX(170, -10, -170, 10))')).toEqual([])
    expect(await select('S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90))')).toHaveLength(LOCATED.length)
    expect(await select('S_INTERSECTS(geometry, POLYGON((38.9 35.85, 39.1 35.85, 39.1 36.05, 38.9 36.05, 38.9 35.85)))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(geometry, LINESTRING(38.9 35.85, 39.1 36.05))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(geometry, MULTIPOINT(0 0, 39.01 35.95))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(POINT(39.01 35.95), geometry)', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(0 0), POLYGON((38.9 35.85, 39.1 35.85, 39.1 36.05, 38.9 36.05, 38.9 35.85))))', 'siege')).toEqual(['siege-of-raqqa'])
  })

  it('refuses a geometry that is not valid (a bow tie, a spike) with a 400 saying where, before GEOS sees it', async () => {
    expect(await refused('S_INTERSECTS(geometry, POLYGON((38.9 35.85, 39.1 36.05, 39.1 35.85, 38.9 36.05, 38.9 35.85)))')).toBe(
      'the outer ring crosses itself at 39, 35.95 (edges from positions 0 and 2) at column 31; a filter geometry must be valid (OGC simple features): rings closed, not crossing or touching themselves, holes inside',
    )
    expect(await refused('S_WITHIN(geometry, POLYGON((38 35, 40 35, 39 35, 39 36, 38 35)))')).toMatch(/^the outer ring doubles back on itself at .* at column 27;/)
    expect(await refused('S_CONTAINS(geometry, MULTIPOLYGON(((38 35, 40 35, 40 37, 38 35)), ((39 35, 41 35, 41 37, 39 35))))')).toMatch(/^polygons 0 and 1 (cross|share an edge) at/)
    expect(zonesBefore).toBe(await zonesTable())
  })

  it('answers the other spatial functions', async () => {
    const world = 'BBOX(-180,-90,180,90)'
    const located = await select('geometry IS NOT NULL')
    expect(located).toHaveLength(LOCATED.length)
    expect(await select(`S_DISJOINT(geometry, ${world})`)).toEqual([])
    expect(await select(`S_WITHIN(geometry, ${world})`)).toEqual(located)
    expect(await select('S_WITHIN(geometry, POLYGON((-180 -90,180 -90,180 90,-180 90,-180 -90)))')).toEqual(located)
    expect(await select('S_CONTAINS(geometry, POINT(39.01 35.95))', 'siege')).toEqual(['siege-of-raqqa'])
    expect(await select('S_DISJOINT(geometry, POINT(39.01 35.95))')).toHaveLength(LOCATED.length - (await select('S_INTERSECTS(geometry, POINT(39.01 35.95))')).length)
    for (const operator of ['S_EQUALS', 'S_TOUCHES', 'S_OVERLAPS', 'S_CROSSES']) {
      for (const literal of ['POINT(39.01 35.95)', 'LINESTRING(38.5 35, 39.5 37)', world, 'POLYGON((-180 -90,180 -90,180 90,-180 90,-180 -90))']) {
        await select(`${operator}(geometry, ${literal})`)
      }
    }
    expect(await select('S_CROSSES(geometry, LINESTRING(38.5 35.5, 39.5 36.5))', 'siege')).toEqual(['siege-of-raqqa'])
  })

  it('takes keywords in any case and spaces anywhere', async () => {
    expect(await select("  kind='siege'\n\tand\tNot area_km2 is null  ")).toEqual(SIEGES)
    expect(await select("s_intersects(geometry,point(39.01 35.95)) AND kind in ('siege')")).toEqual(['siege-of-raqqa'])
  })

  it('treats an empty filter as no filter, and refuses another filter-lang', async () => {
    expect(await select('')).toHaveLength(SEED_ZONES.length)
    expect(await select('   ')).toHaveLength(SEED_ZONES.length)
    expect(await select("kind = 'siege'", 'zones', '&filter-lang=cql2-text')).toEqual(SIEGES)
    const response = await request(service.app, `${itemsUrl("kind = 'siege'")}&filter-lang=cql2-json`)
    expect(response.status).toBe(400)
    expect(response.body.errors[0]).toMatchObject({ where: 'query.filter-lang', message: expect.stringMatching(/is not one of cql2-text/) })
  })
})

describe(`hostile and malformed CQL2 filters on ${backend}: 400 naming the column, never 500, the table unchanged`, () => {
  afterAll(async () => {
    expect(await zonesTable()).toBe(zonesBefore)
  })

  it('refuses an unknown property and lists the queryables', async () => {
    expect(await refused("name = 'x' AND password = 'x'")).toBe(
      'unknown property "password" at column 16; queryables: slug, name, kind, status, status_since, proposed_on, in_force_from, ended_on, updated_at, area_km2, approximate, sponsor, party, geometry',
    )
    // names an object's prototype has are not properties either
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'z.geom', 'notes', 'archived', 'id']) {
      expect(await refused(`${name} = 'x'`)).toMatch(new RegExp(`^unknown property "${name.replace('.', '\\.')}" at column 1;`))
    }
    expect(await refused("\"name; drop table zones; --\" = 'x'")).toMatch(/^unknown property "name; drop table zones; --" at column 1;/)
  })

  it('keeps SQL in string literals as data', async () => {
    expect(await select("name = 'x''; drop table zones; --'")).toEqual([])
    expect(await select("name = 'x'' OR ''1''=''1'")).toEqual([])
    expect(await select("name LIKE '%'' OR 1=1 --'")).toEqual([])
    expect(await select("slug IN ('siege-of-raqqa', 'x''); delete from zones; --')")).toEqual(['siege-of-raqqa'])
    expect(await select("name = '$1' OR name = '?' OR name = '??' OR name = ':name' OR name = '\\'")).toEqual([])
    expect(await refused("name = 'x'; drop table zones; --")).toMatch(/^unexpected character ";" at column 11/)
    expect(await refused("name = 'x' -- comment")).toMatch(/at column 12/)
    expect(await refused("name = 'x' /* comment */")).toMatch(/^unexpected character "\/" at column 12/)
  })

  it('refuses nesting deeper than 20 levels, however deep', async () => {
    const nested = (depth: number) => `${'('.repeat(depth)}kind = 'siege'${')'.repeat(depth)}`
    expect(await select(nested(20))).toEqual(SIEGES)
    expect(await refused(nested(21))).toBe('the filter nests deeper than 20 levels at column 21')
    expect(await refused(nested(2000))).toBe('the filter nests deeper than 20 levels at column 21')
    expect(await refused(`${'NOT '.repeat(25)}kind = 'siege'`)).toBe('the filter nests deeper than 20 levels at column 81')
    expect(await refused(`S_INTERSECTS(geometry, ${'GEOMETRYCOLLECTION('.repeat(30)}POINT(0 0)${')'.repeat(30)})`)).toMatch(/nest deeper than 20 levels/)
  })

  it('refuses IN lists of more than 100 values, and more than 50 predicates', async () => {
    const list = (n: number) => `slug IN (${Array.from({ length: n }, (_, index) => `'s${index}'`).join(', ')})`
    expect(await select(list(100))).toEqual([])
    const message = await refused(list(101))
    expect(message).toBe(`the IN list has more than 100 values at column ${list(101).lastIndexOf("'s100'") + 1}`)
    const predicates = (n: number) => Array.from({ length: n }, () => "kind = 'siege'").join(' OR ')
    expect(await select(predicates(50))).toEqual(SIEGES)
    expect(await refused(predicates(51))).toBe(`the filter has more than 50 predicates at column ${50 * "kind = 'siege' OR ".length + 1}`)
  })

  it('refuses filters longer than 4096 characters', async () => {
    const padded = `kind = 'siege'${' '.repeat(4096 - 14)}`
    expect(padded).toHaveLength(4096)
    expect(await select(padded)).toEqual(SIEGES)
    expect(await refused(`${padded} `)).toBe('the filter is longer than 4096 characters at column 4097')
    expect(await refused(`name = '${'x'.repeat(6000)}'`)).toBe('the filter is longer than 4096 characters at column 4097')
  })

  it.each([
    ["(kind = 'siege'", 'unbalanced parentheses: this "(" is never closed at column 1'],
    ["kind = 'siege')", 'unbalanced parentheses: this ")" has no matching "(" at column 15'],
    ["((kind = 'siege') OR (kind = 'safe-zone')", 'unbalanced parentheses: this "(" is never closed at column 1'],
    ["kind IN ('siege'", 'unbalanced parentheses: the IN list is never closed at column 9'],
    ["kind = 'siege", 'unterminated string: a closing single quote is missing at column 8'],
    ['THIS IS NOT A FILTER', 'expected NULL, found "A" at column 13'],
    ['kind', 'expected a comparison (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL, found the end of the filter at column 5'],
    ["kind == 'siege'", 'expected a property or a value, found "=" at column 7'],
    ["kind != 'siege'", 'unexpected "!=" at column 6; CQL2 writes "not equal" as <>'],
    ["kind = 'siege' AND", 'expected a property or a value, found the end of the filter at column 19'],
    ["kind = 'siege' kind = 'siege'", 'expected AND, OR or the end of the filter, found "kind" at column 16'],
    ["kind ILIKE 'siege'", 'ILIKE is not CQL2 at column 6; use LIKE'],
    ["lower(name) = 'siege'", 'the function lower() is not supported at column 1'],
    ["CASEI(name) = CASEI('siege')", 'CASEI() (case-insensitive comparison) is not supported at column 1'],
    ["T_AFTER(proposed_on, DATE('2017-01-01'))", 'the temporal function T_AFTER is not supported at column 1; compare dates with <, >, BETWEEN'],
    ["A_CONTAINS(sponsor, ['russia'])", 'the array function A_CONTAINS is not supported at column 1'],
    ['area_km2 + 1 > 2', 'unexpected character "+" at column 10'],
    ["area_km2 > '100'", '"area_km2" expects a number at column 12'],
    ['name = 5', '"name" expects a string in single quotes (\'...\') at column 8'],
    ["approximate = 'yes'", '"approximate" expects TRUE or FALSE at column 15'],
    ["proposed_on > 'yesterday'", `"proposed_on" expects a date: DATE('2017-07-09'), TIMESTAMP('2017-07-09T10:00:00Z') or '2017-07-09' at column 15`],
    ["proposed_on > DATE('2017-02-30')", "'2017-02-30' is not a date as YYYY-MM-DD at column 20"],
    ["proposed_on > TIMESTAMP('2017-02-03')", "'2017-02-03' is not an RFC 3339 timestamp such as 2017-07-09T10:00:00Z at column 25"],
    ["proposed_on > INTERVAL('2017-01-01', '..')", 'INTERVAL() literals are not supported; compare dates with <, >, BETWEEN at column 15'],
    ['name = status', 'compare "name" with a value, not with a property at column 8; property-property comparisons are not supported'],
    ["'siege' = 'siege'", 'one side of the comparison must be a property, not a value at column 1; comparisons between two values or two properties are not supported'],
    ["area_km2 LIKE '1%'", 'LIKE needs a string property; "area_km2" is not one at column 1'],
    ["name BETWEEN 'a' AND 'b'", 'BETWEEN needs a number or date property; "name" is not one at column 1'],
    ["name LIKE 'abc\\'", 'a LIKE pattern cannot end with the escape character \\ at column 11; write \\\\ for a backslash'],
    ["geometry = 'x'", 'the geometry property "geometry" can only be used in the S_ functions and IS NULL at column 12'],
    ["S_INTERSECTS(name, POINT(0 0))", 'S_INTERSECTS needs a geometry property; "name" is not one at column 14'],
    ["S_INTERSECTS(geometry, 'POINT(0 0)')", 'S_INTERSECTS compares "geometry" with a WKT geometry or a BBOX(...) at column 24'],
    ['S_INTERSECTS(geometry, POINT(90 180))', 'latitude 180 is outside -90..90 at column 33'],
    ['S_INTERSECTS(geometry, BBOX(0, 0, 200, 10))', 'longitude 200 is outside -180..180 at column 35'],
    ['S_INTERSECTS(geometry, ENVELOPE(1000000, 1000000, 2000000, 2000000))', 'longitude 1000000 is outside -180..180 at column 33'],
    ['S_INTERSECTS(geometry, BBOX(0, 10, 10, 0))', 'the south edge 10 is north of the north edge 0 at column 32'],
    ['S_INTERSECTS(geometry, BBOX(0, 10, 10))', 'BBOX takes 4 numbers (west, south, east, north) or 6 with heights, not 3 at column 24'],
    ['S_INTERSECTS(geometry, MULTIPOINT(7.02 49.92, 90 180))', 'latitude 180 is outside -90..90 at column 50'],
    ['S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0.5)))', 'a polygon ring needs at least 4 positions, the last the same as the first at column 32'],
    ['S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 0 0)))', 'a polygon ring needs at least 4 positions, the last the same as the first at column 32'],
    ['S_INTERSECTS(geometry, LINESTRING(0 0))', 'a line needs at least 2 positions at column 34'],
    ['S_INTERSECTS(geometry, POINT(0))', 'expected a latitude after the longitude (coordinates are separated by a space), found ")" at column 31'],
    ['S_INTERSECTS(geometry, POINT EMPTY)', 'empty geometries are not supported at column 30'],
    ['S_INTERSECTS(geometry, POINT(1e999 0))', 'the number 1e999 is out of range at column 30'],
    ['S_INTERSECTS(geometry POINT(0 0))', 'expected "," between the two arguments of S_INTERSECTS, found "POINT" at column 23'],
    ['area_km2 > 1e999', 'the number 1e999 is out of range at column 12'],
    ["name = 'a\u0000b'", 'unexpected NUL character at column 10'],
    ['name IN ()', 'expected a property or a value, found ")" at column 10'],
    ["kind = 'siege' OR", 'expected a property or a value, found the end of the filter at column 18'],
    ["sponsor IS 'x'", 'expected NULL, found the string \'x\' at column 12'],
    ['in = 1', 'expected a property or a value, found IN at column 1; quote a property with a reserved name: "in"'],
  ])('%s', async (filter, message) => {
    expect(await refused(filter)).toBe(message)
  })

  it('answers many hostile filters with 200 or 400, never 500', async () => {
    const hostile = [
      "name = 'x'' UNION SELECT password FROM users --'",
      "name = E'\\x27'",
      'name = $$x$$',
      "name = 'x'::text",
      'name = CHR(39)',
      "name = 'x' OR pg_sleep(10) IS NULL",
      'S_INTERSECTS(geometry, POLYGON((0 0, 0 0, 0 0, 0 0)))',
      'S_INTERSECTS(geometry, POINT(-0 -0))',
      'S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(0 0)))',
      "S_INTERSECTS(geometry, POINT Z (39.01 35.95 100))",
      'S_INTERSECTS(geometry, POINT M (39.01 35.95 100))',
      'S_EQUALS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2))))',
      "proposed_on = TIMESTAMP('9999-12-31T23:59:59Z')",
      "proposed_on = DATE('0001-01-01')",
      "proposed_on = TIMESTAMP('0001-01-01T00:00:00+01:00')",
      'area_km2 = 99999999999999999999999999999999999999999',
      'area_km2 = -0.000000000000000000000001',
      "name LIKE '\\\\'",
      "name LIKE '[a-z]%'",
      "\"\" = 'x'",
      "\"name = 'x'",
      "'",
      '"',
      '(',
      ')',
      ',',
      '[',
      '🙂 = 1',
      "name = '🙂'",
      'NULL',
      'NOT',
      'NOT NOT NOT true',
      'IS NULL',
    ]
    for (const filter of hostile) {
      const response = await request(service.app, itemsUrl(filter))
      expect([200, 400], `${filter}: ${response.text.slice(0, 300)}`).toContain(response.status)
    }
    // bytes that are not UTF-8, and a lone surrogate, percent-encoded by hand
    for (const encoded of ['name%20%3D%20%27%ED%A0%80%27', 'name%20%3D%20%27%FF%FE%27', '%C0%80', 'name%20%3D%20%27%00%27']) {
      const response = await request(service.app, `/ogc/collections/zones/items?filter=${encoded}`)
      expect([200, 400], `${encoded}: ${response.text.slice(0, 300)}`).toContain(response.status)
    }
  })
})
