import type { Knex } from 'knex'
import { beforeAll, describe, expect, it } from 'vitest'
import { migrationSource } from '../../migrations/index.ts'
import { featureText, type FeatureShape, type FeatureText } from '../../server/storage/sql/feature-collection.ts'
import { storedZoneFeature } from '../../server/storage/sql/stored-zone-features.ts'
import { ZONE_FEATURES } from '../../server/storage/sql/zone-features.ts'
import { ZONE_PROPERTIES, zonesSource } from '../../server/storage/sql/zone-sql.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { request } from '../helpers/inject.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { square } from '../helpers/zones.ts'

/**
 * The zones' features are kept as text (migration 020) and read from it. What is kept must be, byte
 * for byte, what PostgreSQL builds for the zones as they stand, after every kind of write, inside the
 * writing transaction, and when writes race.
 */
const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let admin: Record<string, string>

beforeAll(async () => {
  await createAccount(service.app, 'root', 'admin')
  admin = await apiToken(service.app, await signIn(service.app, 'root'))
})

const baseUrl = 'https://atlas.example.org/api'
/** The shapes kept: every property in English and Arabic, each zoom's outline, a few properties, no outline. */
const SHAPES: FeatureShape[] = [
  { properties: ZONE_PROPERTIES, geometry: true, precision: 6, baseUrl },
  { properties: ZONE_PROPERTIES, geometry: true, precision: 6, baseUrl, language: 'ar' },
  { properties: ZONE_PROPERTIES, geometry: true, precision: 6, baseUrl, zoom: 4 },
  { properties: ZONE_PROPERTIES, geometry: true, precision: 6, baseUrl, zoom: 6 },
  { properties: ZONE_PROPERTIES, geometry: true, precision: 6, baseUrl, zoom: 8 },
  { properties: ['slug'], geometry: true, precision: 6, baseUrl, zoom: 10 },
  { properties: ['links', 'status', 'name', 'parties'], geometry: true, precision: 6, baseUrl, zoom: 12, language: 'ar' },
  { properties: [], geometry: false, precision: 6, baseUrl },
]

/** Days of the zones' history to read them as of (with today, without a day). */
const DAYS = [undefined, '2017-05-04', '2018-09-17', '2025-07-20']

/** Every zone's feature on the day (archived ones too) as `feature` writes it, by id. */
async function featureTexts(knex: Knex, asOf: string | undefined, feature: FeatureText): Promise<Map<number, string>> {
  const query = knex.from(zonesSource(knex, asOf)).select('z.id', knex.raw(`${feature.sql} as text`, feature.bindings)).orderBy('z.id')
  for (const join of feature.joins) query.joinRaw(join.sql, join.bindings)
  return new Map((await query).map((row: { id: number; text: string }) => [row.id, row.text]))
}

const BUILT = { ...ZONE_FEATURES, storedFeature: undefined }

async function expectKeptAsBuilt(knex: Knex): Promise<void> {
  for (const asOf of DAYS) {
    for (const shape of asOf === undefined ? SHAPES : [SHAPES[0]!, SHAPES[6]!]) {
      const kept = storedZoneFeature(shape, asOf)
      expect(kept, JSON.stringify(shape)).toBeDefined()
      const texts = await featureTexts(knex, asOf, kept!)
      if (asOf === undefined) expect(texts.size).toBeGreaterThan(10)
      expect(texts, `${asOf} ${JSON.stringify(shape)}`).toEqual(await featureTexts(knex, asOf, featureText(BUILT, { asOf }, shape)))
    }
  }
}

const idOf = async (slug: string): Promise<number> => (await service.db.knex('zones').where({ slug }).first('id')).id
const etagOf = async (slug: string) => (await service.app.inject(`/zones/${slug}`)).headers.etag as string
const keptName = async (knex: Knex, id: number) =>
  (await knex.raw(`select properties->>'name' as name from zone_feature_properties where zone_id = ? and valid_from <= current_date and current_date < valid_to`, [id])).rows[0]?.name

