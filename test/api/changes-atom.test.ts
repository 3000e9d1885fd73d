import { readFileSync } from 'node:fs'
import path from 'node:path'
import { DOMParser } from '@oozcitak/dom'
import { beforeAll, describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { createAccount, signIn, type Session } from '../helpers/accounts.ts'
import { request } from '../helpers/inject.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { postZone } from '../helpers/zones.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let editor: Session

const ATOM = 'http://www.w3.org/2005/Atom'
/** RFC 4287 appendix B, converted from its compact syntax to XML by trang (see test/fixtures/atom/README.md). */
const ATOM_SCHEMA = readFileSync(path.resolve(import.meta.dirname, '../fixtures/atom/atom.rng'), 'utf8')

/** libxml2's RELAX NG validator (xmllint, built to WebAssembly) on the feed: its errors, none when valid. */
async function atomErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'feed.xml', contents: xml }], schema: [{ fileName: 'atom.rng', contents: ATOM_SCHEMA }], extension: 'relaxng' })
  return result.valid ? [] : result.errors.map((error) => error.message)
}

async function feed(query = ''): Promise<{ xml: string; document: Document; headers: Record<string, unknown> }> {
  const response = await service.app.inject(`/changes.atom${query}`)
  expect(response.statusCode, response.body).toBe(200)
  expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8')
  expect(await atomErrors(response.body), `/changes.atom${query} against the Atom schema`).toEqual([])
  const document = new DOMParser().parseFromString(response.body, 'application/xml') as unknown as Document
  // The schema's Schematron rules, which RELAX NG does not check: the feed has an author, and every entry a link rel="alternate".
  expect(children(document.documentElement, 'author').filter((author) => author.parentNode === document.documentElement)).toHaveLength(1)
  for (const entry of entries(document)) expect(links(entry).filter((link) => link.rel === 'alternate'), text(entry, 'id')!).toHaveLength(1)
  return { xml: response.body, document, headers: response.headers }
}

const children = (parent: Element | Document, name: string): Element[] => Array.from(parent.getElementsByTagNameNS(ATOM, name))
const text = (parent: Element, name: string): string | null => children(parent, name).find((child) => child.parentNode === parent)?.textContent ?? null
const links = (parent: Element) => children(parent, 'link').filter((link) => link.parentNode === parent).map((link) => ({ rel: link.getAttribute('rel'), type: link.getAttribute('type'), href: link.getAttribute('href')! }))
const entries = (document: Document) => children(document, 'entry')

beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  editor = await signIn(service.app, 'ada')
})

describe(`the Atom schema test can fail, on ${backend}`, () => {
  it('refuses feeds that break RFC 4287', async () => {
    const { xml } = await feed('?from=2017-07-01&to=2017-07-31')
    const feedId = /<id>[^<]*<\/id>/.exec(xml)![0]
    expect(await atomErrors(xml.replace(feedId, ''))).toEqual(expect.arrayContaining([expect.stringMatching(/Expecting an element id/)]))
    expect(await atomErrors(xml.replace(/<updated>[^<]*<\/updated>/, '<updated>9 July 2017</updated>'))).not.toEqual([])
    expect(await atomErrors(xml.replace(/<title type="text">/g, '<title type="markdown">'))).not.toEqual([])
    expect(await atomErrors(xml.replace('http://www.w3.org/2005/Atom', 'http://www.w3.org/2005/Atom#not'))).not.toEqual([])
    expect(await atomErrors(xml.replace(/<category term="[a-z]+"\/>/, '<category/>'))).not.toEqual([])
  })
})

