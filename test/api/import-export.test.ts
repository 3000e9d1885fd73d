import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/storage/database/database.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'

const source = useTestApp()
const target = useTestApp({ template: 'migrated' })
let bearer: Record<string, string>

beforeAll(async () => {
  await createAccount(target.app, 'ada', 'editor')
  bearer = await apiToken(target.app, await signIn(target.app, 'ada'))
})

const counts = async (db: Database) => (await db.knex.raw('select (select count(*) from zones)::int zones, (select count(*) from parties)::int parties, (select count(*) from status_changes)::int changes')).rows[0]

/** What must survive an export and an import: everything but ids, links, versions, times and sources (an import cites one source per zone). */
function comparable(collection: { features: Array<{ geometry: unknown; properties: Record<string, unknown> }> }) {
  return collection.features
    // An import carries zones: not a siege's assessments (each needs its source record), nor the
    // agreements that name a zone (records of their own, moved by a backup).
    .map(({ geometry, properties: { links: _links, version: _version, updated_at: _updated, source_urls: _sources, siege_assessments: _assessments, agreements: _agreements, ...properties } }) => ({ geometry, properties }))
    .sort((a, b) => String(a.properties['slug']).localeCompare(String(b.properties['slug'])))
}

/** Until `count` statements of this test database wait for a lock (on PostgreSQL). */
async function untilWaiting(count: number): Promise<void> {
  const waiting = async () => (await target.db.knex.raw('select count(*)::int as n from pg_locks where not granted and database = (select oid from pg_database where datname = current_database())')).rows[0].n as number
  while ((await waiting()) < count) await new Promise((resolve) => setTimeout(resolve, 20))
}

