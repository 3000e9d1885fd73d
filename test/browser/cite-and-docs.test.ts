import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'

const ZONE = 'idlib-de-escalation-zone'

/** Collects the page's Content-Security-Policy violations from the start, as the page reports them. */
async function watchPolicyViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { cspViolations: string[] }).cspViolations = seen
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`))
  })
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
}

describe('the zone card cites the zone as the API does', () => {
  const app = useBrowserApp()

  it('opens Cite to show the text GET /zones/{id}/cite gives, with the downloads', async () => {
    const today = new Date().toISOString().slice(0, 10)
    // A link pinned to the record by the end of today, so the card and this test cite the same record.
    const watched = await app.pages.openApp(app.browser, app.server.url, `/?zone=${ZONE}&date=2017-09-15&recorded_as_of=${today}`)
    const { page } = watched
    const cite = page.locator(`.ta-card[data-zone="${ZONE}"] .ta-card-cite`)
    await cite.locator('summary').click()
    const text = cite.locator('.ta-cite-text')
    await expect.poll(() => text.textContent()).toMatch(/^Truce Atlas\. /)
    const fromApi = await (await fetch(`${app.server.url}/zones/${ZONE}/cite?as_of=2017-09-15&recorded_as_of=${today}`)).text()
    expect(await text.textContent()).toBe(fromApi)
    expect(fromApi).toContain('Idlib de-escalation zone as of 2017-09-15')
    const downloads = await cite.locator('.ta-cite-download').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]))
    expect(downloads).toEqual([
      ['BibTeX', `/zones/${ZONE}/cite?format=bibtex&as_of=2017-09-15&recorded_as_of=${today}`],
      ['RIS', `/zones/${ZONE}/cite?format=ris&as_of=2017-09-15&recorded_as_of=${today}`],
      ['CSL-JSON', `/zones/${ZONE}/cite?format=csl-json&as_of=2017-09-15&recorded_as_of=${today}`],
    ])
    // Copying puts the same text on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.url })
    await cite.locator('.ta-cite-copy').click()
    await expect.poll(() => cite.locator('.ta-cite-status').textContent()).toBe('Copied')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fromApi)
    await cite.scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'card-cite')
  })
})

describe('/docs and the OGC pages look like the map and keep their policy', () => {
  const app = useBrowserApp()

  for (const path of ['/docs', '/ogc/collections?f=html']) {
    it(`${path}: the map's header with a link back to it, the icon, no policy violation or console error`, async () => {
      const watched = await app.pages.open(app.browser, app.server.url)
      const { page } = watched
      const violations = await watchPolicyViolations(page)
      await page.goto(`${app.server.url}${path}`)
      const header = page.locator('header.ta-header')
      await header.waitFor()
      const back = header.getByRole('link', { name: 'Back to the map' })
      await expect(back.getAttribute('href')).resolves.toBe('/')
      // The header wears the map's colours: the style sheet was allowed to load.
      await expect(header.evaluate((element) => getComputedStyle(element).backgroundColor)).resolves.toBe('rgb(32, 49, 63)')
      const icon = await page.locator('link[rel="icon"]').first().getAttribute('href')
      expect((await fetch(new URL(icon!, page.url())).then((response) => response.headers.get('content-type'))) ?? '').toMatch(/^image\/svg\+xml/)
      if (path === '/docs') await page.locator('.swagger-ui .opblock').first().waitFor()
      expect(await violations()).toEqual([])
      await saveScreenshot(page, path === '/docs' ? 'docs-page' : 'ogc-collections-page')
      await back.click()
      await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
      // watched.problems (console errors, failed requests) are checked after the test.
      void watched
    })
  }
})
