import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'
import { expectedMap, renderedMap, urlDate } from './helpers/map-truth.ts'

/** What a reader looks for on a date, and the source its card must link to. */
const SEEN: ReadonlyArray<{ date: string; slug: string; status: string; source: string }> = [
  { date: '2016-12-20', slug: 'siege-of-eastern-aleppo', status: 'active', source: 'https://newarab.com/news/syrian-regime-troops-besiege-rebel-held-parts-aleppo' },
  { date: '2016-12-20', slug: 'east-aleppo-ceasefire-and-evacuation', status: 'active', source: 'https://www.dailysabah.com/syrian-crisis/2016/12/13/deal-reached-for-evacuation-of-civilians-from-aleppo-after-turkeys-mediation/amp' },
  { date: '2017-04-14', slug: 'four-towns-ceasefire', status: 'active', source: 'https://www.trtworld.com/mea/four-syrian-towns-to-be-evacuated-under-deal-326280' },
  { date: '2017-09-04', slug: 'siege-of-deir-ez-zor', status: 'active', source: 'http://tass.com/world/964818' },
]

/**
 * The sieges and local deals of 2016-2017, as a reader finds them: type a date, see the zone drawn
 * with its status that day, open its card from the list and follow its sources.
 */
describe('the sieges and local deals of 2016-2017 on the map at their dates', () => {
  const app = useBrowserApp()

  async function typeDate(page: Page, date: string): Promise<void> {
    const [year, month, day] = date.split('-').map((part) => String(Number(part))) as [string, string, string]
    await page.getByLabel('Date', { exact: true }).click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(`${day}/${month}/${year}`, { delay: 20 })
    await page.keyboard.press('Enter')
    await expect.poll(() => urlDate(page)).toBe(date)
  }

  it('draws eastern Aleppo in December 2016, the Four Towns in April 2017 and Deir ez-Zor until September 2017, each card citing its sources', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?map=6.5/34.6/38.3', { locale: 'en-GB' })
    for (const { date, slug, status, source } of SEEN) {
      await typeDate(page, date)
      await expect.poll(async () => (await renderedMap(page)).drawn[slug], { timeout: 5000 }).toBe(status)
      await page.locator(`.ta-zone-item[data-zone="${slug}"] button`).click()
      const card = page.locator(`.ta-card[data-zone="${slug}"]`)
      await card.locator('.ta-card-description').waitFor()
      await expect.poll(() => card.locator('.ta-footnotes li a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toContain(source)
      await saveScreenshot(page, `sieges-${date}-${slug}`)
      await page.getByRole('button', { name: 'All zones' }).click()
    }
    // The siege of Deir ez-Zor was broken on 5 September 2017: from that day it is drawn as ended.
    await typeDate(page, '2017-09-05')
    await expect.poll(async () => (await renderedMap(page)).drawn['siege-of-deir-ez-zor'], { timeout: 5000 }).toBe('ended')
    expect((await expectedMap(app.server.app, '2017-09-05')).drawn['siege-of-deir-ez-zor']).toBe('ended')
    await saveScreenshot(page, 'sieges-2017-09-05-deir-ez-zor-ended')
  })
})
