import { request as httpRequest } from 'node:http'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'
import type { AddressInfo } from 'node:net'
import { check } from '@placemarkio/check-geojson'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { bulkInsertZones } from '../../server/storage/sql/bulk-insert.ts'
import { DATA_VERSION_SQL } from '../../server/storage/sql/data-version.ts'
import { MATCH_COUNT_CAP, STREAM_CHUNK } from '../../server/storage/repositories/zone-features-repository.ts'
import { syntheticParties, syntheticZones } from '../bench/synthetic-zones.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { expectMatchesSchema, zoneResponseValidators } from '../helpers/response-schemas.ts'

const SYNTHETIC = 1100
const SEEDED = SEED_ZONES.length

const service = useTestApp({
  prepare: async (db) => {
    await db.knex('parties').insert(syntheticParties())
    await bulkInsertZones(db.knex, syntheticZones(SYNTHETIC, 7), { recordedBy: 'test' })
  },
})

const TOTAL = SEEDED + SYNTHETIC
const schemas = zoneResponseValidators()

describe(`limit=all streams every zone on ${backend}`, () => {
  it('answers one valid FeatureCollection with every zone once, in id order, counted at the end', async () => {
    const response = await request(service.app, '/zones?limit=all&properties=slug&precision=3')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8')
    expect(() => check(response.text)).not.toThrow()
    const ids = response.body.features.map((feature: { id: number }) => feature.id)
    expect(ids).toHaveLength(TOTAL)
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b))
    expect(new Set(ids).size).toBe(TOTAL)
    expect(response.body).toMatchObject({ numberMatched: TOTAL, numberReturned: TOTAL, links: [{ rel: 'self' }] })
    expectMatchesSchema(schemas.zoneCollection, response.body)
    expectMatchesSchema(schemas.zoneCollection, (await request(service.app, '/zones?limit=all')).body, 'every zone with all its properties')
  })

  it('reads the zones in chunks of a few hundred, each a query of its own, and keeps the filters', async () => {
    const pages: string[] = []
    const onQuery = (query: { sql: string }) => {
      if (query.sql.includes('row_number() over')) pages.push(query.sql)
    }
    service.db.knex.on('query', onQuery)
    try {
      const all = await request(service.app, '/zones?limit=all&geometry=false&properties=slug')
      expect(all.body.numberReturned).toBe(TOTAL)
    } finally {
      service.db.knex.off('query', onQuery)
    }
    expect(pages).toHaveLength(Math.ceil(TOTAL / STREAM_CHUNK))
    const proposed = await request(service.app, '/zones?limit=all&status=proposed&geometry=false&properties=status')
    expect(proposed.body.features.length).toBeGreaterThan(0)
    expect(proposed.body.features.every((feature: { properties: { status: string } }) => feature.properties.status === 'proposed')).toBe(true)
  })

  it('sends the first features before it has read the last (the reads wait for the client)', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const chunksRead: number[] = []
    const original = service.app.zoneFeatures.streamChunks
    // Hold the stream after its first chunk: the client must get bytes while the rest is unread.
    service.app.zoneFeatures.streamChunks = async function* gated(...read) {
      for await (const chunk of original(...read)) {
        chunksRead.push(chunk.count)
        yield chunk
        if (chunksRead.length === 1) await gate
      }
    }
    await service.app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const { port } = service.app.server.address() as AddressInfo
      const seen: { transferEncoding?: string | undefined; start?: string; chunksReadThen?: number } = {}
      const body = await new Promise<string>((resolve, reject) => {
        const outgoing = httpRequest({ host: '127.0.0.1', port, path: '/zones?limit=all&properties=slug' }, (response) => {
          let text = ''
          response.setEncoding('utf8')
          response.on('data', (data: string) => {
            if (text === '') {
              Object.assign(seen, { transferEncoding: response.headers['transfer-encoding'], start: data.slice(0, 27), chunksReadThen: chunksRead.length })
              release()
            }
            text += data
          })
          response.on('end', () => resolve(text))
          response.on('error', reject)
        })
        outgoing.on('error', reject)
        outgoing.end()
      })
      expect(seen).toEqual({ transferEncoding: 'chunked', start: '{"type":"FeatureCollection"', chunksReadThen: expect.any(Number) })
      // The first bytes came while the stream was held after its first chunk: nothing more had been read.
      expect(seen.chunksReadThen).toBeLessThanOrEqual(1)
      expect(chunksRead.length).toBe(Math.ceil(TOTAL / STREAM_CHUNK))
      expect(JSON.parse(body).numberReturned).toBe(TOTAL)
    } finally {
      service.app.zoneFeatures.streamChunks = original
    }
  })

  it('refuses limit=all for CSV and KML, which are paged', async () => {
    for (const format of ['csv', 'kml']) {
      const response = await request(service.app, `/zones?limit=all&format=${format}`)
      expect(response.status).toBe(400)
      expect(response.body.errors).toEqual([{ where: 'query.limit', message: expect.stringMatching(/GeoJSON only/) }])
    }
    expect((await request(service.app, '/zones?limit=al')).status).toBe(400)
  })
})

