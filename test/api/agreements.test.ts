import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { ensureFirstBoundaries } from '../helpers/boundaries.ts'
import { agreementResponseValidators, expectMatchesSchema, zoneResponseValidators } from '../helpers/response-schemas.ts'

const service = useTestApp({ template: 'seeded', env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
const validate = agreementResponseValidators()
let bearer: Record<string, string>

// The seed's own agreements may come and go: every test reads the ones it made, by the word in their titles.
const WORD = 'Testland'

const astana = {
  slug: 'testland-astana',
  title: `${WORD} memorandum on de-escalation areas`,
  signed_on: '2017-05-04',
  place: 'Astana',
  class: 'multilateral',
  form: 'written',
  purpose: 'de-escalation',
  description: 'Signed by the three guarantors [S1].',
  text_url: 'https://example.org/astana.pdf',
  pax_id: '1923',
  ucdp_conflict_id: 299,
  parties: [
    { party: 'russia', role: 'guarantor' },
    { party: 'turkey', role: 'guarantor' },
    { party: 'iran', role: 'guarantor' },
    { party: 'hts', role: 'excluded', note: 'Left out of the ceasefire' },
  ],
  zones: [
    { zone: 'idlib-de-escalation-zone', effect: 'creates' },
    { zone: 'eastern-ghouta-de-escalation-zone', effect: 'creates', note: 'Four areas' },
  ],
  sources: [{ url: 'https://example.org/astana-report', title: 'A report on Astana' }],
}

const amman = {
  slug: 'testland-amman',
  title: `${WORD} memorandum on the south-west`,
  signed_on: '2017-07-07',
  class: 'multilateral',
  form: 'written',
  purpose: 'ceasefire',
  parties: [
    { party: 'russia', role: 'signatory' },
    { party: 'united-states', role: 'signatory' },
    { party: 'jordan', role: 'mediator' },
  ],
  zones: [{ zone: 'south-west-de-escalation-zone', effect: 'creates' }],
}

async function post(body: unknown) {
  return request(service.app, { method: 'POST', url: '/agreements', headers: bearer, payload: body as Record<string, unknown> })
}

async function etagOf(slug: string): Promise<string> {
  return (await service.app.inject(`/agreements/${slug}`)).headers.etag as string
}

async function list(query: string) {
  const response = await request(service.app, `/agreements?q=${WORD}${query ? `&${query}` : ''}`)
  expect(response.status, response.text).toBe(200)
  return response.body.features.map((feature: { properties: { slug: string } }) => feature.properties.slug).sort()
}

/** Everything a refused write must leave as it was. */
async function storedState() {
  const { rows } = await service.db.knex.raw(`select
      (select count(*) from agreements)::int agreements,
      (select coalesce(sum(version), 0) from agreements)::int versions,
      (select count(*) from agreement_parties)::int parties,
      (select count(*) from agreement_zones)::int zones,
      (select count(*) from audit_log)::int audit`)
  return rows[0]
}

/**
 * The union of the agreement's zones' outlines in force on its signing day (today without one), found
 * apart from the API: each version holds from its effective_on until the next one's, and the first also
 * before it (of versions on the same day, the last recorded holds). Null when none of its zones has an outline.
 */
async function outlineInForceOnSigning(agreementId: number): Promise<{ ewkt: string; km2: number } | null> {
  const { rows } = await service.db.knex.raw(`with day as (select coalesce(signed_on, current_date) as day from agreements where id = ?),
      versions as (
        select zb.zone_id, zb.geom, zb.effective_on,
               lead(zb.effective_on) over (partition by zb.zone_id order by zb.effective_on, zb.id) as until,
               zb.effective_on = min(zb.effective_on) over (partition by zb.zone_id) as first
          from zone_boundaries zb
         where zb.superseded_at is null
           and zb.zone_id in (select az.zone_id from agreement_zones az join zones z on z.id = az.zone_id and not z.archived where az.agreement_id = ?)
      ),
      in_force as (
        select v.* from versions v, day
         where (v.effective_on <= day.day or v.first) and (v.until is null or v.until > day.day)
           and (v.until is null or v.until > v.effective_on)
      )
    select ST_AsEWKT(ST_Union(geom)) as ewkt, ST_Area(ST_Union(geom)::geography) / 1e6 as km2, count(*)::int as versions,
           count(distinct zone_id)::int as zones
      from in_force`, [agreementId, agreementId])
  const row = rows[0]
  if (row.versions === 0) return null
  expect(row.versions).toBe(row.zones)
  return { ewkt: row.ewkt, km2: row.km2 }
}

beforeAll(async () => {
  await ensureFirstBoundaries(service.db.knex)
  await createAccount(service.app, 'ada', 'editor')
  bearer = await apiToken(service.app, await signIn(service.app, 'ada'))
  for (const body of [astana, amman]) {
    const response = await post(body)
    if (response.status !== 201) throw new Error(`could not create ${body.slug}: ${response.text}`)
  }
})

describe(`reading agreements on ${backend}`, () => {
  it('lists them as GeoJSON features with the documented properties', async () => {
    const response = await request(service.app, `/agreements?q=${WORD}`)
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/application\/geo\+json/)
    expectMatchesSchema(validate.agreementCollection, response.body)
    const feature = response.body.features.find((candidate: { properties: { slug: string } }) => candidate.properties.slug === 'testland-astana')
    expect(Object.keys(feature.properties).sort()).toEqual(
      ['citations', 'class', 'description', 'duration_days', 'expires_on', 'form', 'links', 'pax_id', 'parties', 'place', 'purpose', 'renewal_terms',
        'signed_on', 'signed_precision', 'slug', 'source_urls', 'text_url', 'title', 'title_ar', 'ucdp_conflict_id', 'updated_at', 'version', 'zones'].sort(),
    )
    expect(feature.properties).toMatchObject({ signed_on: '2017-05-04', signed_precision: 'day', class: 'multilateral', ucdp_conflict_id: 299, version: 1 })
    expect(feature.properties.parties.map((party: { slug: string; role: string }) => `${party.role}:${party.slug}`)).toEqual([
      'guarantor:iran', 'guarantor:russia', 'guarantor:turkey', 'excluded:hts',
    ])
    expect(feature.properties.zones).toEqual([
      { id: expect.any(Number), slug: 'eastern-ghouta-de-escalation-zone', name: expect.any(String), name_ar: expect.any(String), effect: 'creates', note: 'Four areas' },
      { id: expect.any(Number), slug: 'idlib-de-escalation-zone', name: expect.any(String), name_ar: expect.any(String), effect: 'creates', note: null },
    ])
    expect(feature.properties.source_urls).toEqual(['https://example.org/astana-report'])
    expect(feature.properties).not.toHaveProperty('curation_note')
  })

  it("draws each as the union of its zones' outlines in force on the day it was signed", async () => {
    const knex = service.db.knex
    const { rows: agreements } = await knex.raw('select id, slug from agreements where not archived order by id')
    const areas = new Map<string, number | null>()
    for (const { id, slug } of agreements as Array<{ id: number; slug: string }>) {
      const expected = await outlineInForceOnSigning(id)
      const response = await request(service.app, `/agreements/${id}`)
      expect(response.status, response.text).toBe(200)
      if (expected === null) {
        expect(response.body.geometry, slug).toBeNull()
        areas.set(slug, null)
        continue
      }
      const { rows } = await knex.raw(`select ST_Area(drawn::geography) / 1e6 as km2,
          ST_Area(ST_SymDifference(drawn, ST_GeomFromEWKT(?))::geography) / 1e6 as apart_km2
        from (select ST_MakeValid(ST_GeomFromGeoJSON(?)) as drawn) d`, [expected.ewkt, JSON.stringify(response.body.geometry)])
      expect(rows[0].km2, slug).toBeCloseTo(expected.km2, 0)
      expect(rows[0].apart_km2, slug).toBeLessThan(0.5)
      areas.set(slug, expected.km2)
    }
    expect((await request(service.app, '/agreements/testland-astana')).body.geometry.type).toBe('MultiPolygon')
    // Idlib's outline moved between these signings: each drew a different one.
    const idlibStages = ['astana-memorandum-2017', 'sochi-idlib-memorandum-2018', 'moscow-additional-protocol-2020'].map((slug) => areas.get(slug))
    expect(idlibStages.every((km2) => typeof km2 === 'number')).toBe(true)
    expect(new Set(idlibStages.map((km2) => Math.round(km2!))).size).toBe(3)
  })

  it('takes the version in force on the signing day, else the first; none without outlines', async () => {
    const idlib = (await service.db.knex('zones').where({ slug: 'idlib-de-escalation-zone' }).first('id')).id
    const knex = service.db.knex
    // A version after all the others (a square far away) must not count for an agreement signed before it,
    // and must for one signed the day it took effect.
    const { rows: [{ day }] } = await knex.raw(`select (max(effective_on) + 1)::text as day from zone_boundaries where zone_id = ?`, [idlib])
    const later = await knex.raw(`insert into zone_boundaries (zone_id, geom, effective_on, reason, recorded_by)
      values (?, ST_GeomFromText('POLYGON((10 10, 11 10, 11 11, 10 11, 10 10))', 4326), ?, 'a test version', 'tests') returning id`, [idlib, day])
    try {
      const signedBefore = await request(service.app, '/agreements/testland-astana?properties=slug')
      expect(JSON.stringify(signedBefore.body.geometry)).not.toContain('[10,10]')
      const created = await post({ slug: 'testland-later', title: `${WORD} later protocol`, signed_on: day, class: 'bilateral', form: 'written', purpose: 'ceasefire', zones: [{ zone: idlib, effect: 'changes' }] })
      expect(created.status, created.text).toBe(201)
      expect(created.body.geometry).toEqual({ type: 'Polygon', coordinates: [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]] })
      const early = await post({ slug: 'testland-early', title: `${WORD} early talks`, signed_on: '2000-01-01', class: 'bilateral', form: 'verbal', purpose: 'ceasefire', zones: [{ zone: idlib, effect: 'confirms' }] })
      const first = await knex.raw('select ST_AsGeoJSON(geom, 6)::json as geometry from zone_boundaries where zone_id = ? and superseded_at is null order by effective_on, id limit 1', [idlib])
      expect(early.body.geometry).toEqual(first.rows[0].geometry)
      const none = await post({ slug: 'testland-nowhere', title: `${WORD} talks without zones`, class: 'bilateral', form: 'verbal', purpose: 'humanitarian' })
      expect(none.body.geometry).toBeNull()
    } finally {
      await knex('zone_boundaries').where({ id: later.rows[0].id }).delete()
    }
  })

  it('filters by party and role, class, purpose, zone, signing dates and words', async () => {
    expect(await list('party=united-states')).toEqual(['testland-amman'])
    expect(await list('party=russia&role=guarantor')).toEqual(['testland-astana'])
    expect(await list('party=hts&role=signatory')).toEqual([])
    expect(await list('role=excluded')).toEqual(['testland-astana'])
    expect(await list('purpose=ceasefire,de-escalation&class=multilateral')).toEqual(['testland-amman', 'testland-astana'])
    expect(await list('class=bilateral&purpose=humanitarian')).toEqual(['testland-nowhere'])
    expect(await list('zone=south-west-de-escalation-zone')).toEqual(['testland-amman'])
    const ghouta = (await service.db.knex('zones').where({ slug: 'eastern-ghouta-de-escalation-zone' }).first('id')).id
    expect(await list(`zone=${ghouta}`)).toEqual(['testland-astana'])
    expect(await list('signed_from=2017-05-05&signed_to=2017-12-31')).toEqual(['testland-amman'])
    expect(await list('signed_from=2017-05-04&signed_to=2017-05-04')).toEqual(['testland-astana'])
    const words = await request(service.app, `/agreements?q=${WORD}%20jordan&properties=slug`)
    expect(words.body.features.map((feature: { properties: { slug: string } }) => feature.properties.slug)).toEqual(['testland-amman'])
  })

  it('pages with cursors like /zones', async () => {
    const first = await request(service.app, `/agreements?q=${WORD}&limit=1&geometry=false`)
    expect(first.body.features).toHaveLength(1)
    const next = first.body.links.find((link: { rel: string }) => link.rel === 'next')
    expect(next).toBeDefined()
    const second = await request(service.app, new URL(next.href).pathname + new URL(next.href).search)
    expect(second.status).toBe(200)
    expect(second.body.features[0].id).toBeGreaterThan(first.body.features[0].id)
  })

  it('answers one by id or slug with an ETag, and 304 when it has not changed', async () => {
    const bySlug = await request(service.app, '/agreements/testland-amman')
    expect(bySlug.status).toBe(200)
    expectMatchesSchema(validate.agreementFeature, bySlug.body)
    expect(bySlug.headers.etag).toBe(`"agreement-${bySlug.body.id}-v1"`)
    const byId = await request(service.app, `/agreements/${bySlug.body.id}`)
    expect(byId.body).toEqual(bySlug.body)
    const again = await service.app.inject({ url: '/agreements/testland-amman', headers: { 'if-none-match': bySlug.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    const listed = await service.app.inject(`/agreements?q=${WORD}`)
    const revalidated = await service.app.inject({ url: `/agreements?q=${WORD}`, headers: { 'if-none-match': listed.headers.etag as string } })
    expect(revalidated.statusCode).toBe(304)
  })

  it('404 for an agreement that does not exist, as problem+json', async () => {
    for (const url of ['/agreements/no-such-agreement', '/agreements/2147483647']) {
      const response = await request(service.app, url)
      expect(response.status).toBe(404)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
      expectMatchesSchema(validate.problem, response.body)
    }
  })

  it('shows the curation note to editors only', async () => {
    const etag = await etagOf('testland-nowhere')
    await request(service.app, { method: 'PATCH', url: '/agreements/testland-nowhere', headers: { ...bearer, 'if-match': etag }, payload: { curation_note: 'from the working file' } })
    expect((await request(service.app, '/agreements/testland-nowhere')).body.properties).not.toHaveProperty('curation_note')
    expect((await request(service.app, { url: '/agreements/testland-nowhere', headers: bearer })).body.properties.curation_note).toBe('from the working file')
  })
})

describe(`writing agreements on ${backend}`, () => {
  it('401 without a session or token, and nothing changes', async () => {
    const before = await storedState()
    const response = await request(service.app, { method: 'POST', url: '/agreements', payload: { ...amman, slug: 'testland-anonymous' } })
    expect(response.status).toBe(401)
    expect(await storedState()).toEqual(before)
  })

  it('creates with 201, a Location and an audit row naming the agreement', async () => {
    const response = await post({ ...amman, slug: 'testland-created', title: `${WORD} created` })
    expect(response.status).toBe(201)
    expectMatchesSchema(validate.agreementFeature, response.body)
    expect(response.headers.location).toMatch(new RegExp(`/agreements/${response.body.id}$`))
    expect(response.headers.etag).toBe(`"agreement-${response.body.id}-v1"`)
    const audit = await service.db.knex('audit_log').where({ agreement_id: response.body.id }).select('action', 'entity', 'entity_id', 'username', 'before', 'after')
    expect(audit).toEqual([
      { action: 'agreement.create', entity: 'agreement', entity_id: String(response.body.id), username: 'ada', before: null, after: expect.objectContaining({ slug: 'testland-created', parties: expect.any(Array) }) },
    ])
  })

  it('makes a slug from the title when none is given', async () => {
    const response = await post({ title: `${WORD} Kafr Nabl Truce`, class: 'bilateral', form: 'verbal', purpose: 'ceasefire' })
    expect(response.status).toBe(201)
    expect(response.body.properties.slug).toBe('testland-kafr-nabl-truce')
  })

  it('patches with If-Match: 428 without, 412 when stale, 200 with the new version and an audit row', async () => {
    const missing = await request(service.app, { method: 'PATCH', url: '/agreements/testland-created', headers: bearer, payload: { place: 'Amman' } })
    expect(missing.status).toBe(428)
    expect(missing.body.errors).toEqual([{ where: 'header.if-match', message: 'is required' }])
    const etag = await etagOf('testland-created')
    const patched = await request(service.app, { method: 'PATCH', url: '/agreements/testland-created', headers: { ...bearer, 'if-match': etag }, payload: { place: 'Amman', zones: [] } })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body.properties).toMatchObject({ place: 'Amman', zones: [], version: 2 })
    expect(patched.headers.etag).toBe(`"agreement-${patched.body.id}-v2"`)
    const before = await storedState()
    const stale = await request(service.app, { method: 'PATCH', url: '/agreements/testland-created', headers: { ...bearer, 'if-match': etag }, payload: { place: 'Geneva' } })
    expect(stale.status).toBe(412)
    expect(stale.body).toMatchObject({ current_version: 2, current_etag: patched.headers.etag })
    expect(await storedState()).toEqual(before)
    const actions = await service.db.knex('audit_log').where({ agreement_id: patched.body.id }).orderBy('id').pluck('action')
    expect(actions).toEqual(['agreement.create', 'agreement.update'])
  })

  it("a zone's ETag is not an agreement's", async () => {
    const zoneEtag = (await service.app.inject('/zones/idlib-de-escalation-zone')).headers.etag as string
    const response = await request(service.app, { method: 'PATCH', url: '/agreements/testland-created', headers: { ...bearer, 'if-match': zoneEtag }, payload: { place: 'x' } })
    expect(response.status).toBe(412)
  })

  it('archives with DELETE: gone from reads, the record and its audit row stay', async () => {
    const created = await post({ slug: 'testland-archived', title: `${WORD} archived`, class: 'unilateral', form: 'declared', purpose: 'ceasefire', zones: [{ zone: 'idlib-de-escalation-zone', effect: 'confirms' }] })
    const missing = await request(service.app, { method: 'DELETE', url: '/agreements/testland-archived', headers: bearer })
    expect(missing.status).toBe(428)
    const response = await service.app.inject({ method: 'DELETE', url: '/agreements/testland-archived', headers: { ...bearer, 'if-match': created.headers.etag as string } })
    expect(response.statusCode).toBe(204)
    expect(response.headers.etag).toBe(`"agreement-${created.body.id}-v2"`)
    expect((await request(service.app, '/agreements/testland-archived')).status).toBe(404)
    expect(await list('')).not.toContain('testland-archived')
    const zone = await request(service.app, '/zones/idlib-de-escalation-zone?properties=agreements')
    expect(zone.body.properties.agreements.map((agreement: { slug: string }) => agreement.slug)).not.toContain('testland-archived')
    expect(await service.db.knex('agreements').where({ slug: 'testland-archived' }).first('archived')).toEqual({ archived: true })
    expect(await service.db.knex('audit_log').where({ agreement_id: created.body.id }).orderBy('id').pluck('action')).toEqual(['agreement.create', 'agreement.archive'])
  })
})

describe(`hostile input to agreements on ${backend}`, () => {
  it('stores markup in titles as text', async () => {
    const title = `${WORD} <script>alert(1)</script><img src=x onerror=alert(2)>`
    const response = await post({ slug: 'testland-markup', title, class: 'bilateral', form: 'written', purpose: 'ceasefire' })
    expect(response.status).toBe(201)
    expect(response.body.properties.title).toBe(title)
    expect((await request(service.app, '/agreements/testland-markup')).body.properties.title).toBe(title)
  })

  it('refuses numbers out of range with 400 naming the field', async () => {
    for (const [field, value] of [['ucdp_conflict_id', 2 ** 31], ['ucdp_conflict_id', 1e300], ['duration_days', 10 ** 12], ['duration_days', -5], ['ucdp_conflict_id', 1.5]] as const) {
      const before = await storedState()
      const response = await post({ ...amman, slug: 'testland-huge', [field]: value })
      expect(response.status, `${field}=${value}`).toBe(400)
      expect(response.body.errors.map((error: { where: string }) => error.where)).toContain(`body.${field}`)
      expect(await storedState()).toEqual(before)
    }
  })

  it('refuses Infinity, NaN and numbers out of range in the query with 400', async () => {
    for (const query of ['limit=Infinity', 'limit=NaN', 'precision=1e309', 'limit=1e309', 'zone=Infinity', 'zone=-1', 'signed_from=2017-13-45', 'signed_from=2018-01-01&signed_to=2017-01-01', 'class=treaty', 'limit=0', 'cursor=abc']) {
      const response = await request(service.app, `/agreements?${query}`)
      expect(response.status, query).toBe(400)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(response.body.errors?.length, query).toBeGreaterThan(0)
    }
  })

  it('refuses strings of 10,000 characters where they do not belong, and NUL characters', async () => {
    const long = 'x'.repeat(10_000)
    for (const [field, value] of [['title', long], ['place', long], ['pax_id', long], ['renewal_terms', long], ['text_url', `https://example.org/${long}`], ['slug', long]] as const) {
      const response = await post({ ...amman, slug: 'testland-long', [field]: value })
      expect(response.status, field).toBe(400)
      expect(response.body.errors.map((error: { where: string }) => error.where), field).toContain(`body.${field}`)
    }
    const nul = await post({ ...amman, slug: 'testland-nul', title: 'a\u0000b' })
    expect(nul.status).toBe(400)
    expect(nul.body.errors[0].where).toBe('body.title')
    expect((await request(service.app, `/agreements?q=${'x'.repeat(10_000)}`)).status).toBe(400)
    expect((await request(service.app, `/agreements/${'x'.repeat(10_000)}`)).status).toBe(414)
  })

  it('refuses unknown parties and zones with 422 naming each, and changes nothing', async () => {
    const before = await storedState()
    const response = await post({
      ...amman,
      slug: 'testland-unknown',
      parties: [{ party: 'russia', role: 'signatory' }, { party: 'atlantis', role: 'signatory' }],
    })
    expect(response.status).toBe(422)
    expect(response.body.errors).toEqual([{ where: 'body.parties[1].party', message: expect.stringContaining('atlantis') }])
    const zones = await post({ ...amman, slug: 'testland-unknown', zones: [{ zone: 'no-such-zone', effect: 'creates' }, { zone: 2147483647, effect: 'ends' }] })
    expect(zones.status).toBe(422)
    expect(zones.body.errors.map((error: { where: string }) => error.where)).toEqual(['body.zones[0].zone', 'body.zones[1].zone'])
    const twice = await post({ ...amman, slug: 'testland-unknown', zones: [{ zone: 'south-west-de-escalation-zone', effect: 'creates' }, { zone: 'south-west-de-escalation-zone', effect: 'ends' }] })
    expect(twice.status).toBe(422)
    expect(await storedState()).toEqual(before)
  })

  it('refuses a signing date in the future and an expiry before the signing with 422', async () => {
    const future = await post({ ...amman, slug: 'testland-future', signed_on: '2999-01-01' })
    expect(future.status).toBe(422)
    expect(future.body.errors[0].where).toBe('body.signed_on')
    const expiry = await post({ ...amman, slug: 'testland-future', expires_on: '2017-01-01' })
    expect(expiry.status).toBe(422)
    expect(expiry.body.errors[0].where).toBe('body.expires_on')
    const etag = await etagOf('testland-amman')
    const patched = await request(service.app, { method: 'PATCH', url: '/agreements/testland-amman', headers: { ...bearer, 'if-match': etag }, payload: { expires_on: '2016-12-31' } })
    expect(patched.status).toBe(422)
  })

  it('refuses unknown members and an empty patch', async () => {
    expect((await post({ ...amman, slug: 'testland-extra', archived: true })).status).toBe(400)
    const etag = await etagOf('testland-amman')
    expect((await request(service.app, { method: 'PATCH', url: '/agreements/testland-amman', headers: { ...bearer, 'if-match': etag }, payload: {} })).status).toBe(400)
    expect((await request(service.app, { method: 'PATCH', url: '/agreements/testland-amman', headers: { ...bearer, 'if-match': etag }, payload: { version: 7 } })).status).toBe(400)
  })
})

describe(`concurrent writes to agreements on ${backend}`, () => {
  it('two PATCHes with the same If-Match: one 200, one 412', async () => {
    const etag = await etagOf('testland-amman')
    const responses = await Promise.all(
      ['Amman', 'Geneva'].map((place) => service.app.inject({ method: 'PATCH', url: '/agreements/testland-amman', headers: { ...bearer, 'if-match': etag }, payload: { place } })),
    )
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412])
  })

  it('two POSTs with the same slug: one 201, one 409', async () => {
    const before = await storedState()
    const responses = await Promise.all([1, 2].map((n) => service.app.inject({ method: 'POST', url: '/agreements', headers: bearer, payload: { ...amman, slug: 'testland-twice', title: `${WORD} twice ${n}` } })))
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409])
    const conflict = responses.find((response) => response.statusCode === 409)!
    expect(conflict.json().errors).toEqual([{ where: 'body.slug', message: 'is taken' }])
    const after = await storedState()
    expect(after.agreements).toBe(before.agreements + 1)
    expect(after.audit).toBe(before.audit + 1)
  })
})

