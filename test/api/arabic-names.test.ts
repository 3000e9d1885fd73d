import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { IGNORED_IN_SEARCH, SEARCH_FOLDS, searchText } from '../../server/domain/search-text.ts'

const service = useTestApp({ template: 'seeded', env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let admin: Record<string, string>

const SOUTH_WEST = 'south-west-de-escalation-zone'
const RAQQA = 'siege-of-raqqa'
// Fixture names made for these tests (not facts): every write goes to this one zone.
const EDITED = 'bravo-line-observation-posts'

beforeAll(async () => {
  await createAccount(service.app, 'nadia', 'admin')
  admin = await apiToken(service.app, await signIn(service.app, 'nadia'))
})

async function zoneSlugsFor(q: string): Promise<string[]> {
  const response = await request(service.app, { url: `/zones?geometry=false&properties=slug&q=${encodeURIComponent(q)}` })
  expect(response.status, q).toBe(200)
  return response.body.features.map((feature: { properties: { slug: string } }) => feature.properties.slug)
}

async function zone(slug: string, headers: Record<string, string> = {}, query = '') {
  return request(service.app, { url: `/zones/${slug}?geometry=false${query}`, headers })
}

describe(`Arabic names on ${backend}`, () => {
  it('zones carry name (English by default), name_en, name_ar and their parties name_ar; parties and agreements too', async () => {
    const raqqa = await zone(RAQQA)
    expect(raqqa.body.properties).toMatchObject({ name: 'Siege of Raqqa', name_en: 'Siege of Raqqa', name_ar: 'حصار الرقة' })
    expect(raqqa.body.properties.parties.find((party: { slug: string }) => party.slug === 'sdf').name_ar).toBe('قوات سوريا الديمقراطية (قسد)')
    expect(raqqa.headers['content-language']).toBe('en')
    const m4 = await zone('m4-security-corridor')
    expect(m4.body.properties.name_ar).toBeNull()

    const parties = await request(service.app, '/parties')
    expect(parties.body.find((party: { slug: string }) => party.slug === 'hts').name_ar).toBe('هيئة تحرير الشام')
    const astana = await request(service.app, '/agreements/astana-memorandum-2017')
    expect(astana.body.properties.title_ar).toBe('مذكرة أستانا بشأن مناطق خفض التصعيد في سوريا')
  })

  it('lang=ar and Accept-Language: ar make name the Arabic one, English where there is none; the headers say so', async () => {
    for (const [headers, query] of [[{}, '&lang=ar'], [{ 'accept-language': 'ar-SY,ar;q=0.9,en;q=0.5' }, '']] as const) {
      const raqqa = await zone(RAQQA, headers, query)
      expect(raqqa.body.properties).toMatchObject({ name: 'حصار الرقة', name_en: 'Siege of Raqqa', name_ar: 'حصار الرقة' })
      expect(raqqa.headers['content-language']).toBe('ar')
      expect(String(raqqa.headers.vary)).toMatch(/accept-language/i)
      const m4 = await zone('m4-security-corridor', headers, query)
      expect(m4.body.properties.name).toBe(m4.body.properties.name_en)
    }
    // lang wins over the header; a language the Atlas has not is English.
    expect((await zone(RAQQA, { 'accept-language': 'ar' }, '&lang=en')).body.properties.name).toBe('Siege of Raqqa')
    expect((await zone(RAQQA, { 'accept-language': 'fr, de;q=0.5' })).headers['content-language']).toBe('en')
    expect((await zone(RAQQA, {}, '&lang=fr')).status).toBe(400)

    const list = await request(service.app, { url: '/zones?geometry=false&properties=slug,name&lang=ar' })
    expect(list.body.features.find((feature: { properties: { slug: string } }) => feature.properties.slug === RAQQA).properties).toEqual({ slug: RAQQA, name: 'حصار الرقة' })
    expect(list.headers['content-language']).toBe('ar')
  })

  it('the ETag names the language: an English tag does not revalidate the Arabic page, and writes take either', async () => {
    const english = await request(service.app, { url: '/zones?geometry=false' })
    const arabic = await request(service.app, { url: '/zones?geometry=false', headers: { 'accept-language': 'ar' } })
    expect(arabic.headers.etag).not.toBe(english.headers.etag)
    const revalidated = await request(service.app, { url: '/zones?geometry=false', headers: { 'accept-language': 'ar', 'if-none-match': String(english.headers.etag) } })
    expect(revalidated.status).toBe(200)
    expect((await request(service.app, { url: '/zones?geometry=false', headers: { 'accept-language': 'ar', 'if-none-match': String(arabic.headers.etag) } })).status).toBe(304)

    const plain = await request(service.app, `/zones/${EDITED}`)
    const inArabic = await request(service.app, { url: `/zones/${EDITED}`, headers: { 'accept-language': 'ar' } })
    expect(inArabic.headers.etag).toBe(String(plain.headers.etag).replace(/"$/, '-ar"'))
    const patched = await request(service.app, { method: 'PATCH', url: `/zones/${EDITED}`, headers: { ...admin, 'if-match': String(inArabic.headers.etag) }, payload: { description: 'Fixture: edited through its Arabic ETag.' } })
    expect(patched.status).toBe(200)
  })

  it('OGC items: name_ar always, name in the language asked for', async () => {
    const items = await request(service.app, { url: '/ogc/collections/zones/items?f=json&limit=100&lang=ar' })
    expect(items.status).toBe(200)
    const raqqa = items.body.features.find((feature: { properties: { slug: string } }) => feature.properties.slug === RAQQA)
    expect(raqqa.properties).toMatchObject({ name: 'حصار الرقة', name_en: 'Siege of Raqqa', name_ar: 'حصار الرقة' })
    expect(items.headers['content-language']).toBe('ar')
    expect(String(items.headers.vary)).toMatch(/^Accept, Accept-Language$|Accept-Language.*Accept|Accept.*Accept-Language/)
    const one = await request(service.app, { url: `/ogc/collections/zones/items/${raqqa.id}?f=json`, headers: { 'accept-language': 'ar' } })
    expect(one.body.properties.name).toBe('حصار الرقة')
    const english = await request(service.app, { url: `/ogc/collections/zones/items/${raqqa.id}?f=json` })
    expect(english.body.properties.name).toBe('Siege of Raqqa')
    expect(one.headers.etag).not.toBe(english.headers.etag)
  })

  it('CSV and KML exports carry name_ar', async () => {
    const csv = await service.app.inject({ url: '/zones?format=csv&q=raqqa' })
    expect(csv.body.split('\n')[0]).toMatch(/^id,slug,name,name_ar,kind,/)
    expect(csv.body).toContain('حصار الرقة')
    const kml = await service.app.inject({ url: '/zones?format=kml&q=raqqa' })
    expect(kml.body).toContain('<Data name="name_ar"><value>حصار الرقة</value></Data>')
  })
})

describe(`search by the Arabic name and the usual Latin spellings on ${backend}`, () => {
  it('درعا, Dar\'a, Daraa, deraa and دَرْعا find the south-west zone; الرقة and Raqqah the siege of Raqqa', async () => {
    for (const q of ['درعا', "Dar'a", 'Daraa', 'deraa', 'DERAA', 'دَرْعا', 'Darʿā', 'as-suwayda']) expect(await zoneSlugsFor(q), q).toContain(SOUTH_WEST)
    for (const q of ['الرقة', 'الرقه', 'Raqqah', 'ar-Raqqa', 'ar raqqa']) expect(await zoneSlugsFor(q), q).toContain(RAQQA)
    expect(await zoneSlugsFor('إدلب')).toContain('idlib-de-escalation-zone')
    expect(await zoneSlugsFor('ادلب')).toContain('idlib-de-escalation-zone')
    expect(await zoneSlugsFor('Idleb')).toContain('idlib-de-escalation-zone')
    // A party's Arabic name finds its zones.
    expect(await zoneSlugsFor('قسد')).toContain(RAQQA)
    expect(await zoneSlugsFor('درعا الرقة')).toEqual([])
    // Wildcards stay literal.
    expect(await zoneSlugsFor('%')).toEqual([])
    expect(await zoneSlugsFor('_')).toEqual([])
  })

  it('agreements are found by their Arabic titles', async () => {
    const response = await request(service.app, { url: `/agreements?q=${encodeURIComponent('أستانا')}` })
    expect(response.body.features.map((feature: { properties: { slug: string } }) => feature.properties.slug)).toEqual(['astana-memorandum-2017'])
  })

  it('the client folds text as the SQL function does, character by character and on the seeded names', async () => {
    const samples = [...SEARCH_FOLDS.keys(), ...IGNORED_IN_SEARCH, "Dar'a", 'DERAA', 'Ḩimş', 'دَرْعا', 'الرقة', 'مذكرة مبادئ عمّان', 'Türkiye', 'ar-Raqqa', 'x‐y–z']
    const rows: Array<{ folded: string }> = (await service.db.knex.raw('select atlas_search_text(t) as folded from unnest(?::text[]) with ordinality as s(t, n) order by n', [samples])).rows
    expect(rows.map((row) => row.folded)).toEqual(samples.map(searchText))
  })
})

describe(`writes of name_ar on ${backend}`, () => {
  async function patch(payload: Record<string, unknown>) {
    const current = await request(service.app, `/zones/${EDITED}`)
    return request(service.app, { method: 'PATCH', url: `/zones/${EDITED}`, headers: { ...admin, 'if-match': String(current.headers.etag) }, payload })
  }

  it('a name_ar is stored, served, audited and searchable; null clears it', async () => {
    const name = 'اسم تجريبي للاختبار'
    expect((await patch({ name_ar: name })).status).toBe(200)
    expect((await zone(EDITED)).body.properties.name_ar).toBe(name)
    expect(await zoneSlugsFor('تجريبي')).toEqual([EDITED])
    const audit = await request(service.app, { url: `/audit?zone=${EDITED}&limit=1`, headers: admin })
    expect(audit.body[0]).toMatchObject({ action: 'zone.update', after: { name_ar: name } })
    expect((await patch({ name_ar: null })).status).toBe(200)
    expect((await zone(EDITED)).body.properties.name_ar).toBeNull()
  })

  it('refuses markup, control and direction-override characters, over-long and wrong types, naming the field and changing nothing', async () => {
    const before = await zone(EDITED)
    // (As for every text field, the schema's coercion takes '' as null, and a number or a one-item list as its text.)
    for (const name_ar of ['<script>alert(1)</script>', 'درعا\u202Eأ', 'درعا\u2066', 'درعا\u0000', 'درعا\n', 'ع'.repeat(201), { ar: 'درعا' }, ['a', 'b']]) {
      const response = await patch({ name_ar })
      expect(response.status, JSON.stringify(name_ar)).toBe(400)
      expect(response.headers['content-type']).toMatch(/problem\+json/)
      expect(JSON.stringify(response.body.errors)).toContain('name_ar')
    }
    const after = await zone(EDITED)
    expect(after.body.properties.version).toBe(before.body.properties.version)
    // A new zone's name_ar is checked the same way.
    const created = await request(service.app, {
      method: 'POST',
      url: '/zones',
      headers: admin,
      payload: { type: 'Feature', geometry: null, properties: { name: 'Fixture zone', name_ar: 'x\u202Ey', kind: 'ceasefire-zone', effective_date: '2026-01-01', reason: 'fixture' } },
    })
    expect(created.status).toBe(400)
  })

  it('concurrent edits of name_ar with one If-Match: one wins, the others get 412', async () => {
    const current = await request(service.app, `/zones/${EDITED}`)
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        service.app.inject({ method: 'PATCH', url: `/zones/${EDITED}`, headers: { ...admin, 'if-match': String(current.headers.etag) }, payload: { name_ar: `اسم ${'ب'.repeat(index + 1)}` } }),
      ),
    )
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, ...Array(7).fill(412)])
  })
})
