import { beforeAll, describe, expect, it } from 'vitest'
import { parse as parseBibtex } from '@retorquere/bibtex-parser'
import { Ajv } from 'ajv'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { CslItem } from '../../server/schemas/zone-cite.ts'

// A fixture: a zone renamed to markup and LaTeX specials, to see each format carry it as text.
const HOSTILE_NAME = 'Test fixture <b>zone</b> {x} 100% & $a$ درعا'
const ZONE = 'idlib-de-escalation-zone'
const service = useTestApp({
  prepare: async (db) => {
    await db.knex('zones').where({ slug: 'al-tanf-deconfliction-zone' }).update({ name: HOSTILE_NAME })
    await db.knex('zones').where({ slug: 'sweida-ceasefire-2025' }).update({ archived: true })
  },
})

let zoneId: number
let dataVersion: number
const today = () => new Date().toISOString().slice(0, 10)
/** The record cited: as it stands by the end of today (the seeded zones are recorded when the tests start). */
const RECORDED = today()
const YEAR = RECORDED.slice(0, 4)

beforeAll(async () => {
  zoneId = (await service.db.knex('zones').where({ slug: ZONE }).first('id')).id
  const collection = await request(service.app, '/zones?limit=1&geometry=false')
  dataVersion = collection.body.data_version
})

const cite = (query: string, headers: Record<string, string> = {}) => service.app.inject({ url: `/zones/${ZONE}/cite${query}`, headers })