describe(`GET /changes.atom on ${backend}`, () => {
  it('without dates: the 50 most recently recorded changes, newest first, with the feed elements RFC 4287 asks for', async () => {
    const { document, headers } = await feed()
    const root = document.documentElement
    expect(root.namespaceURI).toBe(ATOM)
    expect(root.localName).toBe('feed')
    expect(text(root, 'id')).toBe('tag:localhost,2026:changes')
    expect(text(root, 'title')).toMatch(/^Truce Atlas: changes/)
    expect(text(children(root, 'author')[0]!, 'name')).toBe('Truce Atlas')
    expect(links(root)).toEqual([
      { rel: 'self', type: 'application/atom+xml', href: 'http://localhost:80/changes.atom' },
      { rel: 'alternate', type: 'text/html', href: 'http://localhost:80/' },
    ])
    const listed = entries(document)
    expect(listed).toHaveLength(50)
    const updated = listed.map((entry) => text(entry, 'updated')!)
    expect(updated).toEqual([...updated].sort().reverse())
    expect(text(root, 'updated')).toBe(updated[0])
    expect(headers['etag']).toMatch(/^"changes-atom-\d+-/)
    expect(headers['cache-control']).toBe('public, no-cache')
  })

  it('writes each change as an entry: a stable tag: id, what changed as the title, the reason and sources, links to the zone, the type as category', async () => {
    const json = (await request(service.app, '/changes?from=2019-04-01&to=2019-04-30&zone=idlib-de-escalation-zone')).body
    const suspended = json.changes.find((change: { to_status: string }) => change.to_status === 'suspended')
    const { document } = await feed('?from=2019-04-01&to=2019-04-30&zone=idlib-de-escalation-zone')
    expect(entries(document)).toHaveLength(json.changes.length)
    const entry = entries(document).find((candidate) => text(candidate, 'id') === `tag:localhost,2026:changes/${suspended.id}`)!
    expect(text(entry, 'title')).toBe('Idlib de-escalation zone: active -> suspended')
    expect(text(entry, 'published')).toBe('2019-04-30T00:00:00Z')
    expect(text(entry, 'updated')).toBe(suspended.recorded_at)
    expect(text(entry, 'summary')).toContain(suspended.reason)
    expect(text(entry, 'summary')).toContain(suspended.sources[0].url)
    expect(links(entry)).toEqual([
      { rel: 'alternate', type: 'text/html', href: `http://localhost:80/?zone=idlib-de-escalation-zone&date=2019-04-30` },
      { rel: 'related', type: 'application/geo+json', href: `http://localhost:80/zones/${suspended.zone.id}` },
    ])
    expect(children(entry, 'category').map((category) => category.getAttribute('term'))).toEqual(['status'])
    // The same change has the same id in any feed it appears in.
    const everything = await feed('?from=2019-01-01&to=2019-12-31')
    expect(entries(everything.document).map((other) => text(other, 'id'))).toContain(`tag:localhost,2026:changes/${suspended.id}`)
  })

  it('takes the filters of /changes: types become categories, the window bounds the dates', async () => {
    const { document } = await feed('?from=2017-01-01&to=2017-12-31&type=appeared,ended&limit=500')
    const categories = entries(document).map((entry) => children(entry, 'category')[0]!.getAttribute('term'))
    expect(new Set(categories)).toEqual(new Set(['appeared', 'ended']))
    const published = entries(document).map((entry) => text(entry, 'published')!)
    expect(published.every((day) => day >= '2017-01-01' && day <= '2017-12-31T23:59:59Z')).toBe(true)
    const json = (await request(service.app, '/changes?from=2017-01-01&to=2017-12-31&type=appeared,ended&limit=1000')).body
    expect(entries(document)).toHaveLength(json.changes.length)
    expect(links(document.documentElement).map((link) => link.type)).toEqual(['application/atom+xml', 'text/html', 'application/json'])
    // The same filters in another order are the same feed.
    const reordered = await feed('?type=appeared,ended&to=2017-12-31&from=2017-01-01&limit=3')
    expect(text(reordered.document.documentElement, 'id')).toBe(text(document.documentElement, 'id'))
    expect(text(reordered.document.documentElement, 'id')).not.toBe('tag:localhost,2026:changes')
    expect(entries(reordered.document)).toHaveLength(3)
  })

  it('an empty feed is still a valid one', async () => {
    const { document } = await feed('?from=1900-01-01&to=1900-12-31')
    expect(entries(document)).toEqual([])
  })

  it('writes markup in names and reasons as text, escaped, and reads back exactly what was written', async () => {
    const name = '<script>alert("x")</script> & Co ]]> &lt;b&gt; \'quoted\''
    const zoneId = await postZone(service.app, editor.headers, { type: 'Point', coordinates: [36.5, 32.5] }, {
      name,
      slug: 'markup-zone',
      kind: 'observation-post',
      effective_date: '2025-01-02',
      reason: '<img src=x onerror=alert(1)> reported & confirmed',
      source_url: 'https://example.org/a?b=1&c=2',
      source_title: 'Report <b>bold</b> & more',
    })
    const { xml, document } = await feed(`?from=2025-01-01&to=2025-01-31&zone=markup-zone`)
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain('<img')
    const [entry] = entries(document)
    expect(text(entry!, 'title')).toBe(`${name}: appeared as proposed`)
    expect(text(entry!, 'summary')).toBe('<img src=x onerror=alert(1)> reported & confirmed Sources: Report <b>bold</b> & more (https://example.org/a?b=1&c=2).')
    expect(links(entry!)[0]!.href).toBe('http://localhost:80/?zone=markup-zone&date=2025-01-02')

    // An agreement signed: its own title, and a link to it in place of the map.
    const title = 'Accord <i>on</i> the "markup" zone & more'
    await service.db.knex.transaction(async (trx) => {
      const [agreement] = await trx('agreements').insert({ slug: 'markup-accord', title, signed_on: '2025-01-05', class: 'bilateral', form: 'written', purpose: 'ceasefire' }).returning('id')
      await trx('agreement_zones').insert({ agreement_id: agreement.id, zone_id: zoneId, effect: 'changes' })
    })
    const signed = entries((await feed('?from=2025-01-01&to=2025-01-31&zone=markup-zone&type=agreement')).document)
    expect(signed).toHaveLength(1)
    expect(text(signed[0]!, 'title')).toBe(`${title}: signed`)
    expect(links(signed[0]!)).toEqual([{ rel: 'alternate', type: 'application/geo+json', href: 'http://localhost:80/agreements/markup-accord' }])
    expect(children(signed[0]!, 'category')[0]!.getAttribute('term')).toBe('agreement')
  })

  it('refuses what /changes refuses, as problem+json', async () => {
    for (const query of ['from=2017-07-31&to=2017-07-01', 'from=99999-99-99', 'from=1900-01-01&to=2017-07-01', 'bbox=NaN,1,2,3', `q=${'a'.repeat(10_000)}`, 'limit=Infinity', 'limit=501', 'cursor=abc']) {
      const response = await request(service.app, `/changes.atom?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    }
  })

  it('answers a revalidation with 304 while the data is the same', async () => {
    const first = await service.app.inject('/changes.atom')
    const again = await service.app.inject({ url: '/changes.atom', headers: { 'if-none-match': String(first.headers['etag']) } })
    expect(again.statusCode).toBe(304)
  })
})
