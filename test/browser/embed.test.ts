import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Frame, Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { enableTestHooks, saveScreenshot } from './helpers/browser.ts'
import { zonesFromApi } from './helpers/expected.ts'

const EMBED_QUERY = '?date=2017-07-09&status=active'

/**
 * The embed inside a page of another site: a second local server (another origin) serves a page
 * with an <iframe> of /embed, which draws the zones of its date; the map page itself in an iframe
 * is refused. The map page's Share dialog gives the link and the iframe code of that view.
 */
describe('the embed and the Share dialog', () => {
  const app = useBrowserApp()
  /** The other site: it serves `hostPage` at /, whatever the test put there. */
  let host: Server
  let hostUrl: string
  let hostPage = ''

  beforeAll(async () => {
    host = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage))
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve))
    // localhost, not 127.0.0.1: another host and port, so another origin and another site.
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())))

  /** A page of the other site holding `body`, watched for errors; requests go only to the two local servers. */
  async function openHostPage(body: string): Promise<{ page: Page; problems: string[] }> {
    hostPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title></head><body style="margin:8px;font-family:serif"><h1>An article about the zones</h1>${body}</body></html>`
    const context = await app.browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB' })
    await enableTestHooks(context)
    const allowed = new Set([new URL(app.server.url).origin, hostUrl])
    await context.route('**/*', (route) => (allowed.has(new URL(route.request().url()).origin) ? route.continue() : route.abort('internetdisconnected')))
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`))
    await page.goto(`${hostUrl}/`)
    return { page, problems }
  }

  async function frameOf(page: Page, path: RegExp): Promise<Frame> {
    await expect.poll(() => page.frames().some((frame) => path.test(frame.url()))).toBe(true)
    return page.frames().find((frame) => path.test(frame.url()))!
  }

  const drawnIn = (frame: Frame) =>
    frame.evaluate(() => {
      const drawn: Record<string, string> = {}
      for (const element of Array.from(document.querySelectorAll('#map .ta-zone-shape[data-zone]'))) drawn[element.getAttribute('data-zone')!] = element.getAttribute('data-status') ?? ''
      return drawn
    })

  it("draws the zones of the embed's date inside another site's page, with a popup linking to the full map", async () => {
    const { page, problems } = await openHostPage(`<iframe id="embed" src="${app.server.url}/embed${EMBED_QUERY.replace('&', '&amp;')}" width="640" height="480" title="Zones" style="border:1px solid #999"></iframe>`)
    try {
      const frame = await frameOf(page, /\/embed\?/)
      await frame.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
      await frame.waitForSelector('#map[data-basemap="ready"]', { timeout: 20_000 })
      const expected = await zonesFromApi(app.server.app, `?as_of=2017-07-09&status=active`)
      expect(Object.keys(expected.drawn).length).toBeGreaterThan(3)
      expect(await drawnIn(frame)).toEqual(expected.drawn)
      await expect(frame.getAttribute('#map', 'data-zones-drawn')).resolves.toBe(String(Object.keys(expected.drawn).length))
      await expect(frame.locator('.ta-embed-date').textContent()).resolves.toBe('Zones on 9 July 2017')
      // The map alone: no panel, no time slider, no sign-in.
      for (const absent of ['#panel', '#timebar', '.ta-account', '.ta-share-button']) await expect(frame.locator(absent).count(), absent).resolves.toBe(0)
      await expect(frame.locator('.ta-legend.ta-legend-compact[open]').count()).resolves.toBe(1)
      await expect(frame.locator('.ta-legend li:not(.is-empty)', { hasText: 'Active' }).locator('.ta-legend-count').textContent()).resolves.toBe(String(Object.keys(expected.drawn).length))
      // The embed's pixels show the zones: drawn inside the frame as the page sees it.
      await saveScreenshot(page, 'embed-in-article')

      const slug = Object.keys(expected.drawn).find((zone) => expected.drawn[zone] === 'active')!
      await frame.locator(`#map .ta-zone-shape.ta-area[data-zone="${slug}"]`).first().click({ force: true })
      const popup = frame.locator(`.ta-embed-popup[data-zone="${slug}"]`)
      await frame.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')!).opacity === '1')
      await expect(popup.locator('.ta-embed-popup-status').textContent()).resolves.toMatch(/^Active since \d{1,2} \w+ \d{4}$/)
      const link = popup.getByRole('link', { name: 'Open in Truce Atlas' })
      await expect(link.getAttribute('target')).resolves.toBe('_blank')
      const href = new URL((await link.getAttribute('href'))!)
      expect(href.origin).toBe(new URL(app.server.url).origin)
      expect(href.pathname).toBe('/')
      expect(Object.fromEntries(href.searchParams)).toMatchObject({ date: '2017-07-09', status: 'active', zone: slug })
      expect(href.searchParams.get('map')).toMatch(/^[\d.]+\/[\d.-]+\/[\d.-]+$/)
      await saveScreenshot(page, 'embed-popup')
      expect(problems).toEqual([])
    } finally {
      await page.context().close()
    }
  })

  it('refuses to show the map page itself in a frame of another site', async () => {
    const { page, problems } = await openHostPage(`<iframe id="map-page" src="${app.server.url}/?date=2017-07-09" width="640" height="480" title="Map"></iframe>`)
    try {
      await expect.poll(() => problems.some((problem) => /frame-ancestors/.test(problem))).toBe(true)
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!
      // Chromium leaves an error page in the frame: never the map.
      await expect.poll(() => frame.evaluate(() => document.querySelector('#map, .ta-header') === null).catch(() => true)).toBe(true)
      expect(frame.url()).not.toBe(`${app.server.url}/?date=2017-07-09`)
      expect(problems.every((problem) => /frame-ancestors/.test(problem))).toBe(true)
    } finally {
      await page.context().close()
    }
  })

  it("the Share dialog gives the view's link (copied to the clipboard) and an iframe code that shows the same zones", async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, `/${EMBED_QUERY}`, { permissions: ['clipboard-read', 'clipboard-write'] })
    const { page } = watched
    // Moved by the keyboard, so the view is the reader's own, in the link.
    await page.locator('#map').focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => new URL(page.url()).searchParams.get('map')).not.toBeNull()
    await page.getByRole('button', { name: 'Share' }).click()
    const dialog = page.getByRole('dialog', { name: 'Share this map' })
    await expect(dialog.isVisible()).resolves.toBe(true)
    const link = new URL(await dialog.getByLabel('Link', { exact: true }).inputValue())
    expect(link.origin + link.pathname).toBe(`${app.server.url}/`)
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ date: '2017-07-09', status: 'active' })
    expect(link.searchParams.get('map')).toBe(new URL(page.url()).searchParams.get('map'))

    await dialog.getByRole('button', { name: 'Copy link' }).click()
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Copied to the clipboard.')
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(link.href)

    const code = dialog.getByLabel('Code of the embed')
    await expect(code.inputValue()).resolves.toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\?status=active&amp;date=2017-07-09&amp;map=[^"]+" width="640" height="480" title="[^"]+" style="border:0" loading="lazy"><\/iframe>$/)
    await dialog.getByLabel('Size').selectOption('small')
    await dialog.getByLabel('Show the legend').uncheck()
    await dialog.getByLabel(/^Pin to the record/).check()
    const pinned = await code.inputValue()
    expect(pinned).toContain('width="480" height="360"')
    expect(pinned).toMatch(/&amp;recorded_as_of=\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z&amp;/)
    expect(pinned).toContain('&amp;legend=off')
    await dialog.getByRole('button', { name: 'Copy code' }).click()
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(pinned)
    await saveScreenshot(page, 'share-dialog')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog.isVisible()).resolves.toBe(false)

    // The code, pasted into the other site's page, shows the same zones, as recorded then, without the legend.
    const { page: article, problems } = await openHostPage(pinned)
    try {
      const frame = await frameOf(article, /\/embed\?/)
      await frame.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
      const expected = await zonesFromApi(app.server.app, `?as_of=2017-07-09&status=active`)
      expect(await drawnIn(frame)).toEqual(expected.drawn)
      await expect(frame.locator('.ta-legend').count()).resolves.toBe(0)
      await expect(frame.locator('.ta-embed-recorded').textContent()).resolves.toMatch(/^As recorded on \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC$/)
      await expect(frame.getAttribute('#map', 'data-view')).resolves.toBeNull() // not moved yet: the shared view as given
      await saveScreenshot(article, 'embed-pinned-small')
      expect(problems).toEqual([])
    } finally {
      await article.context().close()
    }
  })
})
