import { DOMParser } from '@oozcitak/dom'
import { kml as kmlToGeoJson } from '@tmcw/togeojson'
import { parse } from 'csv-parse/sync'
import type { Feature, Geometry } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import { STATUSES } from '../../server/domain/statuses.ts'
import { STATUS_COLOURS } from '../../server/domain/status-colours.ts'
import { request } from '../helpers/inject.ts'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'

/**
 * The downloads a reader cites: GeoJSON, CSV and KML of GET /zones named by their date and filters,
 * carrying the as-of date, the data version, the retrieval time and each zone's source URLs; KML
 * styled by status with time spans, written by an XML writer so that no name or description can
 * break the document or be rendered as HTML.
 */
const service = useTestApp()

// Markup, a CDATA end, an ampersand, control characters, Arabic and a right-to-left override.
const HOSTILE_NAME = 'Zone ]]> <script>alert(1)</script> & &lt;i&gt; "q" \u0001\u0007 حلب الشرقية \u202Eevil'
const HOSTILE_DESCRIPTION = '<b>bold</b> ]]> & <img src=x onerror=alert(1)>\nسطر ثان'
const HOSTILE_SLUG = 'south-west-de-escalation-zone'
/** Control characters have no place in XML 1.0, even escaped: KML shows U+FFFD for them. */
const inXml = (text: string) => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')

function parseXml(text: string): Document {
  const document = new DOMParser().parseFromString(text, 'application/xml') as unknown as Document
  if (document.getElementsByTagName('parsererror').length > 0) throw new Error('KML is not well-formed XML')
  return document
}

const children = (node: Element | Document, name: string) => Array.from(node.getElementsByTagName(name)) as Element[]
const dataValue = (node: Element, name: string) =>
  children(node, 'Data').find((data) => data.getAttribute('name') === name && data.parentNode === node.getElementsByTagName('ExtendedData')[0])?.getElementsByTagName('value')[0]?.textContent

beforeAll(async () => {
  await service.db.knex('zones').where({ slug: HOSTILE_SLUG }).update({ name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION })
})

const today = () => new Date().toISOString().slice(0, 10)
const sourceUrlsOf = async (slug: string): Promise<string[]> =>
  service.db.knex('zone_sources as zs').join('sources as s', 's.id', 'zs.source_id').join('zones as z', 'z.id', 'zs.zone_id').where('z.slug', slug).whereNotNull('s.url').orderBy('s.id').pluck('s.url')

describe(`export file names on ${backend}`, () => {
  it('refuse geometry=false for CSV and KML, which always carry the shape, rather than ignore it', async () => {
    for (const format of ['csv', 'kml']) {
      const response = await service.app.inject(`/zones?format=${format}&geometry=false`)
      expect(response.statusCode, format).toBe(400)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(response.json().errors).toEqual([{ where: 'query.geometry', message: expect.stringContaining('GeoJSON') }])
    }
  })

  it('name the date and the filters, in every format', async () => {
    for (const format of ['geojson', 'csv', 'kml']) {
      const response = await service.app.inject(`/zones?format=${format}&status=active&as_of=2017-07-09`)
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-disposition']).toBe(`attachment; filename="truce-atlas_2017-07-09_status-active.${format}"`)
    }
    const plain = await service.app.inject('/zones')
    expect(plain.headers['content-disposition']).toBe(`attachment; filename="truce-atlas_${today()}.geojson"`)
    const several = await service.app.inject('/zones?format=csv&status=active,agreed&kind=siege&sponsor=jordan&q=Deraa%20city')
    expect(several.headers['content-disposition']).toBe(`attachment; filename="truce-atlas_${today()}_status-active-agreed_kind-siege_sponsor-jordan_q-deraa-city.csv"`)
  })

  it('stay short and plain ASCII whatever the filters say', async () => {
    const words = encodeURIComponent(`${'حلب '.repeat(15)}"; filename=evil.exe ${'x'.repeat(100)}`)
    const response = await service.app.inject(`/zones?format=kml&q=${words}&party=${'a'.repeat(90)},${'b'.repeat(90)}`)
    expect(response.statusCode).toBe(200)
    const disposition = response.headers['content-disposition'] as string
    const name = /^attachment; filename="([^"]+)"$/.exec(disposition)![1]!
    expect(name).toMatch(/^truce-atlas_\d{4}-\d{2}-\d{2}_[a-z0-9_-]+\.kml$/)
    expect(name.length).toBeLessThanOrEqual(120)
  })
})