describe(`zones and their agreements on ${backend}`, () => {
  it('a zone lists the agreements that name it, in the order they were signed', async () => {
    const zone = await request(service.app, '/zones/idlib-de-escalation-zone')
    expect(zone.status).toBe(200)
    const ours = zone.body.properties.agreements.filter((agreement: { slug: string }) => agreement.slug.startsWith('testland-'))
    const later = await service.db.knex('agreements').where({ slug: 'testland-later' }).first(service.db.knex.raw('signed_on::text as signed_on'))
    expect(ours).toEqual([
      { slug: 'testland-early', title: `${WORD} early talks`, signed_on: '2000-01-01', signed_precision: 'day', effect: 'confirms' },
      { slug: 'testland-astana', title: astana.title, signed_on: '2017-05-04', signed_precision: 'day', effect: 'creates' },
      { slug: 'testland-later', title: `${WORD} later protocol`, signed_on: later.signed_on, signed_precision: 'day', effect: 'changes' },
    ])
    // The seed's agreements take their places among them.
    const { rows: naming } = await service.db.knex.raw(`select a.slug from agreements a join agreement_zones az on az.agreement_id = a.id
      join zones z on z.id = az.zone_id where z.slug = 'idlib-de-escalation-zone' and not a.archived order by a.signed_on nulls last, a.id`)
    expect(naming.map((row: { slug: string }) => row.slug)).toContain('astana-memorandum-2017')
    expect(zone.body.properties.agreements.map((agreement: { slug: string }) => agreement.slug)).toEqual(naming.map((row: { slug: string }) => row.slug))
    const zoneValidators = zoneResponseValidators()
    expectMatchesSchema(zoneValidators.zoneFeature, zone.body)
    const listed = await request(service.app, '/zones?properties=slug,agreements&geometry=false')
    expectMatchesSchema(zoneValidators.zoneCollection, listed.body)
    const kobani = listed.body.features.find((feature: { properties: { slug: string } }) => feature.properties.slug === 'kobani-dmz-proposal')
    expect(kobani.properties.agreements).toEqual([])
  })

  it("an agreement's new title moves the zones it names on a version, so their ETags change", async () => {
    const before = await service.app.inject('/zones/south-west-de-escalation-zone')
    const etag = await etagOf('testland-amman')
    const patched = await request(service.app, { method: 'PATCH', url: '/agreements/testland-amman', headers: { ...bearer, 'if-match': etag }, payload: { title: `${WORD} Amman memorandum` } })
    expect(patched.status).toBe(200)
    const after = await service.app.inject('/zones/south-west-de-escalation-zone')
    expect(after.headers.etag).not.toBe(before.headers.etag)
    expect(after.json().properties.agreements).toContainEqual(expect.objectContaining({ slug: 'testland-amman', title: `${WORD} Amman memorandum` }))
  })

  it('a status change may cite an agreement: stored, and shown in the history', async () => {
    const zoneEtag = (await service.app.inject('/zones/southern-syria-demilitarisation-proposal')).headers.etag as string
    const response = await request(service.app, {
      method: 'POST',
      url: '/zones/southern-syria-demilitarisation-proposal/status',
      headers: { ...bearer, 'if-match': zoneEtag },
      payload: { status: 'rejected', effective_date: '2026-03-01', reason: 'The offensive on Daraa', agreement: 'testland-amman' },
    })
    expect(response.status, response.text).toBe(200)
    const stored = await service.db.knex('status_changes as sc').join('agreements as a', 'a.id', 'sc.agreement_id').where('sc.reason', 'The offensive on Daraa').first('a.slug')
    expect(stored).toEqual({ slug: 'testland-amman' })
    const history = await request(service.app, '/zones/southern-syria-demilitarisation-proposal/history')
    expectMatchesSchema(zoneResponseValidators().zoneHistory, history.body)
    const entries = history.body.history as Array<{ reason: string; agreement: unknown }>
    expect(entries.find((entry) => entry.reason === 'The offensive on Daraa')!.agreement).toEqual({ slug: 'testland-amman', title: `${WORD} Amman memorandum` })
    expect(entries.filter((entry) => entry.reason !== 'The offensive on Daraa').every((entry) => entry.agreement === null || typeof entry.agreement === 'object')).toBe(true)
  })

  it('a status change citing an unknown or archived agreement is refused with 422 naming it, and nothing changes', async () => {
    const zoneEtag = (await service.app.inject('/zones/kobani-dmz-proposal')).headers.etag as string
    for (const agreement of ['no-such-agreement', 'testland-archived']) {
      const response = await request(service.app, {
        method: 'POST',
        url: '/zones/kobani-dmz-proposal/status',
        headers: { ...bearer, 'if-match': zoneEtag },
        payload: { status: 'rejected', effective_date: '2026-03-01', reason: 'test', agreement },
      })
      expect(response.status).toBe(422)
      expect(response.body.errors).toEqual([{ where: 'body.agreement', message: expect.stringContaining(agreement) }])
    }
    expect((await service.app.inject('/zones/kobani-dmz-proposal')).headers.etag).toBe(zoneEtag)
    const markup = await request(service.app, {
      method: 'POST',
      url: '/zones/kobani-dmz-proposal/status',
      headers: { ...bearer, 'if-match': zoneEtag },
      payload: { status: 'rejected', effective_date: '2026-03-01', reason: 'test', agreement: '<b>x</b>' },
    })
    expect(markup.status).toBe(400)
    expect(markup.body.errors[0].where).toBe('body.agreement')
  })
})
