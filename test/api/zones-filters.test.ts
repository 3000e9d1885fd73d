import { check } from '@placemarkio/check-geojson'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request, slugs } from '../helpers/inject.ts'
import { expectMatchesSchema, zoneResponseValidators } from '../helpers/response-schemas.ts'

const service = useTestApp()
const schemas = zoneResponseValidators()

const zones = async (query: string) => {
  const response = await request(service.app, `/zones?${query}`)
  expect(response.status, response.text).toBe(200)
  expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8')
  expect(() => check(response.text), 'a valid GeoJSON FeatureCollection').not.toThrow()
  expectMatchesSchema(schemas.zoneCollection, response.body, `/zones?${query}`)
  return response.body
}

const statusOf = async (slug: string, asOf: string) => {
  const body = await zones(`as_of=${asOf}&properties=slug,status,status_since&geometry=false`)
  return body.features.find((feature: { properties: { slug: string } }) => feature.properties.slug === slug)?.properties
}

describe(`GET /zones filters on ${backend}`, () => {
  it('returns every zone with the documented properties', async () => {
    const body = await zones('')
    expect(body.numberMatched).toBe(SEED_ZONES.length)
    expect(body.numberReturned).toBe(SEED_ZONES.length)
    const raqqa = body.features.find((feature: { properties: { slug: string } }) => feature.properties.slug === 'siege-of-raqqa')
    expect(raqqa.geometry.type).toBe('Polygon')
    expect(Object.keys(raqqa.properties).sort()).toEqual(
      ['agreements', 'approximate', 'area_km2', 'citations', 'description', 'ended_on', 'geometry_note', 'in_force_from', 'kind', 'links', 'location_precision', 'name', 'name_ar', 'name_en', 'parties', 'proposed_on', 'search_names',
        'siege_assessments', 'slug', 'source_urls', 'sponsors', 'status', 'status_since', 'updated_at', 'version'].sort(),
    )
    expect(raqqa.properties).toMatchObject({ kind: 'siege', status: 'ended', status_since: '2017-10-20', ended_on: '2017-10-20', approximate: true, version: 1, siege_assessments: [] })
    expect(raqqa.properties.area_km2).toBeGreaterThan(80)
    expect(raqqa.properties.area_km2).toBeLessThan(130)
    expect(raqqa.properties.parties).toEqual(
      expect.arrayContaining([
        { slug: 'sdf', name: expect.stringMatching(/Syrian Democratic Forces/), name_ar: 'قوات سوريا الديمقراطية (قسد)', type: 'armed-group', role: 'besieger', note: expect.any(String) },
        { slug: 'isis', name: expect.any(String), name_ar: expect.any(String), type: 'armed-group', role: 'besieged', note: expect.any(String) },
      ]),
    )
    expect(raqqa.properties.links.map((link: { rel: string; href: string }) => [link.rel, new URL(link.href).pathname])).toEqual([
      ['self', `/zones/${raqqa.id}`],
      ['history', `/zones/${raqqa.id}/history`],
    ])
  })

  it('status=proposed gives the proposals still open', async () => {
    expect(slugs(await zones('status=proposed'))).toEqual([
      'southern-syria-demilitarisation-proposal',
      'israel-sweida-humanitarian-corridor',
      'kobani-dmz-proposal',
      'turkey-israel-deconfliction-mechanism',
      'bravo-line-observation-posts',
    ])
  })

  it('takes comma lists and repeated parameters for status and kind', async () => {
    const listed = slugs(await zones('status=agreed,suspended'))
    expect(listed).toEqual(['golan-1974-area-of-separation', 'israel-syria-joint-fusion-mechanism', 'sdf-damascus-agreements'])
    expect(slugs(await zones('status=agreed&status=suspended'))).toEqual(listed)
    expect(slugs(await zones('kind=siege,observation-post'))).toEqual([
      'siege-of-raqqa', 'morek-observation-post', 'darat-izza-observation-post', 'bravo-line-observation-posts', 'siege-of-eastern-aleppo',
      'siege-of-madaya-and-zabadani', 'siege-of-al-fuah-and-kafriya', 'siege-of-al-waer', 'siege-of-deir-ez-zor', 'siege-of-eastern-ghouta',
    ])
  })

  it('as_of gives each zone the status it had that day: the south-west zone agreed on 8 July 2017, active on the 10th', async () => {
    expect(await statusOf('south-west-de-escalation-zone', '2017-07-08')).toMatchObject({ status: 'agreed', status_since: '2017-07-07' })
    expect(await statusOf('south-west-de-escalation-zone', '2017-07-10')).toMatchObject({ status: 'active', status_since: '2017-07-09' })
    expect(await statusOf('south-west-de-escalation-zone', '2017-05-03')).toBeUndefined()
  })

  it('as_of leaves out zones first proposed after that date', async () => {
    expect(slugs(await zones('as_of=2017-05-04&kind=de-escalation-zone'))).toEqual([
      'idlib-de-escalation-zone',
      'northern-homs-de-escalation-zone',
      'eastern-ghouta-de-escalation-zone',
      'south-west-de-escalation-zone',
    ])
    // By the end of 2016: the Golan line, the US-Russia air-safety memorandum of 2015, and the sieges, truces and deals of 2013-2016.
    expect(slugs(await zones('as_of=2016-12-31'))).toEqual([
      'golan-1974-area-of-separation', 'us-russia-air-safety-memorandum', 'siege-of-eastern-aleppo', 'east-aleppo-ceasefire-and-evacuation', 'syria-nationwide-ceasefire-2016', 'siege-of-madaya-and-zabadani',
      'siege-of-al-fuah-and-kafriya', 'siege-of-al-waer', 'qaboun-barzeh-ceasefire', 'siege-of-deir-ez-zor', 'siege-of-eastern-ghouta',
    ])
  })

  it('contains=39.01,35.95 finds the siege of Raqqa (and the 2026 Euphrates line and the 2017 deconfliction line that pass the city)', async () => {
    expect(slugs(await zones('contains=39.01,35.95'))).toEqual(['siege-of-raqqa', 'sdf-damascus-agreements', 'euphrates-deconfliction-line'])
    expect(slugs(await zones('contains=39.01,35.95&kind=siege'))).toEqual(['siege-of-raqqa'])
    expect(slugs(await zones('contains=0,0'))).toEqual([])
  })

  it('sponsor=jordan finds the south-west zone in 2017, and the 2025 Sweida roadmap later', async () => {
    expect(slugs(await zones('sponsor=jordan&as_of=2017-12-31'))).toEqual(['south-west-de-escalation-zone'])
    expect(slugs(await zones('sponsor=jordan'))).toEqual(['south-west-de-escalation-zone', 'sweida-ceasefire-2025'])
    expect(slugs(await zones('sponsor=iran'))).toEqual(['idlib-de-escalation-zone', 'northern-homs-de-escalation-zone', 'eastern-ghouta-de-escalation-zone', 'syria-nationwide-ceasefire-2016'])
  })

  it('party= with role= finds zones by who takes part and how', async () => {
    expect(slugs(await zones('party=isis&role=besieged'))).toEqual(['siege-of-raqqa'])
    expect(slugs(await zones('party=isis&role=sponsor'))).toEqual([])
    expect(slugs(await zones('party=united-states&role=sponsor&status=collapsed'))).toEqual(
      expect.arrayContaining(['south-west-de-escalation-zone']),
    )
  })

  it('bbox finds the zones that intersect the box, through the spatial index', async () => {
    expect(slugs(await zones('bbox=38.9,35.85,39.1,36.05&kind=siege'))).toEqual(['siege-of-raqqa'])
    expect(slugs(await zones('bbox=35.5,32.5,36.5,33.5'))).toEqual([
      'eastern-ghouta-de-escalation-zone',
      'south-west-de-escalation-zone',
      'golan-1974-area-of-separation',
      'southern-syria-demilitarisation-proposal',
      'israel-sweida-humanitarian-corridor',
      'sweida-ceasefire-2025',
    ])
    expect(slugs(await zones('bbox=170,-10,-170,10'))).toEqual([])
    const plan = await service.db.knex.raw(`explain select id from zones z where not archived and ST_Intersects(z.geom, ST_MakeEnvelope(36, 33, 37, 34, 4326))`)
    expect(JSON.stringify(plan.rows)).toMatch(/zones_geom_gist|Seq Scan/)
  })

  it('q= searches names, slugs, descriptions and party names, case-insensitively and literally', async () => {
    // 'siege' in names and descriptions.
    expect(slugs(await zones('q=SIEGE'))).toEqual([
      'siege-of-raqqa', 'siege-of-eastern-aleppo', 'east-aleppo-ceasefire-and-evacuation', 'siege-of-madaya-and-zabadani', 'siege-of-al-fuah-and-kafriya',
      'wadi-barada-ceasefire', 'siege-of-al-waer', 'qaboun-barzeh-ceasefire', 'siege-of-deir-ez-zor', 'siege-of-eastern-ghouta',
    ])
    // Each word anywhere: Tishreen is also a district of Damascus.
    expect(slugs(await zones('q=Tishreen%20Dam'))).toEqual(['sdf-damascus-agreements', 'qaboun-barzeh-ceasefire'])
    expect(slugs(await zones('q=%25'))).toEqual([])
    // Every word must be found, each anywhere: here in a party's name and in the zone's name.
    expect(slugs(await zones('q=jordan%20south-west'))).toEqual(['south-west-de-escalation-zone'])
    const withJordan = slugs(await zones('party=jordan'))
    expect(withJordan.length).toBeGreaterThan(0)
    expect(slugs(await zones('q=JORDAN'))).toEqual(expect.arrayContaining(withJordan))
    expect(slugs(await zones('q=de-escalation-zone%20ghouta'))).toEqual(['eastern-ghouta-de-escalation-zone'])
  })

  it('combines filters', async () => {
    expect(slugs(await zones('status=collapsed&kind=de-escalation-zone&sponsor=turkey&as_of=2019-01-01'))).toEqual(['northern-homs-de-escalation-zone', 'eastern-ghouta-de-escalation-zone'])
  })

  it('chooses properties, drops geometry and rounds coordinates on request', async () => {
    const body = await zones('properties=name,status&geometry=false&kind=siege')
    expect(body.features[0]).toEqual({ type: 'Feature', id: expect.any(Number), geometry: null, properties: { name: 'Siege of Raqqa', status: 'ended' } })
    const rounded = await zones('precision=1&kind=siege&properties=slug')
    const coordinates = rounded.features[0].geometry.coordinates[0] as number[][]
    for (const [lon, lat] of coordinates) {
      expect(Math.round(lon! * 10) / 10).toBe(lon)
      expect(Math.round(lat! * 10) / 10).toBe(lat)
    }
  })
})

describe(`GET /zones paging on ${backend}`, () => {
  it('follows next links through every zone exactly once', async () => {
    const seen: string[] = []
    let url: string | undefined = '/zones?limit=4&properties=slug&geometry=false'
    let pages = 0
    while (url) {
      const body = await zones(url.replace(/^.*\/zones\?/, ''))
      expect(body.numberMatched).toBe(SEED_ZONES.length)
      expect(body.numberReturned).toBe(body.features.length)
      seen.push(...slugs(body))
      url = body.links.find((link: { rel: string }) => link.rel === 'next')?.href
      pages += 1
    }
    expect(pages).toBe(Math.ceil(SEED_ZONES.length / 4))
    expect(seen).toHaveLength(SEED_ZONES.length)
    expect(new Set(seen).size).toBe(SEED_ZONES.length)
  })

  it('keeps the filters in the next link', async () => {
    const body = await zones('status=proposed&limit=2')
    const next = new URL(body.links.find((link: { rel: string }) => link.rel === 'next').href)
    expect(next.searchParams.get('status')).toBe('proposed')
    expect(body.numberMatched).toBe(5)
  })
})
