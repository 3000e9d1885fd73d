import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { createAccount, signIn } from '../helpers/accounts.ts'

const service = useTestApp()

const get = (url: string, headers: Record<string, string> = {}) => service.app.inject({ url, headers })
const rename = (name: string) => service.db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ name })

describe(`answers kept in memory on ${backend}`, () => {
  it('serves the second reader of a page from memory, byte for byte, saying so in X-Cache', async () => {
    const first = await get('/zones?status=active&limit=5')
    expect(first.statusCode).toBe(200)
    expect(first.headers['x-cache']).toBe('miss')
    expect(first.headers['data-version']).toMatch(/^\d+$/)
    const second = await get('/zones?status=active&limit=5')
    expect(second.headers).toMatchObject({ 'x-cache': 'hit', 'data-version': first.headers['data-version'], etag: first.headers['etag'], 'content-type': first.headers['content-type'] })
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
    // The same query in another order is the same page.
    expect((await get('/zones?limit=5&status=active')).headers['x-cache']).toBe('hit')
    for (const url of ['/ogc/collections/zones/items?limit=3', '/zones/siege-of-raqqa', '/zones?format=csv&limit=3', '/incidents?limit=2', `/tiles/7/77/50.mvt`]) {
      expect((await get(url)).statusCode, url).toBe(200)
      expect((await get(url)).headers['x-cache'], url).toBe('hit')
    }
  })

  it('answers a change with the new data at once: the next read is made afresh', async () => {
    const before = await get('/zones/siege-of-raqqa')
    await get('/zones/siege-of-raqqa')
    await rename('Siege of Raqqa (renamed)')
    try {
      const after = await get('/zones/siege-of-raqqa')
      expect(after.headers['x-cache']).toBe('miss')
      expect(Number(after.headers['data-version'])).toBeGreaterThan(Number(before.headers['data-version']))
      expect(after.json().properties.name).toBe('Siege of Raqqa (renamed)')
    } finally {
      await rename('Siege of Raqqa')
    }
  })

  it('gives brotli, gzip and the plain body of one answer, each the same JSON, compressed quickly for the first reader, then better', async () => {
    const url = '/zones?limit=10'
    const plain = await get(url)
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' })
    const gzip = await get(url, { 'accept-encoding': 'gzip' })
    expect([br.headers['x-cache'], gzip.headers['x-cache']]).toEqual(['hit', 'hit'])
    expect(br.headers['content-encoding']).toBe('br')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(br.headers['vary']).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true)
    expect(gunzipSync(gzip.rawPayload).equals(plain.rawPayload)).toBe(true)
    expect(JSON.parse(plain.body).features).toHaveLength(10)
    // The readers after the first get a thorough compression once it is made: the same JSON, smaller.
    let later = await get(url, { 'accept-encoding': 'br' })
    for (let attempt = 0; attempt < 100 && later.rawPayload.equals(br.rawPayload); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      later = await get(url, { 'accept-encoding': 'br' })
    }
    expect(later.headers['x-cache']).toBe('hit')
    expect(brotliDecompressSync(later.rawPayload).equals(plain.rawPayload)).toBe(true)
    expect(later.rawPayload.length).toBeLessThan(br.rawPayload.length)
    expect((await get(url, { 'accept-encoding': 'br' })).rawPayload.equals(later.rawPayload)).toBe(true)
  })

  it('never keeps nor serves an answer for someone signed in', async () => {
    await createAccount(service.app, 'cache-editor', 'editor')
    const session = await signIn(service.app, 'cache-editor')
    await get('/zones/siege-of-raqqa')
    const anonymous = await get('/zones/siege-of-raqqa')
    expect(anonymous.headers['x-cache']).toBe('hit')
    expect(anonymous.json().properties).not.toHaveProperty('curation_note')
    for (const headers of [{ cookie: session.cookie }, { authorization: 'Bearer ta_not-a-real-token-but-shaped-as-one' }] as Record<string, string>[]) {
      const personal = await get('/zones/siege-of-raqqa', headers)
      expect(personal.headers['x-cache']).toBeUndefined()
    }
    const editor = await get('/zones/siege-of-raqqa', { cookie: session.cookie })
    expect(editor.json().properties).toHaveProperty('curation_note')
    expect(editor.headers['cache-control']).toBe('private, no-store')
    expect((await get('/zones/siege-of-raqqa')).json().properties).not.toHaveProperty('curation_note')
  })

  it('answers HEAD and If-None-Match from memory', async () => {
    const url = '/zones?limit=4'
    const full = await get(url)
    const head = await service.app.inject({ method: 'HEAD', url })
    expect(head.statusCode).toBe(200)
    expect(head.headers).toMatchObject({ 'x-cache': 'hit', 'content-length': String(full.rawPayload.length), etag: full.headers['etag'] })
    expect(head.body).toBe('')
    const revalidated = await get(url, { 'if-none-match': String(full.headers['etag']) })
    expect(revalidated.statusCode).toBe(304)
    expect(revalidated.headers['x-cache']).toBe('hit')
    expect(revalidated.body).toBe('')
  })

  it('makes a cold page once for readers who ask for it together', async () => {
    const url = '/zones?limit=7&kind=siege'
    const answers = await Promise.all(Array.from({ length: 8 }, () => get(url, { 'accept-encoding': 'br' })))
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(200))
    expect(answers.filter((answer) => answer.headers['x-cache'] === 'miss')).toHaveLength(1)
    // Every copy says it was retrieved at the same instant: one page, made once.
    const bodies = new Set(answers.map((answer) => brotliDecompressSync(answer.rawPayload).toString()))
    expect(bodies.size).toBe(1)
  })

  it('keeps hostile requests out: an over-long key is answered but not kept; encoded names are other pages', async () => {
    const hostile = { 'accept-language': `en;q=0.9,${'x-hostile;q=0.1,'.repeat(400)}` }
    const first = await get('/zones?limit=3', hostile)
    expect(first.statusCode).toBe(200)
    expect(first.headers['x-cache']).toBeUndefined()
    expect((await get('/zones?limit=3', hostile)).headers['x-cache']).toBeUndefined()
    expect((await get('/zones?limit=2&%71=raqqa')).statusCode).toBe(200)
    expect((await get('/zones?%71=raqqa&limit=2')).headers['x-cache']).toBe('miss')
  })
})