describe(`pages larger than one chunk on ${backend}`, () => {
  it('are read a chunk at a time, with the ETag of the data version and the same features as smaller pages', async () => {
    const pages: string[] = []
    const onQuery = (query: { sql: string }) => {
      if (query.sql.includes('row_number() over')) pages.push(query.sql)
    }
    service.db.knex.on('query', onQuery)
    const big = await request(service.app, `/zones?limit=${STREAM_CHUNK * 2 + 10}&properties=slug&precision=3`).finally(() => service.db.knex.off('query', onQuery))
    expect(big.status).toBe(200)
    expect(pages).toHaveLength(3)
    expect(() => check(big.text)).not.toThrow()
    expect(big.body.numberReturned).toBe(STREAM_CHUNK * 2 + 10)
    expectMatchesSchema(schemas.zoneCollection, big.body)
    const small = await request(service.app, `/zones?limit=${STREAM_CHUNK}&properties=slug&precision=3`)
    expect(big.body.features.slice(0, STREAM_CHUNK)).toEqual(small.body.features)
    const etag = big.headers.etag as string
    expect(etag).toMatch(/^"zones-\d+-/)
    const url = `/zones?limit=${STREAM_CHUNK * 2 + 10}&properties=slug&precision=3`
    expect((await service.app.inject({ url, headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    const next = new URL(big.body.links.find((link: { rel: string }) => link.rel === 'next').href)
    const rest = await request(service.app, `${next.pathname}${next.search}`)
    expectMatchesSchema(schemas.zoneCollection, rest.body, 'the next page')
    const ids = [...big.body.features, ...rest.body.features].map((feature: { id: number }) => feature.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })
})

describe(`CSV and KML pages larger than one chunk on ${backend}`, () => {
  const LIMIT = STREAM_CHUNK * 2 + 10

  it('write one KML document with every placemark of the page once, in id order', async () => {
    const response = await service.app.inject(`/zones?format=kml&limit=${LIMIT}`)
    expect(response.statusCode).toBe(200)
    expect(response.headers.etag).toMatch(/^"zones-\d+-/)
    expect(response.body.match(/<kml /g)).toHaveLength(1)
    expect(response.body.match(/<Document>/g)).toHaveLength(1)
    expect(response.body.endsWith('</Document></kml>')).toBe(true)
    const ids = [...response.body.matchAll(/<Placemark id="zone-(\d+)">/g)].map((match) => Number(match[1]))
    expect(ids).toHaveLength(LIMIT)
    expect(new Set(ids).size).toBe(LIMIT)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('write one CSV header and a line for every zone of the page once, in id order', async () => {
    const response = await service.app.inject(`/zones?format=csv&limit=${LIMIT}`)
    expect(response.statusCode).toBe(200)
    const rows = parse(response.body, { columns: true }) as Array<{ id: string }>
    expect(response.body.match(/^id,slug,/gm)).toHaveLength(1)
    const ids = rows.map((row) => Number(row.id))
    expect(ids).toHaveLength(LIMIT)
    expect(new Set(ids).size).toBe(LIMIT)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })
})

describe(`OGC items pages larger than one chunk on ${backend}`, () => {
  it('are read a chunk at a time from the offset, with the same features, counts and links as the pages they span', async () => {
    const limit = STREAM_CHUNK * 2 + 10
    const offset = 5
    const big = await request(service.app, `/ogc/collections/zones/items?limit=${limit}&offset=${offset}`)
    expect(big.status).toBe(200)
    expect(() => check(big.text)).not.toThrow()
    expect(big.body).toMatchObject({ type: 'FeatureCollection', numberReturned: limit, timeStamp: expect.any(String) })
    expect(big.body.numberMatched).toBeUndefined()
    const firstPart = await request(service.app, `/ogc/collections/zones/items?limit=${STREAM_CHUNK}&offset=${offset}`)
    const secondPart = await request(service.app, `/ogc/collections/zones/items?limit=${limit - STREAM_CHUNK}&offset=${offset + STREAM_CHUNK}`)
    expect(big.body.features).toEqual([...firstPart.body.features, ...secondPart.body.features])
    expect(big.body.timeStamp).toBe(firstPart.body.timeStamp)
    const next = big.body.links.find((link: { rel: string }) => link.rel === 'next')
    expect(new URL(next.href).searchParams.get('offset')).toBe(String(offset + limit))
    const etag = big.headers.etag as string
    expect((await service.app.inject({ url: `/ogc/collections/zones/items?limit=${limit}&offset=${offset}`, headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    const last = await request(service.app, `/ogc/collections/zones/items?limit=${limit}&offset=${TOTAL - (limit - 10)}`)
    expect(last.body.numberReturned).toBe(limit - 10)
    expect(last.body.links.some((link: { rel: string }) => link.rel === 'next')).toBe(false)
  })
})

describe(`numberMatched past ${MATCH_COUNT_CAP} on ${backend}`, () => {
  it('is left out when more zones match than the count goes to, and paging still works', async () => {
    const first = await request(service.app, '/zones?limit=600&geometry=false&properties=slug')
    expect(first.status).toBe(200)
    expect(first.body.numberMatched).toBeUndefined()
    expect(first.body.numberReturned).toBe(600)
    const next = first.body.links.find((link: { rel: string }) => link.rel === 'next')
    const second = await request(service.app, new URL(next.href).pathname + new URL(next.href).search)
    expect(second.body.numberReturned).toBe(TOTAL - 600)
    expect(second.body.links.some((link: { rel: string }) => link.rel === 'next')).toBe(false)
    const few = await request(service.app, '/zones?status=proposed&kind=siege&limit=5&geometry=false')
    expect(few.body.numberMatched).toBeGreaterThan(0)
    expect(few.body.numberMatched).toBeLessThanOrEqual(MATCH_COUNT_CAP)
  })
})

describe(`OGC items past ${MATCH_COUNT_CAP} matches on ${backend}`, () => {
  it('leaves numberMatched out, and still links the next page while features remain', async () => {
    const first = await request(service.app, '/ogc/collections/zones/items?limit=600')
    expect(first.status).toBe(200)
    expect(first.body.numberMatched).toBeUndefined()
    expect(first.body.numberReturned).toBe(600)
    const next = first.body.links.find((link: { rel: string }) => link.rel === 'next')
    expect(new URL(next.href).searchParams.get('offset')).toBe('600')
    const second = await request(service.app, new URL(next.href).pathname + new URL(next.href).search)
    expect(second.body.numberReturned).toBe(TOTAL - 600)
    expect(second.body.links.some((link: { rel: string }) => link.rel === 'next')).toBe(false)
    const html = await service.app.inject({ url: '/ogc/collections/zones/items?limit=10', headers: { accept: 'text/html' } })
    expect(html.body).toContain(`Features 1 to 10 of more than ${MATCH_COUNT_CAP}.`)
  })
})

describe(`a page of up to ${STREAM_CHUNK} on ${backend}`, () => {
  it('reads its features, numberMatched and data version in one statement, so the count agrees with the page', async () => {
    const expected = Number((await service.db.knex('zones').where({ status: 'proposed', archived: false }).count('* as count').first())!.count)
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThanOrEqual(MATCH_COUNT_CAP)
    for (const url of ['/zones?status=proposed&limit=50&geometry=false', '/ogc/collections/zones/items?limit=50&status=proposed']) {
      const statements: string[] = []
      const onQuery = (query: { sql: string }) => statements.push(query.sql)
      service.db.knex.on('query', onQuery)
      const response = await request(service.app, url)
      service.db.knex.off('query', onQuery)
      expect(response.status, url).toBe(200)
      expect(response.body.numberMatched, url).toBe(expected)
      expect(response.body.numberReturned, url).toBe(Math.min(50, expected))
      // Besides the response cache's own read of the data version.
      expect(statements.filter((sql) => sql !== `select ${DATA_VERSION_SQL} as version`), url).toHaveLength(1)
    }
  })
})
