import { describe, expect, it } from 'vitest'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'
import { expectedMap, renderedMap, urlDate } from './helpers/map-truth.ts'

/**
 * When the zones of another date cannot be loaded (the network is down), the page goes on saying
 * the date its map shows, says what failed and offers to try again.
 */
describe('a date whose zones cannot be loaded', () => {
  const app = useBrowserApp()

  it('keeps the header, the URL and the map on the date shown, and loads the new date on "Try again"', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-09')
    const { page } = watched
    app.pages.allow(watched, [/request failed: .*as_of=/, /console\.(error|warning): .*(Failed to load resource|could not be loaded)/])
    const dateRequests = (url: URL) => url.pathname === '/zones' && url.searchParams.has('as_of')
    const shown = await expectedMap(app.server.app, '2017-07-09')
    await expect.poll(() => renderedMap(page)).toEqual(shown)
    const header = page.locator('.ta-time-status')
    const before = await header.textContent()

    await page.route(dateRequests, (route) => route.abort('internetdisconnected'))
    await page.getByRole('button', { name: 'Next change' }).click()
    const alert = page.locator('.ta-load-error')
    await expect.poll(() => alert.textContent()).toMatch(/could not be loaded.*still shows 9 July 2017/s)
    expect(await header.textContent()).toBe(before)
    expect(urlDate(page)).toBe('2017-07-09')
    expect(await renderedMap(page)).toEqual(shown)
    await saveScreenshot(page, 'load-failure-kept-date')

    await page.unroute(dateRequests)
    await page.getByRole('button', { name: 'Try again' }).click()
    await expect.poll(() => urlDate(page)).not.toBe('2017-07-09')
    const date = urlDate(page)!
    expect(date > '2017-07-09').toBe(true)
    await expect.poll(() => renderedMap(page)).toEqual(await expectedMap(app.server.app, date))
    await expect.poll(() => alert.count()).toBe(0)
  })
})
