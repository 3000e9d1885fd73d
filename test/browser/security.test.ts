import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.ts'
import { tileImageSource } from '../../server/http/security-headers.ts'
import clientRoutes from '../../server/routes/client.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { gotoApp, openPage, saveScreenshot } from './helpers/browser.ts'

/** The headers the client relies on, and the pages that must keep working under them. */
describe('security headers and the client routes', () => {
  const app = useBrowserApp()

  it('sends a strict Content-Security-Policy with no inline script or style', async () => {
    const response = await app.server.app.inject({ method: 'GET', url: '/' })
    expect(response.statusCode).toBe(200)
    const csp = String(response.headers['content-security-policy'])
    const directives = Object.fromEntries(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(' ')]))
    expect(directives).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob: https://tile.openstreetmap.org",
      'connect-src': "'self'",
      'object-src': "'none'",
      'frame-ancestors': "'none'",
      'base-uri': "'self'",
    })
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    // The API answers with the same policy (every response gets the headers).
    const api = await app.server.app.inject({ method: 'GET', url: '/zones?limit=1' })
    expect(api.headers['content-security-policy']).toBe(csp)
  })

  it('caches hashed assets for a year and revalidates index.html', async () => {
    const index = await app.server.app.inject({ method: 'GET', url: '/' })
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(index.headers['content-type']).toMatch(/^text\/html/)
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1]
    expect(script).toBeDefined()
    const asset = await app.server.app.inject({ method: 'GET', url: script! })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    // The API is untouched by the catch-all, and unknown paths are still problems.
    const missing = await app.server.app.inject({ method: 'GET', url: '/no-such-page' })
    expect(missing.statusCode).toBe(404)
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/)
  })

  it("asks for the map's data by data version once it knows it, and those answers are immutable", async () => {
    const watched = await app.pages.open(app.browser, app.server.url)
    const answers: Array<{ address: string; cacheControl: string }> = []
    watched.page.on('response', (response) => {
      const url = new URL(response.url())
      if (url.pathname.startsWith('/zones')) answers.push({ address: url.pathname + url.search, cacheControl: response.headers()['cache-control'] ?? '' })
    })
    await gotoApp(watched, `${app.server.url}/?zone=siege-of-raqqa`)
    await expect.poll(() => answers.some(({ address }) => address.startsWith('/zones/siege-of-raqqa/history'))).toBe(true)
    // The first read learns the version; the zone's history, read for its card, asks by it.
    expect(answers[0]!.address).not.toMatch(/[?&]v=/)
    const history = answers.find(({ address }) => address.startsWith('/zones/siege-of-raqqa/history'))!
    expect(history.address).toMatch(/[?&]v=\d+/)
    for (const answer of answers.filter(({ address }) => /[?&]v=/.test(address))) expect(answer.cacheControl, answer.address).toBe('public, max-age=31536000, immutable')
    await expect.poll(() => watched.page.locator('.ta-card-title').first().textContent()).toContain('Raqqa')
  })

  it('gives the page its settings at /client-config.json', async () => {
    const response = await app.server.app.inject({ method: 'GET', url: '/client-config.json' })
    expect(response.json()).toEqual({
      tiles: { url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors', attributionUrl: 'https://www.openstreetmap.org/copyright' },
    })
  })

  it('derives the CSP image source from TILE_URL', () => {
    expect(tileImageSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org')
    expect(tileImageSource('https://{s}.tile.example.org:8443/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org:8443')
    expect(tileImageSource('')).toBeNull()
    expect(() => tileImageSource('javascript:alert(1)')).toThrow(/TILE_URL/)
  })

  it('answers 503 with what to run when the client is not built', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-no-client-'))
    const logged: string[] = []
    const bare = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => logged.push(line) } } })
    bare.decorate('config', loadConfig({ LOG_LEVEL: 'silent' }))
    try {
      await bare.register(clientRoutes, { root: empty })
      const response = await bare.inject({ method: 'GET', url: '/' })
      expect(response.statusCode).toBe(503)
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(response.json()).toMatchObject({ status: 503, title: 'Service Unavailable', detail: expect.stringContaining('npm run build') })
      expect(logged.join('')).toContain('npm run build')
    } finally {
      await bare.close()
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('keeps /docs (Swagger UI) rendering under its own policy', async () => {
    const watched = await openPage(app.browser, app.server.url)
    try {
      await watched.page.goto(`${app.server.url}/docs`)
      await watched.page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 })
      await expect(watched.page.locator('.swagger-ui .info .title').textContent()).resolves.toContain('Truce Atlas API')
      await expect.poll(() => watched.page.locator('.opblock-tag-section').count()).toBeGreaterThan(0)
      await saveScreenshot(watched.page, 'docs')
      // Its policy (DOCS_CSP) allows the one <style> Swagger UI writes by its hash: no error at all.
      expect(watched.problems).toEqual([])
      expect(watched.dialogs).toEqual([])
    } finally {
      await watched.page.context().close()
    }
  })
})
