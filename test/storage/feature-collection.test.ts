import type { Knex } from 'knex'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/storage/database/database.ts'
import { featureCollectionRepository } from '../../server/storage/repositories/feature-collection-repository.ts'
import type { FeatureCollectionDescription } from '../../server/storage/sql/feature-collection.ts'
import { backend, createTestDatabase } from '../helpers/test-database.ts'

/**
 * A second collection is a description, not new queries: the parties, described by their columns
 * (no shape, a constant version), are read as pages, streams and single features by the same
 * composition as the zones.
 */
interface PartyFilter {
  type?: string
}

const PARTY_FEATURES: FeatureCollectionDescription<PartyFilter> = {
  source: (knex: Knex) => knex.raw('(select p.id, p.slug, p.name, p.type, 1 as version, null::geometry as geom from parties p) as z'),
  joins: [],
  properties: { slug: 'z.slug', name: 'z.name', type: 'z.type', self: "(?::text || '/parties/' || z.slug)" },
  geometryColumn: () => 'z.geom',
  where: (query, filter) => {
    if (filter.type) query.where('z.type', filter.type)
  },
  lastChangeSql: 'null::text',
  exportColumns: { id: 'z.id', slug: 'z.slug' },
}

describe(`a collection described by its columns on ${backend}`, () => {
  let db: Database
  beforeAll(async () => {
    db = await createTestDatabase('seeded')
  })
  afterAll(() => db.close())

  const shape = { properties: ['slug', 'self'], geometry: false, precision: 6, baseUrl: 'https://atlas.example.org' }

  it('reads pages by keyset and offset, streams, one feature and export rows through the same composition', async () => {
    const parties = featureCollectionRepository(db.knex, PARTY_FEATURES)
    const { rows } = await db.knex.raw("select id, slug from parties where type = 'state' order by id")
    const states = rows as Array<{ id: number; slug: string }>
    expect(states.length).toBeGreaterThan(3)

    const first = await parties.readPage({ type: 'state' }, shape, { limit: 2 }, { timeStamp: true })
    expect(JSON.parse(first.featuresJson)).toEqual(
      states.slice(0, 2).map(({ id, slug }) => ({ type: 'Feature', id, geometry: null, properties: { slug, self: `https://atlas.example.org/parties/${slug}` } })),
    )
    expect(first).toMatchObject({ numberMatched: states.length, numberReturned: 2, nextAfter: states[1]!.id, timeStamp: '1970-01-01T00:00:00.000Z' })
    const byOffset = await parties.readPage({ type: 'state' }, shape, { limit: 2, offset: 2 })
    const byKeyset = await parties.readPage({ type: 'state' }, shape, { limit: 2, after: first.nextAfter! })
    expect(byOffset.featuresJson).toBe(byKeyset.featuresJson)

    const streamed: number[] = []
    for await (const chunk of parties.streamChunks({ type: 'state' }, shape, { limit: Number.POSITIVE_INFINITY })) {
      if (chunk.count > 0) streamed.push(...JSON.parse(`[${chunk.json}]`).map((feature: { id: number }) => feature.id))
    }
    expect(streamed).toEqual(states.map(({ id }) => id))

    const one = await parties.readOne(states[0]!.slug, {}, shape)
    expect(one).toMatchObject({ id: states[0]!.id, version: 1 })
    expect(await parties.readOne(states[0]!.slug, { type: 'armed-group' }, shape)).toBeNull()
    expect(await parties.cappedCount({ type: 'state' })).toBe(states.length)

    const exported: Array<{ id: number; slug: string }> = []
    for await (const chunk of parties.streamExportRows<{ id: number; slug: string }>({ type: 'state' }, {}, db.knex.raw('null as shape'))) exported.push(...chunk)
    expect(exported.map(({ id, slug }) => ({ id, slug }))).toEqual(states)
  })
})