describe(`versioned addresses (?v=) on ${backend}`, () => {
  it('answers the current version as immutable and without v in its links; another version is revalidated', async () => {
    const version = String((await get('/zones?limit=2')).headers['data-version'])
    const versioned = await get(`/zones?limit=2&v=${version}`)
    expect(versioned.statusCode).toBe(200)
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(versioned.headers['x-cache']).toBe('hit')
    expect(versioned.json().links[0].href).not.toMatch(/[?&]v=/)
    expect((await get(`/zones?limit=2&v=${version}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const plain = await get('/zones?limit=2')
    expect(plain.headers['cache-control']).toBe('public, no-cache')
    // Made first for a versioned reader, the answer is still revalidated for readers without v.
    const cold = await get(`/zones?limit=6&v=${version}`)
    expect(cold.headers).toMatchObject({ 'x-cache': 'miss', 'cache-control': 'public, max-age=31536000, immutable' })
    expect((await get('/zones?limit=6')).headers).toMatchObject({ 'x-cache': 'hit', 'cache-control': 'public, no-cache' })
    const stale = await get(`/zones?limit=2&v=${Number(version) - 1}`)
    expect(stale.statusCode).toBe(200)
    expect(stale.headers['cache-control']).toBe('public, no-cache')
    expect(stale.headers['data-version']).toBe(version)
  })

  it('refuses a v that is no data version, as problem+json', async () => {
    for (const url of ['/zones?v=abc', '/zones?v=1&v=2', '/ogc/collections/zones/items?v=-1', `/zones?v=${'9'.repeat(40)}`]) {
      const response = await get(url)
      expect(response.statusCode, url).toBe(400)
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
      expect(response.json().errors[0].where).toBe('query.v')
    }
  })
})

describe(`a small response cache on ${backend}`, () => {
  const small = useTestApp({ env: { RESPONSE_CACHE_MB: '0.5' } })

  it('streams a whole-dataset export longer than an eighth of it past, keeping none of it, while shorter pages are kept', async () => {
    const url = '/zones?limit=all'
    const first = await small.app.inject(url)
    expect(first.statusCode).toBe(200)
    expect(first.rawPayload.length).toBeGreaterThan((0.5 * 1024 * 1024) / 8)
    const second = await small.app.inject(url)
    expect(second.headers['x-cache']).toBe('miss')
    expect(JSON.parse(second.body).features.length).toBe(JSON.parse(first.body).features.length)
    await small.app.inject('/zones?limit=1')
    expect((await small.app.inject('/zones?limit=1')).headers['x-cache']).toBe('hit')
  })

  it('keeps an answer near the largest it holds once browsers have asked for it compressed', async () => {
    // A page whose body nearly fills an eighth of the memory: with its brotli and gzip copies it is larger.
    const largest = (0.5 * 1024 * 1024) / 8
    let url = ''
    for (let limit = 1; limit <= 40 && !url; limit += 1) {
      const candidate = `/zones?limit=${limit}&zoom=8`
      const size = (await small.app.inject(candidate)).rawPayload.length
      if (size > largest) break
      if (size > 0.75 * largest) url = candidate
    }
    expect(url, 'a seeded page of 75 % to 100 % of the largest answer kept').not.toBe('')
    const browsers = { 'accept-encoding': 'gzip, deflate, br' }
    expect((await small.app.inject({ url, headers: browsers })).headers['content-encoding']).toBe('br')
    expect((await small.app.inject({ url, headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding']).toBe('gzip')
    for (const headers of [{}, browsers, { 'accept-encoding': 'gzip' }]) {
      expect((await small.app.inject({ url, headers })).headers['x-cache'], JSON.stringify(headers)).toBe('hit')
    }
  })
})