describe(`zones' features kept as text on ${backend}`, () => {
  it('are what the migration writes for the seeded zones, as built', async () => {
    const { knex } = service.db
    const config = { migrationSource, tableName: 'knex_migrations' }
    const [, down] = (await knex.migrate.down(config)) as [number, string[]]
    expect(down).toEqual(['020_create_stored_features'])
    const [, up] = (await knex.migrate.up(config)) as [number, string[]]
    expect(up).toEqual(['020_create_stored_features'])
    const { rows } = await knex.raw('select (select count(*) from zone_boundaries)::int versions, (select count(*) from zone_boundary_outlines)::int outlines')
    expect(rows[0].versions).toBeGreaterThan(10)
    expect(rows[0].outlines).toBe(rows[0].versions)
    await expectKeptAsBuilt(knex)
  })

  it('are refreshed inside the writing transaction, and rolled back with it', async () => {
    const { knex } = service.db
    const id = await idOf('kobani-dmz-proposal')
    const before = await keptName(knex, id)
    await knex
      .transaction(async (trx) => {
        await trx('zones').where({ id }).update({ name: 'Renamed in a transaction' })
        expect(await keptName(trx, id)).toBe(before)
        // The refresh is deferred to the commit; this brings it forward, still inside the transaction.
        await trx.raw('set constraints all immediate')
        expect(await keptName(trx, id)).toBe('Renamed in a transaction')
        await trx('parties').where({ slug: 'russia' }).update({ name: 'Russia (renamed)' })
        await trx.raw(`update sources set url = null where id = (select min(source_id) from zone_sources)`)
        await expectKeptAsBuilt(trx)
        await trx('zones').where({ id }).delete()
        expect((await trx('zone_feature_properties').where({ zone_id: id })).length).toBe(0)
        throw new Error('roll back')
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'))
    expect(await keptName(knex, id)).toBe(before)
    await expectKeptAsBuilt(knex)
  })

  it('follow each kind of write through the API: rename, outline, parties, status, archive', async () => {
    const slug = 'kobani-dmz-proposal'
    const patch = async (payload: object) => {
      const response = await request(service.app, { method: 'PATCH', url: `/zones/${slug}`, headers: { ...admin, 'if-match': await etagOf(slug) }, payload })
      expect(response.status, response.text).toBe(200)
      await expectKeptAsBuilt(service.db.knex)
    }
    await patch({ name: 'Kobani buffer (renamed)', name_ar: 'كوباني' })
    await patch({ geometry: square(38.3, 36.8, 0.2) })
    await patch({ parties: [{ party: 'turkey', role: 'sponsor', note: 'Announced it [S1]' }] })
    const today = (await service.db.knex.raw('select current_date::text as today')).rows[0].today as string
    const status = await request(service.app, {
      method: 'POST', url: `/zones/${slug}/status`, headers: { ...admin, 'if-match': await etagOf(slug) },
      payload: { status: 'rejected', effective_date: today, reason: 'Refused on the day' },
    })
    expect(status.status, status.text).toBe(200)
    await expectKeptAsBuilt(service.db.knex)
    const archived = await request(service.app, { method: 'DELETE', url: `/zones/${slug}`, headers: { ...admin, 'if-match': await etagOf(slug) } })
    expect(archived.status, archived.text).toBe(204)
    await expectKeptAsBuilt(service.db.knex)
  })

  it('keep a status change scheduled for a later day as a period of its own, from that day', async () => {
    const slug = 'sweida-ceasefire-2025'
    const { rows } = await service.db.knex.raw(`select (current_date + 3)::text as day`)
    const day = rows[0].day as string
    const response = await request(service.app, {
      method: 'POST', url: `/zones/${slug}/status`, headers: { ...admin, 'if-match': await etagOf(slug) },
      payload: { status: 'suspended', effective_date: day, reason: 'Suspension announced' },
    })
    expect(response.status, response.text).toBe(200)
    const periods = await service.db.knex.raw(
      `select valid_from::text, valid_to::text, properties->>'status' as status, properties->>'status_since' as since
         from zone_feature_properties where zone_id = ? order by valid_from`, [await idOf(slug)])
    expect(periods.rows).toEqual([
      { valid_from: '-infinity', valid_to: day, status: 'active', since: expect.any(String) },
      { valid_from: day, valid_to: 'infinity', status: 'suspended', since: day },
    ])
    await expectKeptAsBuilt(service.db.knex)
  })

  it('stay as built when writes to one zone, its parties and its sources race', async () => {
    const slug = 'idlib-de-escalation-zone'
    const etag = await etagOf(slug)
    const id = await idOf(slug)
    const responses = await Promise.all([
      request(service.app, { method: 'PATCH', url: `/zones/${slug}`, headers: { ...admin, 'if-match': etag }, payload: { description: 'Raced [S1]' } }),
      request(service.app, { method: 'PATCH', url: '/parties/turkey', headers: admin, payload: { name: 'Türkiye' } }),
      request(service.app, { method: 'PATCH', url: '/parties/russia', headers: admin, payload: { name: 'Russian Federation' } }),
      service.db.knex.raw(`update sources set title = title || ' (raced)' where id in (select source_id from zone_sources where zone_id = ?)`, [id]),
      service.db.knex.raw(`insert into zone_sources (zone_id, source_id) select ?, s.id from sources s where not exists (select 1 from zone_sources x where x.zone_id = ? and x.source_id = s.id) limit 1`, [id, id]),
    ])
    const [zoneEdit, ...partyEdits] = responses.slice(0, 3) as Array<{ status: number; text: string }>
    // Renaming a party moves its zones' versions on: the zone's edit may come second and be refused.
    expect([200, 412], zoneEdit!.text).toContain(zoneEdit!.status)
    for (const response of partyEdits) expect(response.status, response.text).toBe(200)
    await expectKeptAsBuilt(service.db.knex)
  })
})
