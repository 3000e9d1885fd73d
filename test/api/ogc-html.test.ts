import { describe, expect, it } from 'vitest'
import { SEED_ZONES } from '../helpers/seed-zone-count.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'

const service = useTestApp()

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'

/** An HTML page: well-formed enough, with no script or inline style, under a strict CSP. */
async function page(url: string, accept?: string): Promise<string> {
  const response = await request(service.app, { url, headers: accept ? { accept } : {} })
  expect(response.status, `${url}: ${response.text.slice(0, 300)}`).toBe(200)
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
  const csp = String(response.headers['content-security-policy'])
  expect(csp).toMatch(/default-src '(self|none)'/)
  expect(csp).not.toMatch(/unsafe-inline/)
  expect(String(response.headers.vary)).toMatch(/accept/i)
  const html = response.text
  expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true)
  expect(html).toMatch(/<\/html>\n$/)
  // (every attribute value the pages write is quoted, so an unquoted on...= is escaped text)
  expect(html).not.toMatch(/<script|<style|\sstyle="|\son[a-z]+="|javascript:/i)
  return html
}

describe(`HTML pages of /ogc on ${backend}`, () => {
  it.each([
    ['/ogc', 'Truce Atlas OGC API'],
    ['/ogc/conformance', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html'],
    ['/ogc/collections', 'Observation posts'],
    ['/ogc/collections/siege', 'Sieges'],
    ['/ogc/collections/siege/queryables', 'geometry-any'],
    ['/ogc/collections/siege/items', 'Siege of Raqqa'],
    ['/ogc/collections/siege/items/5', 'Islamic State (ISIS) (besieged)'],
  ])('%s is a page for people with f=html, and for browsers', async (url, text) => {
    const withF = await page(`${url}?f=html`)
    expect(withF).toContain(text)
    expect(await page(url, BROWSER_ACCEPT)).toBe(withF)
  })

  it('gives JSON to clients that do not prefer HTML', async () => {
    for (const accept of ['*/*', 'application/json', 'application/geo+json, application/json', 'text/html;q=0.5, application/json', 'text/html, application/json']) {
      const response = await service.app.inject({ url: '/ogc/collections/siege/items', headers: { accept } })
      expect(response.headers['content-type'], accept).toBe('application/geo+json; charset=utf-8')
    }
    const json = await service.app.inject({ url: '/ogc/collections/siege/items?f=json', headers: { accept: BROWSER_ACCEPT } })
    expect(json.headers['content-type']).toBe('application/geo+json; charset=utf-8')
  })

  it('links pages to pages: breadcrumbs, items, features and the JSON alternate', async () => {
    const items = await page('/ogc/collections/zones/items?f=html&limit=5')
    expect(items).toContain('<a href="http://localhost:80/ogc/collections/zones/items/5?f=html">5</a>')
    expect(items).toContain('href="http://localhost:80/ogc/collections/zones/items?f=html&amp;limit=5&amp;offset=5" rel="next"')
    expect(items).toContain(`Features 1 to 5 of ${SEED_ZONES.length}.`)
    expect(items).toContain('<link rel="alternate" type="application/geo+json" href="http://localhost:80/ogc/collections/zones/items?f=json&amp;limit=5">')
    expect(items).toContain('<a href="http://localhost:80/ogc?f=html">Truce Atlas OGC API</a>')
    const lastOffset = Math.floor((SEED_ZONES.length - 1) / 5) * 5
    const last = await page(`/ogc/collections/zones/items?f=html&limit=5&offset=${lastOffset}`)
    expect(last).toContain(`Features ${lastOffset + 1} to ${SEED_ZONES.length} of ${SEED_ZONES.length}.`)
    expect(last).toContain('rel="prev"')
    expect(last).not.toContain('rel="next"')
  })

  it('shows the filter form filled in, and the filtered features', async () => {
    const html = await page(`/ogc/collections/zones/items?f=html&filter=${encodeURIComponent("kind = 'siege'")}`)
    expect(html).toContain('value="kind = &#39;siege&#39;"')
    expect(html).toContain('Features 1 to 7 of 7.')
  })

  it('escapes every text it shows: zone names, filters and links', async () => {
    const hostile = `<script>alert("x")</script> & 'quotes' <img src=x onerror=alert(1)>`
    const [{ name }] = await service.db.knex('zones').where({ id: 5 }).select('name')
    await service.db.knex('zones').where({ id: 5 }).update({ name: hostile, geometry_note: hostile })
    try {
      const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &lt;img src=x onerror=alert(1)&gt;'
      for (const url of ['/ogc/collections/siege/items?f=html', '/ogc/collections/siege/items/5?f=html']) {
        const html = await page(url)
        expect(html, url).toContain(escaped)
        expect(html, url).not.toContain(hostile)
      }
      const filter = `name = '"><script>alert(1)</script>'`
      const html = await page(`/ogc/collections/zones/items?f=html&filter=${encodeURIComponent(filter)}`)
      expect(html).toContain('value="name = &#39;&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;"')
    } finally {
      await service.db.knex('zones').where({ id: 5 }).update({ name, geometry_note: null })
    }
  })

  it('still answers errors as problem+json', async () => {
    for (const url of ['/ogc/collections/fortresses?f=html', '/ogc/collections/siege/items/6?f=html', `/ogc/collections/zones/items?f=html&filter=${encodeURIComponent('password = 1')}`]) {
      const response = await service.app.inject({ url, headers: { accept: BROWSER_ACCEPT } })
      expect(response.headers['content-type'], url).toBe('application/problem+json; charset=utf-8')
    }
  })
})