describe(`import on ${backend}`, () => {
  const good = (name: string) => ({
    type: 'Feature',
    properties: { name, kind: 'ceasefire-zone', status: 'proposed', effective_date: '2026-01-01' },
    geometry: { type: 'Polygon', coordinates: [[[36, 33], [36.1, 33], [36.1, 33.1], [36, 33], ]] },
  })

  it('a file with one invalid feature creates nothing and names the bad feature', async () => {
    const before = await counts(target.db)
    const bowTie = { ...good('Bow tie'), geometry: { type: 'Polygon', coordinates: [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]] } }
    const response = await request(target.app, {
      method: 'POST',
      url: '/zones/import',
      headers: bearer,
      payload: { type: 'FeatureCollection', name: 'truces.geojson', features: [good('First truce'), bowTie, good('Third truce')] },
    })
    expect(response.status).toBe(422)
    expect(response.body.detail).toBe('1 of 3 features have problems; nothing was imported.')
    expect(response.body.features).toEqual([
      { index: 1, name: 'Bow tie', slug: null, errors: [{ where: 'features[1].geometry.coordinates[0][0]', message: expect.stringMatching(/crosses itself at 36.5, 35.5/) }] },
    ])
    expect(await counts(target.db)).toEqual(before)
  })

  it('refuses an Arabic name with markup, a direction override or a control character, and a markup spelling, storing nothing', async () => {
    const before = await counts(target.db)
    const named = (title: string, extra: Record<string, unknown>) => ({ ...good(title), properties: { ...good(title).properties, ...extra } })
    const features = [
      named('Override', { name_ar: 'درعا\u202Eأ' }),
      named('Markup', { name_ar: '<img src=x onerror=alert(1)>' }),
      named('Control', { name_ar: 'درعا\u0007' }),
      named('Spelling', { search_names: ['<b>Deraa</b>'] }),
    ]
    const response = await request(target.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: { type: 'FeatureCollection', features } })
    expect(response.status, response.text).toBe(422)
    const reported = (response.body.features as Array<{ errors: Array<{ where: string; message: string }> }>).map((feature) => feature.errors)
    // One plain sentence per field, as the API's own schema says it, not each branch of "a name or null".
    expect(reported.map((errors) => errors.map((error) => error.where))).toEqual([['features[0].properties.name_ar'], ['features[1].properties.name_ar'], ['features[2].properties.name_ar'], ['features[3].properties.search_names[0]']])
    expect(reported[0]![0]!.message).toMatch(/^".*" is not the name in its standard Arabic spelling/)
    // A NUL is refused before the features are read, as in any body.
    const nul = await request(target.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: { type: 'FeatureCollection', features: [named('Nul', { name_ar: 'درعا\u0000' })] } })
    expect(nul.status).toBe(400)
    expect(nul.body.errors).toEqual([{ where: 'body.features[0].properties.name_ar', message: expect.stringMatching(/NUL/) }])
    expect(await counts(target.db)).toEqual(before)
  })

  it("a refused feature's report keeps the slug the file gave it", async () => {
    const bowTie = { ...good('Bow tie'), properties: { ...good('Bow tie').properties, slug: 'bow-tie-truce' }, geometry: { type: 'Polygon', coordinates: [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]] } }
    const response = await request(target.app, { method: 'POST', url: '/zones/import?dry_run=true', headers: bearer, payload: { type: 'FeatureCollection', features: [bowTie] } })
    expect(response.status).toBe(422)
    expect(response.body.features).toEqual([expect.objectContaining({ index: 0, name: 'Bow tie', slug: 'bow-tie-truce' })])
  })

  it('names unknown kinds, missing dates, unknown parties and repeated slugs per feature', async () => {
    const response = await request(target.app, {
      method: 'POST',
      url: '/zones/import?dry_run=true',
      headers: bearer,
      payload: {
        type: 'FeatureCollection',
        features: [
          { ...good('A'), properties: { name: 'A', kind: 'castle', effective_date: '2026-01-01' } },
          { ...good('B'), properties: { name: 'B', kind: 'siege' } },
          { ...good('C'), properties: { ...good('C').properties, parties: [{ party: 'atlantis', role: 'sponsor' }] } },
          good('Same'),
          good('Same'),
          'not a feature',
        ],
      },
    })
    expect(response.status).toBe(422)
    const where = response.body.features.flatMap((feature: { errors: Array<{ where: string }> }) => feature.errors.map((error) => error.where))
    expect(where).toEqual([
      'features[0].properties.kind',
      'features[1].properties.effective_date',
      'features[2].properties.parties[0]',
      'features[4].properties.slug',
      'features[5]',
    ])
  })

  it('dry_run checks without creating', async () => {
    const before = await counts(target.db)
    const response = await request(target.app, { method: 'POST', url: '/zones/import?dry_run=true', headers: bearer, payload: { type: 'FeatureCollection', features: [good('Dry truce')] } })
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ count: 1, features: [{ index: 0, name: 'Dry truce', slug: 'dry-truce' }] })
    expect(await counts(target.db)).toEqual(before)
  })

  it('asks PostGIS about the shapes of an import that goes through once, not again when it writes them', async () => {
    const validityChecks: string[] = []
    const onQuery = (query: { sql: string }) => {
      if (/ST_IsValidReason/i.test(query.sql)) validityChecks.push(query.sql)
    }
    target.db.knex.on('query', onQuery)
    const features = Array.from({ length: 5 }, (_, index) => good(`Checked once ${index}`))
    const response = await request(target.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: { type: 'FeatureCollection', features } }).finally(() =>
      target.db.knex.off('query', onQuery),
    )
    expect(response.status, response.text).toBe(201)
    expect(validityChecks).toHaveLength(1)
  })

  it('asks PostGIS about every shape in one statement and names each shape it refuses by its feature', async () => {
    const before = await counts(target.db)
    // Shapes turf finds sound and PostGIS does not: one polygon of a MultiPolygon inside another.
    const nested = (name: string) => ({
      ...good(name),
      geometry: { type: 'MultiPolygon', coordinates: [[[[36, 33], [37, 33], [37, 34], [36, 34], [36, 33]]], [[[36.2, 33.2], [36.4, 33.2], [36.4, 33.4], [36.2, 33.4], [36.2, 33.2]]]] },
    })
    const features = Array.from({ length: 40 }, (_, index) => ([7, 23, 38].includes(index) ? nested(`Nested ${index}`) : good(`Sound ${index}`)))
    const validityChecks: string[] = []
    const onQuery = (query: { sql: string }) => {
      if (/ST_IsValidReason/i.test(query.sql)) validityChecks.push(query.sql)
    }
    target.db.knex.on('query', onQuery)
    const response = await request(target.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: { type: 'FeatureCollection', features } }).finally(() =>
      target.db.knex.off('query', onQuery),
    )
    expect(response.status).toBe(422)
    expect(response.body.detail).toBe('3 of 40 features have problems; nothing was imported.')
    expect(response.body.features).toEqual(
      [7, 23, 38].map((index) => ({
        index,
        name: `Nested ${index}`,
        slug: `nested-${index}`,
        errors: [{ where: `features[${index}].geometry`, message: expect.stringMatching(/^PostGIS: Nested shells/) }],
      })),
    )
    expect(validityChecks).toHaveLength(1)
    expect(await counts(target.db)).toEqual(before)
  })

  /** Sends the files as imports at once; on PostgreSQL all of them pass their checks first and then write at the same moment. */
  async function importAtOnce(files: object[]) {
    const importAll = () => Promise.all(files.map((file) => request(target.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: file })))
    if (backend !== 'postgres') return importAll() // one connection: the transactions run one after the other
    // Their inserts into zones wait for this lock, after their checks.
    const blocker = await target.db.knex.transaction()
    await blocker.raw('lock table zones in share mode')
    const racing = importAll()
    await untilWaiting(files.length)
    await blocker.commit()
    return racing
  }

  /** Checks that one import created its zones and the other was refused with a problem, and that only the one's zones were written. */
  async function expectOneCreatedOneRefused(responses: Awaited<ReturnType<typeof importAtOnce>>, before: { zones: number; changes: number }, zones: number) {
    const [created, refused] = [...responses].sort((a, b) => a.status - b.status)
    expect(created!.status, created!.text).toBe(201)
    expect([409, 422], refused!.text).toContain(refused!.status)
    expect(refused!.headers['content-type']).toBe('application/problem+json; charset=utf-8')
    expect(await counts(target.db)).toEqual({ ...before, zones: before.zones + zones, changes: before.changes + zones })
  }

  it('of two imports of the same zones at once, one creates them all and the other nothing', async () => {
    const before = await counts(target.db)
    const file = { type: 'FeatureCollection', features: [good('Race one'), good('Race two'), good('Race three')] }
    await expectOneCreatedOneRefused(await importAtOnce([file, file]), before, 3)
  })

  it('of two imports of the same zones in opposite orders at once, one creates them all and the other nothing (no deadlock)', async () => {
    const before = await counts(target.db)
    const features = Array.from({ length: 30 }, (_, index) => good(`Crossed race ${index}`))
    const files = [features, [...features].reverse()].map((list) => ({ type: 'FeatureCollection', features: list }))
    await expectOneCreatedOneRefused(await importAtOnce(files), before, 30)
  })

  it('needs an editor', async () => {
    expect((await request(target.app, { method: 'POST', url: '/zones/import', payload: { type: 'FeatureCollection', features: [good('X')] } })).status).toBe(401)
  })
})

