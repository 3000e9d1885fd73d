import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'

/** Every attribute the page writes for tests alone (client/src/test-hooks.ts). */
const HOOK_ATTRIBUTES = ['data-ready', 'data-editing', 'data-view', 'data-date', 'data-live-version', 'data-zones-drawn', 'data-zones-renderer', 'data-basemap', 'data-governorates']

const hooksWritten = (page: Page) =>
  page.evaluate(
    (attributes) => ({
      // They are on <body> and the map's element (a time mark's data-date is what the slider draws).
      attributes: attributes.filter((name) => document.body.hasAttribute(name) || document.getElementById('map')!.hasAttribute(name)),
      marks: performance.getEntriesByName('zones-drawn').length,
    }),
    HOOK_ATTRIBUTES,
  )

/** The test hooks are written behind one switch, which the tests' pages turn on and a reader's page never does. */
describe('the test hooks', () => {
  const app = useBrowserApp()

  it('are written when the switch is on', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-09')
    const written = await hooksWritten(page)
    expect(written.attributes).toEqual(['data-ready', 'data-view', 'data-date', 'data-zones-drawn', 'data-zones-renderer', 'data-basemap', 'data-governorates'])
    expect(written.marks).toBe(1)
  })

  it('are not written for a reader, whose page starts all the same', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' })
    try {
      const page = await context.newPage()
      // The live feed is opened once the page has drawn the zones and the time slider.
      const feedOpened = page.waitForRequest((request) => new URL(request.url()).pathname === '/events')
      await page.goto(`${app.server.url}/?date=2017-07-09`)
      await feedOpened
      await expect.poll(() => page.locator('#map .ta-zone-shape[data-zone]').count()).toBeGreaterThan(0)
      await expect.poll(() => page.locator('.ta-time-range').count()).toBe(1)
      await page.getByRole('button', { name: 'Sign in' }).waitFor()
      // What is left of the start (the sign-in check) is done by the next frame.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))))
      expect(await hooksWritten(page)).toEqual({ attributes: [], marks: 0 })
    } finally {
      await context.close()
    }
  })
})
