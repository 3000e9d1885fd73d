import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn, type Session } from '../helpers/accounts.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000', LOG_LEVEL: 'error' } })
let editor: Session
let bearer: Record<string, string>

beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  editor = await signIn(service.app, 'ada')
  bearer = await apiToken(service.app, editor)
})

/** Wording of the curation work that readers must never see. */
const CURATION_WORDING = /approx-geometries|Section [A-Z]\b|section [A-Z] of|2018-2026 notes|2017 facts|curation_note/

/** Every bracketed citation key in a JSON text. */
const citedKeys = (text: string): string[] => [...text.matchAll(/\[([A-Za-z]{1,3}\d{1,4}[a-z]?)\]/g)].map((match) => match[1]!)

/**
 * A key is bare when the response does not say where it leads: every key left in a public text must
 * be among the response's cited sources, each with its URL.
 */
function bareKeys(text: string, cited: ReadonlyArray<{ key: string; url: string }>): string[] {
  const known = new Set(cited.filter((source) => /^https?:\/\//.test(source.url)).map((source) => source.key))
  return citedKeys(text).filter((key) => !known.has(key))
}

describe(`public text on ${backend}`, () => {
  it('GET /zones: no curation wording, and every citation in a feature leads to a source with its URL', async () => {
    const response = await request(service.app, '/zones?geometry=false')
    expect(response.status, response.text).toBe(200)
    expect(response.text).not.toMatch(CURATION_WORDING)
    expect(response.body.features.length).toBeGreaterThan(20)
    for (const feature of response.body.features) {
      const { citations, ...properties } = feature.properties
      expect(bareKeys(JSON.stringify(properties), citations), feature.properties.slug).toEqual([])
    }
    const idlib = response.body.features.find((feature: any) => feature.properties.slug === 'idlib-de-escalation-zone')
    expect(idlib.properties.description).toContain('[S1]')
    expect(idlib.properties.citations[0]).toEqual({ key: 'S1', title: expect.any(String), publisher: 'TASS', url: 'https://tass.com/politics/944911', reliability: 'state-or-partisan-outlet' })
  })

  it('an approximate outline still says so, and how it was drawn', async () => {
    const idlib = (await request(service.app, '/zones/idlib-de-escalation-zone?geometry=false')).body.properties
    expect(idlib.approximate).toBe(true)
    expect(idlib.geometry_note).toMatch(/^Approximate outline drawn from town coordinates .* Natural Earth borders.*no official map was published/)
  })

  it('GET /zones/{slug}, its history and the OGC items: no curation wording, no bare citation, no curation field', async () => {
    for (const url of ['/zones/eastern-ghouta-de-escalation-zone', '/zones/south-west-de-escalation-zone', '/ogc/collections/zones/items?f=json&limit=100', '/ogc/collections/zones/items/1?f=json']) {
      const response = await request(service.app, url)
      expect(response.status, url).toBe(200)
      expect(response.text, url).not.toMatch(CURATION_WORDING)
      const features = response.body.features ?? [response.body]
      for (const feature of features) {
        const { citations, ...properties } = feature.properties
        expect(bareKeys(JSON.stringify(properties), citations), `${url} ${feature.properties.slug}`).toEqual([])
      }
    }
    for (const slug of ['eastern-ghouta-de-escalation-zone', 'south-west-de-escalation-zone', 'idlib-de-escalation-zone']) {
      const history = await request(service.app, `/zones/${slug}/history`)
      expect(history.text).not.toMatch(CURATION_WORDING)
      for (const entry of history.body.history) {
        const { citations, sources, ...rest } = entry
        expect(bareKeys(JSON.stringify(rest), citations)).toEqual([])
      }
    }
  })

  it('a key that leads nowhere is taken out of the public text; the stored text keeps it', async () => {
    const etag = (await service.app.inject('/zones/kobani-dmz-proposal')).headers.etag as string
    const description = 'Talks began [S1]; a claim with no source [S999] and one whose source has no address [S16].'
    const patch = await request(service.app, { method: 'PATCH', url: '/zones/kobani-dmz-proposal', headers: { ...bearer, 'if-match': etag }, payload: { description } })
    expect(patch.status, patch.text).toBe(200)
    const zone = (await request(service.app, '/zones/kobani-dmz-proposal?geometry=false')).body.properties
    expect(zone.description).toBe('Talks began [S1]; a claim with no source and one whose source has no address.')
    expect(zone.citations.map((source: any) => source.key)).toContain('S1')
    expect(zone.citations.map((source: any) => source.key)).not.toContain('S999')
    expect((await service.db.knex('zones').where({ slug: 'kobani-dmz-proposal' }).first('description')).description).toBe(description)
  })

  it('markup in a note stays text: the API sends it as a JSON string, never as HTML', async () => {
    const etag = (await service.app.inject('/zones/kobani-dmz-proposal')).headers.etag as string
    const description = '<img src=x onerror=alert(1)> [S1]'
    await request(service.app, { method: 'PATCH', url: '/zones/kobani-dmz-proposal', headers: { ...bearer, 'if-match': etag }, payload: { description } })
    const zone = (await request(service.app, '/zones/kobani-dmz-proposal?geometry=false')).body.properties
    expect(zone.description).toBe(description)
  })

  it("an editor's session or token still sees the curation notes; a reader, or a wrong token, does not", async () => {
    for (const headers of [{ cookie: editor.cookie }, bearer]) {
      const zone = await request(service.app, { url: '/zones/eastern-ghouta-de-escalation-zone?geometry=false', headers })
      expect(zone.body.properties.curation_note).toMatch(/approx-geometries/)
      expect(zone.headers['cache-control']).toMatch(/private/)
      const history = await request(service.app, { url: '/zones/eastern-ghouta-de-escalation-zone/history', headers })
      expect(history.body.history.some((entry: any) => /2018-2026 notes|2017 facts/.test(entry.curation_note ?? ''))).toBe(true)
    }
    const reader = await request(service.app, { url: '/zones/eastern-ghouta-de-escalation-zone?geometry=false' })
    expect(reader.body.properties).not.toHaveProperty('curation_note')
    const wrong = await request(service.app, { url: '/zones/eastern-ghouta-de-escalation-zone?geometry=false', headers: { authorization: 'Bearer ta_nonsense' } })
    expect(wrong.text).not.toMatch(CURATION_WORDING)
    expect((await request(service.app, '/zones?properties=curation_note')).status).toBe(400)
  })

  it('an editor writes the curation note with PATCH; readers still never see it', async () => {
    const etag = (await service.app.inject({ url: '/zones/siege-of-raqqa', headers: bearer })).headers.etag as string
    const patch = await request(service.app, { method: 'PATCH', url: '/zones/siege-of-raqqa', headers: { ...bearer, 'if-match': etag }, payload: { curation_note: 'Checked against section 6 of the 2017 facts.' } })
    expect(patch.status, patch.text).toBe(200)
    expect((await request(service.app, { url: '/zones/siege-of-raqqa', headers: bearer })).body.properties.curation_note).toBe('Checked against section 6 of the 2017 facts.')
    expect((await request(service.app, '/zones/siege-of-raqqa')).text).not.toMatch(CURATION_WORDING)
    expect((await request(service.app, '/zones?format=csv')).text).not.toMatch(CURATION_WORDING)
  })

  it('an import brings the cited sources along, and refuses a key that names another source here', async () => {
    const feature = (key: string, url: string, slug: string) => ({
      type: 'Feature',
      geometry: null,
      properties: { slug, name: slug, kind: 'ceasefire-zone', status: 'proposed', effective_date: '2025-01-01', description: `Announced [${key}].`, citations: [{ key, title: 'A report', publisher: null, url }] },
    })
    const clash = await request(service.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: { type: 'FeatureCollection', features: [feature('S1', 'https://example.org/other', 'clashing-zone')] } })
    expect(clash.status).toBe(422)
    expect(clash.text).toMatch(/S1 names another source here/)
    const fresh = await request(service.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: { type: 'FeatureCollection', features: [feature('X1', 'https://example.org/x1', 'imported-zone')] } })
    expect(fresh.status, fresh.text).toBe(201)
    const zone = (await request(service.app, '/zones/imported-zone?geometry=false')).body.properties
    expect(zone.description).toBe('Announced [X1].')
    expect(zone.citations).toEqual([{ key: 'X1', title: 'A report', publisher: null, url: 'https://example.org/x1', reliability: null }])
  })
})