describe(`export on ${backend}`, () => {
  it('round-trips: export, import into an empty database, same zones', async () => {
    const exported = await request(source.app, '/zones')
    expect(exported.body.numberReturned).toBe(SEED_ZONES.length)
    const imported = await request(target.app, { method: 'POST', url: '/zones/import', headers: bearer, payload: { ...exported.body, name: 'zones.geojson' } })
    expect(imported.status, imported.text).toBe(201)
    expect(imported.body.created).toHaveLength(SEED_ZONES.length)
    const slugs = imported.body.created.map((zone: { slug: string }) => zone.slug)
    const again = await request(target.app, `/zones?limit=1000`)
    const reimported = { features: again.body.features.filter((feature: { properties: { slug: string } }) => slugs.includes(feature.properties.slug)) }
    expect(comparable(reimported)).toEqual(comparable(exported.body))
  })

  it('exports KML for desktop tools, with names as text', async () => {
    const response = await source.app.inject('/zones?format=kml&kind=siege')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/vnd.google-earth.kml+xml; charset=utf-8')
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="truce-atlas_\d{4}-\d{2}-\d{2}_kind-siege\.kml"$/)
    expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><kml xmlns="http:\/\/www.opengis.net\/kml\/2.2">/)
    expect(response.body.match(/<Placemark id="zone-\d+">/g)).toHaveLength(7)
    expect(response.body).toContain('<name>Siege of Raqqa</name>')
    expect(response.body).toMatch(/<Polygon>/)
  })

  it('exports CSV with WKT, filtered like the map and safe to open in a spreadsheet', async () => {
    await source.db.knex('zones').where({ slug: 'kobani-dmz-proposal' }).update({ description: '=HYPERLINK("http://evil.example")' })
    const response = await source.app.inject('/zones?format=csv&status=proposed')
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    const rows = parse(response.body, { columns: true }) as Array<Record<string, string>>
    expect(rows.map((row) => row['slug'])).toEqual(['southern-syria-demilitarisation-proposal', 'israel-sweida-humanitarian-corridor', 'kobani-dmz-proposal', 'turkey-israel-deconfliction-mechanism', 'bravo-line-observation-posts'])
    const kobani = rows.find((row) => row['slug'] === 'kobani-dmz-proposal')!
    expect(kobani['wkt']).toMatch(/^POLYGON\(\(/)
    expect(kobani['description']).toBe(`'=HYPERLINK("http://evil.example")`)
    expect(kobani['parties']).toMatch(/sdf:/)
    const southWest = parse((await source.app.inject('/zones?format=csv&sponsor=jordan&as_of=2017-12-31')).body, { columns: true }) as Array<Record<string, string>>
    expect(southWest.map((row) => [row['slug'], row['status'], row['sponsors']])).toEqual([['south-west-de-escalation-zone', 'active', 'Jordan; Russia; United States']])
  })
})