describe(`GET /zones/:id/cite on ${backend}`, () => {
  it('text: the zone, the date described, the data version, the publisher, the retrieval date and the pinned map permalink', async () => {
    const response = await cite(`?as_of=2017-09-15&recorded_as_of=${RECORDED}T23:59:59Z`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8')
    const permalink = `http://localhost:80/?zone=${ZONE}&date=2017-09-15&recorded_as_of=${RECORDED}T23:59:59Z`
    expect(response.body).toBe(
      `Truce Atlas. Idlib de-escalation zone as of 2017-09-15. Data set, version ${dataVersion}. Truce Atlas, ${YEAR}. Retrieved ${today()} from ${permalink}`,
    )
    expect(response.headers['link']).toBe(`<${permalink}>; rel="cite-as", <http://localhost:80/zones/${zoneId}?as_of=2017-09-15&recorded_as_of=${RECORDED}T23:59:59Z>; rel="alternate"; type="application/geo+json"`)
    expect(response.headers['content-disposition']).toBeUndefined()
  })

  it('defaults: today, pinned to the moment of retrieval; the id works as the slug does', async () => {
    const response = await service.app.inject(`/zones/${zoneId}/cite`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.body).toContain(`Idlib de-escalation zone as of ${today()}.`)
    expect(response.body).toMatch(new RegExp(`recorded_as_of=${today()}T\\d{2}:\\d{2}:\\d{2}Z$`))
  })

  it('BibTeX: a download that a BibTeX parser reads, with its fields', async () => {
    const response = await cite(`?format=bibtex&as_of=2017-09-15&recorded_as_of=${RECORDED}`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/x-bibtex; charset=utf-8')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="truce-atlas_${ZONE}_2017-09-15.bib"`)
    const parsed = parseBibtex(response.body)
    expect(parsed.errors).toEqual([])
    expect(parsed.entries).toHaveLength(1)
    const [entry] = parsed.entries
    expect(entry!.type).toBe('misc')
    expect(entry!.key).toBe('truceatlasidlibdeescalationzone20170915')
    expect(entry!.fields['title']).toBe('Idlib de-escalation zone as of 2017-09-15')
    expect(entry!.fields['author']).toEqual([{ name: 'Truce Atlas' }])
    expect(entry!.fields['publisher']).toEqual(['Truce Atlas'])
    expect(entry!.fields['year']).toBe(YEAR)
    // BibTeX's month is a month (dec, or 12), never a month and a day: the day stays in the note.
    expect(response.body).toMatch(/^\s*month = \{?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|[1-9]|1[0-2])\}?,$/m)
    expect(entry!.fields['url']).toBe(`http://localhost:80/?zone=${ZONE}&date=2017-09-15&recorded_as_of=${RECORDED}`)
    expect(entry!.fields['note']).toBe(`Data version ${dataVersion}; shown as of 2017-09-15; as recorded at ${RECORDED}; retrieved ${today()}`)
  })

  it('RIS: one DATA record, a tag a line ended by CRLF, the URL whole', async () => {
    const response = await cite(`?format=ris&as_of=2017-09-15&recorded_as_of=${RECORDED}`)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/x-research-info-systems; charset=utf-8')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="truce-atlas_${ZONE}_2017-09-15.ris"`)
    expect(response.body.endsWith('ER  - \r\n')).toBe(true)
    const lines = response.body.split('\r\n').slice(0, -1)
    for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- /)
    const tags = Object.fromEntries(lines.map((line) => [line.slice(0, 2), line.slice(6)]))
    expect(lines[0]).toBe('TY  - DATA')
    expect(tags).toMatchObject({
      TI: 'Idlib de-escalation zone as of 2017-09-15',
      AU: 'Truce Atlas',
      PB: 'Truce Atlas',
      ET: String(dataVersion),
      PY: YEAR,
      UR: `http://localhost:80/?zone=${ZONE}&date=2017-09-15&recorded_as_of=${RECORDED}`,
      ID: `truce-atlas-${ZONE}-2017-09-15`,
    })
  })

  it('CSL-JSON: one dataset item valid against its schema, chosen by the Accept header too', async () => {
    const response = await cite(`?as_of=2017-09-15&recorded_as_of=${RECORDED}`, { accept: 'text/html;q=0.9, application/vnd.citationstyles.csl+json' })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/vnd.citationstyles.csl+json; charset=utf-8')
    expect(response.headers['vary']).toMatch(/accept/)
    const items = JSON.parse(response.body)
    const validate = new Ajv({ strict: false }).compile(CslItem)
    expect(items).toHaveLength(1)
    expect(validate(items[0]), JSON.stringify(validate.errors)).toBe(true)
    expect(items[0]).toMatchObject({ type: 'dataset', title: 'Idlib de-escalation zone as of 2017-09-15', version: String(dataVersion), publisher: 'Truce Atlas', author: [{ literal: 'Truce Atlas' }], issued: { 'date-parts': [RECORDED.split('-').map(Number)] } })
    // The other media types, and format= over Accept.
    for (const [accept, type] of [['application/x-bibtex', 'application/x-bibtex'], ['application/x-research-info-systems', 'application/x-research-info-systems'], ['*/*', 'text/plain']]) {
      expect((await cite('', { accept: accept! })).headers['content-type']).toBe(`${type}; charset=utf-8`)
    }
    expect((await cite('?format=ris', { accept: 'application/x-bibtex' })).headers['content-type']).toMatch(/^application\/x-research-info-systems/)
  })

  it('a weak ETag named by the data version answers a revalidation with 304', async () => {
    const first = await cite('?as_of=2017-09-15')
    const etag = first.headers['etag'] as string
    expect(etag).toMatch(new RegExp(`^W/"zone-cite-${dataVersion}-`))
    const again = await cite('?as_of=2017-09-15', { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect((await cite('?as_of=2017-09-15&format=ris')).headers['etag']).not.toBe(etag)
  })

  it('a name of markup and LaTeX specials is text in every format', async () => {
    const text = await service.app.inject(`/zones/al-tanf-deconfliction-zone/cite?as_of=2020-01-01&recorded_as_of=${RECORDED}`)
    // The CSL processor reads <b> as rich text: the plain text keeps the words, not the tags.
    expect(text.body).toContain('Truce Atlas. Test fixture zone {x} 100% & $a$ درعا as of 2020-01-01.')
    const bibtex = await service.app.inject('/zones/al-tanf-deconfliction-zone/cite?format=bibtex&as_of=2020-01-01')
    const parsed = parseBibtex(bibtex.body)
    expect(parsed.errors).toEqual([])
    expect(parsed.entries[0]!.fields['title']).toBe(`${HOSTILE_NAME} as of 2020-01-01`)
    const csl = await service.app.inject('/zones/al-tanf-deconfliction-zone/cite?format=csl-json&as_of=2020-01-01')
    expect(JSON.parse(csl.body)[0].title).toBe(`${HOSTILE_NAME} as of 2020-01-01`)
  })

  it('exports of zones carry a citation written the same way', async () => {
    const collection = await request(service.app, '/zones?limit=1&geometry=false&as_of=2017-09-15')
    const self = collection.body.links.find((link: { rel: string }) => link.rel === 'self').href
    expect(collection.body.citation).toBe(`Truce Atlas. Zones as of 2017-09-15. Data set, version ${dataVersion}. Truce Atlas, ${today().slice(0, 4)}. Retrieved ${today()} from ${self}`)
    const kml = await service.app.inject('/zones?limit=1&format=kml&as_of=2017-09-15')
    expect(kml.body).toContain(`<description>Truce Atlas. Zones as of 2017-09-15. Data set, version ${dataVersion}.`)
  })

  it('404 for an unknown or archived zone; 400 naming the field for hostile parameters', async () => {
    for (const id of ['no-such-zone', '2147483647', 'sweida-ceasefire-2025']) {
      const response = await request(service.app, `/zones/${id}/cite`)
      expect(response.status, id).toBe(404)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
    }
    const hostile: Array<[string, string]> = [
      ['format=html', 'format'],
      ['format=%3Cscript%3E', 'format'],
      ['as_of=2017-02-30', 'as_of'],
      ['as_of=99999-01-01', 'as_of'],
      [`as_of=${'9'.repeat(5000)}`, 'as_of'],
      ['as_of=%3Cb%3E', 'as_of'],
      ['recorded_as_of=2026-13-01', 'recorded_as_of'],
      ['recorded_as_of=2026-02-30T00:00:00Z', 'recorded_as_of'],
      [`recorded_as_of=${'2'.repeat(100)}`, 'recorded_as_of'],
      ['style=apa', 'style'],
    ]
    for (const [query, field] of hostile) {
      const response = await request(service.app, `/zones/${ZONE}/cite?${query}`)
      expect(response.status, query).toBe(400)
      expect(JSON.stringify(response.body), query).toContain(field)
    }
    expect((await request(service.app, `/zones/%3Cscript%3E/cite`)).status).toBe(400)
    // Digits beyond an id read as a slug: no such zone.
    expect((await request(service.app, `/zones/9999999999999/cite`)).status).toBe(404)
  })
})