describe(`what exports carry on ${backend}`, () => {
  it('GeoJSON: the as-of date, data version and retrieval time as top-level members, and each zone\'s source URLs', async () => {
    const before = Date.now()
    const response = await request(service.app, `/zones?format=geojson&as_of=2017-12-31&sponsor=jordan`)
    expect(response.status).toBe(200)
    const { as_of: asOf, data_version: dataVersion, retrieved_at: retrievedAt, features } = response.body
    expect(asOf).toBe('2017-12-31')
    expect(dataVersion).toBe(Number(/^"zones-(\d+)-/.exec(response.headers.etag as string)![1]))
    expect(Date.parse(retrievedAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(retrievedAt)).toBeLessThanOrEqual(Date.now() + 1000)
    const zone = features.find((feature: { properties: { slug: string } }) => feature.properties.slug === HOSTILE_SLUG)
    expect(zone.properties.source_urls).toEqual(await sourceUrlsOf(HOSTILE_SLUG))
    expect(zone.properties.source_urls.length).toBeGreaterThan(0)
    const streamed = await request(service.app, '/zones?limit=all&status=active')
    expect(streamed.body.as_of).toBe(today())
    expect(streamed.body.data_version).toBe(dataVersion)
  })

  it('CSV: as_of, data_version, retrieved_at and source_urls columns on every row', async () => {
    const response = await service.app.inject('/zones?format=csv&as_of=2017-12-31&sponsor=jordan')
    const rows = parse(response.body, { columns: true }) as Array<Record<string, string>>
    expect(rows.length).toBeGreaterThan(0)
    const version = Number(/^"zones-(\d+)-/.exec(response.headers.etag as string)![1])
    for (const row of rows) {
      expect(row['as_of']).toBe('2017-12-31')
      expect(Number(row['data_version'])).toBe(version)
      expect(row['retrieved_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
    }
    const zone = rows.find((row) => row['slug'] === HOSTILE_SLUG)!
    expect(zone['source_urls']).toBe((await sourceUrlsOf(HOSTILE_SLUG)).join(' '))
  })

  it('KML: the citation in the document, a style per status in the map\'s colours, a style and time span per placemark', async () => {
    const response = await service.app.inject('/zones?format=kml&as_of=2019-06-01')
    expect(response.statusCode).toBe(200)
    const document = parseXml(response.body)
    const kmlDocument = children(document, 'Document')[0]!
    expect(dataValue(kmlDocument, 'as_of')).toBe('2019-06-01')
    expect(Number(dataValue(kmlDocument, 'data_version'))).toBe(Number(/^"zones-(\d+)-/.exec(response.headers.etag as string)![1]))
    expect(dataValue(kmlDocument, 'retrieved_at')).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(children(kmlDocument, 'description')[0]!.textContent).toMatch(/as of 2019-06-01/)

    const styles = children(document, 'Style')
    expect(styles.map((style) => style.getAttribute('id'))).toEqual(STATUSES.map((status) => `status-${status}`))
    for (const status of STATUSES) {
      const style = styles.find((candidate) => candidate.getAttribute('id') === `status-${status}`)!
      const [, r, g, b] = /^#(..)(..)(..)$/.exec(STATUS_COLOURS[status])!
      expect(children(style, 'LineStyle')[0]!.getElementsByTagName('color')[0]!.textContent).toBe(`ff${b}${g}${r}`.toLowerCase())
      expect(children(style, 'PolyStyle')[0]!.getElementsByTagName('color')[0]!.textContent).toMatch(new RegExp(`^[0-9a-f]{2}${`${b}${g}${r}`.toLowerCase()}$`))
    }

    const placemarks = children(document, 'Placemark')
    expect(placemarks.length).toBeGreaterThan(10)
    const asOf = parse((await service.app.inject('/zones?format=csv&as_of=2019-06-01')).body, { columns: true }) as Array<Record<string, string>>
    for (const placemark of placemarks) {
      const id = Number(placemark.getAttribute('id')!.replace(/^zone-/, ''))
      const row = asOf.find((candidate) => Number(candidate['id']) === id)!
      expect(placemark.getElementsByTagName('styleUrl')[0]!.textContent).toBe(`#status-${row['status']}`)
      // The span as the record stood on that day: an end that came later is not known yet.
      const begin = row['in_force_from'] || row['proposed_on'] || null
      const end = row['ended_on'] || null
      const span = placemark.getElementsByTagName('TimeSpan')[0]
      if (begin === null && end === null) expect(span).toBeUndefined()
      else {
        expect(span?.getElementsByTagName('begin')[0]?.textContent ?? null).toBe(begin)
        expect(span?.getElementsByTagName('end')[0]?.textContent ?? null).toBe(end)
      }
    }
    const converted = kmlToGeoJson(document)
    expect(converted.features.filter((feature) => feature.geometry !== null).length).toBeGreaterThan(10)
    const withSources = converted.features.find((feature) => feature.properties?.['slug'] === HOSTILE_SLUG)!
    expect(withSources.properties!['source_urls']).toBe((await sourceUrlsOf(HOSTILE_SLUG)).join(' '))
  })
})

describe(`KML shapes on ${backend}`, () => {
  it('every zone\'s points, lines, polygons with holes, multi-part shapes and collections, position for position', async () => {
    await service.db.knex.raw(
      `update zones set geom = ST_GeomFromText('POLYGON((38.9 35.9, 39.1 35.9, 39.1 36, 38.9 36, 38.9 35.9), (38.95 35.92, 38.97 35.92, 38.97 35.94, 38.95 35.92))', 4326) where slug = 'siege-of-raqqa'`,
    )
    const geojson = await request(service.app, '/zones?limit=all')
    const kml = kmlToGeoJson(parseXml((await service.app.inject('/zones?format=kml')).body))
    /** Each simple part's positions, in order: multi-part shapes and collections flattened as KML's MultiGeometry is. */
    const parts = (geometry: Geometry | null): number[][][] => {
      if (geometry === null) return []
      switch (geometry.type) {
        case 'Point': return [[geometry.coordinates]]
        case 'LineString': return [geometry.coordinates]
        case 'Polygon': return geometry.coordinates
        case 'MultiPoint': return geometry.coordinates.map((point) => [point])
        case 'MultiLineString': return geometry.coordinates
        case 'MultiPolygon': return geometry.coordinates.flat()
        case 'GeometryCollection': return geometry.geometries.flatMap(parts)
      }
    }
    const types = new Set<string>()
    let holes = 0
    for (const feature of geojson.body.features as Array<Feature<Geometry | null, { slug: string }>>) {
      types.add(feature.geometry?.type ?? 'null')
      if (feature.geometry?.type === 'Polygon' && feature.geometry.coordinates.length > 1) holes += 1
      const converted = kml.features.find((candidate) => candidate.properties?.['slug'] === feature.properties.slug)!
      expect(parts(converted.geometry as Geometry | null), feature.properties.slug).toEqual(parts(feature.geometry))
    }
    expect([...types]).toEqual(expect.arrayContaining(['Point', 'LineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']))
    expect(holes).toBe(1)
  })
})

describe(`hostile names and descriptions in exports on ${backend}`, () => {
  it('GeoJSON and CSV give the text as stored', async () => {
    const geojson = await request(service.app, `/zones?format=geojson&q=${encodeURIComponent('حلب الشرقية')}`)
    expect(geojson.body.features.map((feature: { properties: { name: string } }) => feature.properties.name)).toEqual([HOSTILE_NAME])
    expect(geojson.body.features[0].properties.description).toBe(HOSTILE_DESCRIPTION)
    const csv = parse((await service.app.inject(`/zones?format=csv&q=${encodeURIComponent('حلب الشرقية')}`)).body, { columns: true }) as Array<Record<string, string>>
    expect(csv.map((row) => [row['name'], row['description']])).toEqual([[HOSTILE_NAME, HOSTILE_DESCRIPTION]])
  })

  it('KML is well-formed XML with the name as text and the description escaped so no HTML is rendered', async () => {
    const response = await service.app.inject('/zones?format=kml')
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain('<![CDATA[')
    // `]]>` may not appear in XML character data: an XML writer escapes its `>`.
    expect(response.body).not.toContain(']]>')
    expect(response.body).not.toContain('<script')
    expect(response.body).not.toContain('<b>')
    const document = parseXml(response.body)
    const converted = kmlToGeoJson(document)
    const zone = converted.features.find((feature) => feature.properties?.['slug'] === HOSTILE_SLUG)!
    expect(zone.properties!['name']).toBe(inXml(HOSTILE_NAME))
    // Google Earth renders a description as HTML: the text arrives HTML-escaped, so it shows as written.
    const placemark = children(document, 'Placemark').find((candidate) => dataValue(candidate, 'slug') === HOSTILE_SLUG)!
    const description = placemark.getElementsByTagName('description')[0]!.textContent!
    expect(description).not.toMatch(/<[a-z]/i)
    expect(description).toContain('&lt;b&gt;bold&lt;/b&gt; ]]&gt; &amp; &lt;img src=x onerror=alert(1)&gt;')
    expect(description).toContain('سطر ثان')
  })
})

describe(`concurrent whole-dataset exports on ${backend}`, () => {
  it('beyond the limit and its queue answer 503 problem+json with Retry-After, and a slot frees when an export ends', async () => {
    const limited = await buildTestApp(service.db, { EXPORT_CONCURRENCY: '1', EXPORT_QUEUE: '0' })
    try {
      const answers = await Promise.all(['kml', 'csv'].map((format) => limited.inject(`/zones?format=${format}`)))
      const refused = answers.filter((answer) => answer.statusCode === 503)
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 503])
      expect(refused[0]!.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThan(0)
      expect(JSON.parse(refused[0]!.body).detail).toMatch(/export/i)
      expect((await limited.inject('/zones?format=kml')).statusCode).toBe(200)
      // A page of the map is no export: it is never refused for them.
      expect((await limited.inject('/zones?limit=10')).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })

  it('queue up to the limit and all complete', async () => {
    const queued = await buildTestApp(service.db, { EXPORT_CONCURRENCY: '1', EXPORT_QUEUE: '4' })
    try {
      const answers = await Promise.all(['kml', 'csv', 'kml', 'geojson&limit=all'].map((format) => queued.inject(`/zones?format=${format}`)))
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200])
      for (const answer of answers.filter((_, index) => index % 2 === 0)) expect(() => parseXml(answer.body)).not.toThrow()
    } finally {
      await queued.close()
    }
  })
})
