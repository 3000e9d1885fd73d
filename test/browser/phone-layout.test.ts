import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
const DESKTOP = { viewport: { width: 1400, height: 900 } }

interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

/**
 * The map page on a phone and on a wide screen, measured from what is rendered: the part of the map
 * the panel leaves free, where a selected zone ends up, the legend, the controls in the corners and
 * the labels against the symbols.
 */
describe('the map page on a phone and a wide screen', () => {
  const app = useBrowserApp()

  it('on a phone the open panel leaves at least half of the map in view', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/', PHONE)
    await saveScreenshot(page, 'phone-overview')
    await openPanel(page)
    const { map, visible } = await visibleMap(page)
    expect(area(visible) / area(map)).toBeGreaterThanOrEqual(0.5)
    await saveScreenshot(page, 'phone-panel-open')
  })

  it('on a phone a zone tapped in the list, and shown on the map, is drawn beside the panel, not behind it', async () => {
    // A view with the south-west zone low on the map: under the panel once it is open.
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?map=7/34.3/36.4', PHONE)
    await openPanel(page)
    const slug = 'south-west-de-escalation-zone'
    expect(await zoneOutside(page, slug)).not.toEqual([])
    await page.locator(`.ta-zone-item[data-zone="${slug}"] button`).tap()
    await expect.poll(() => page.locator('.ta-card h2').textContent()).toMatch(/^South-west de-escalation/)
    await expect.poll(() => zoneOutside(page, slug), { timeout: 5000 }).toEqual([])
    await saveScreenshot(page, 'phone-zone-selected')

    await page.getByRole('button', { name: 'Show on map' }).tap()
    await expect.poll(() => zoneOutside(page, slug), { timeout: 5000 }).toEqual([])
    await page.waitForTimeout(400) // the map's zoom animation
    expect(await zoneOutside(page, slug)).toEqual([])
    await saveScreenshot(page, 'phone-zone-shown-on-map')

    // Another zone, from the card back to the list: the same.
    await page.getByRole('button', { name: 'All zones' }).tap()
    await page.locator('.ta-zone-item[data-zone="al-tanf-deconfliction-zone"] button').tap()
    await expect.poll(() => zoneOutside(page, 'al-tanf-deconfliction-zone'), { timeout: 5000 }).toEqual([])
    await page.getByRole('button', { name: 'Show on map' }).tap()
    await page.waitForTimeout(400)
    await expect.poll(() => zoneOutside(page, 'al-tanf-deconfliction-zone'), { timeout: 5000 }).toEqual([])
  })

  it('on a phone a zone tapped low on the map stays in sight when its card opens over the map', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?map=7/34.3/36.4', PHONE)
    await page.waitForTimeout(500) // the basemap and controls settle
    const map = await rectOf(page, '#map')
    // A point of some zone's area in the lowest third of the map, which the card's sheet will cover.
    const tapped = await page.evaluate((low) => {
      for (let y = low.bottom; y > low.top; y -= 4) {
        for (let x = low.left; x < low.right; x += 4) {
          const hit = document.elementFromPoint(x, y)
          const slug = hit?.matches('path.ta-area') ? hit.getAttribute('data-zone') : null
          if (slug) return { x, y, slug }
        }
      }
      return null
    }, { left: map.left + 10, right: map.right - 10, top: map.top + (map.bottom - map.top) * 0.67, bottom: map.bottom - 60 })
    expect(tapped).not.toBeNull()
    const { x, y, slug } = tapped!
    const shape = `#map path.ta-area[data-zone="${slug}"]`
    const before = await rectOf(page, shape)
    await page.touchscreen.tap(x, y)
    await expect.poll(() => page.locator(`.ta-card[data-zone="${slug}"] h2`).count(), { timeout: 3000 }).toBe(1)
    await page.waitForTimeout(400) // the sheet slides in, the map pans
    const after = await rectOf(page, shape)
    expect(after.right - after.left).toBeCloseTo(before.right - before.left, 0) // panned, not zoomed
    const now = { x: x + after.left - before.left, y: y + after.top - before.top }
    const { visible } = await visibleMap(page)
    expect(contains(visible, { left: now.x, right: now.x, top: now.y, bottom: now.y })).toBe(true)
    await saveScreenshot(page, 'phone-zone-tapped-on-map')
  })

  it('folds the legend on a phone and opens it on a wide screen', async () => {
    const phone = await app.pages.openApp(app.browser, app.server.url, '/', PHONE)
    await expect(phone.page.locator('.ta-legend').getAttribute('open')).resolves.toBeNull()
    const legend = await phone.page.locator('.ta-legend').boundingBox()
    const map = await phone.page.locator('#map').boundingBox()
    expect(legend!.width * legend!.height).toBeLessThan(0.05 * map!.width * map!.height)

    const desktop = await app.pages.openApp(app.browser, app.server.url, '/', DESKTOP)
    await expect(desktop.page.locator('.ta-legend').getAttribute('open')).resolves.toBe('')
    await expect(desktop.page.locator('.ta-legend .ta-legend-list').first().isVisible()).resolves.toBe(true)
  })

  it('keeps the attribution clear of the scale bar on a phone and a wide screen', async () => {
    for (const options of [PHONE, DESKTOP]) {
      const { page } = await app.pages.openApp(app.browser, app.server.url, '/', options)
      const attribution = await rectOf(page, '.leaflet-control-attribution')
      const scale = await rectOf(page, '.leaflet-control-scale')
      expect(intersects(attribution, scale), `at ${options.viewport.width} wide`).toBe(false)
      // Both inside the map.
      const map = await rectOf(page, '#map')
      for (const box of [attribution, scale]) expect(contains(map, box)).toBe(true)
    }
  })

  it('never lays a label over a symbol: the siege of Raqqa at several zooms, selected or not', async () => {
    for (const [options, path] of [
      [DESKTOP, '/?map=6/35.95/39.01'],
      [DESKTOP, '/?zone=siege-of-raqqa&map=6/35.95/39.01'],
      [PHONE, '/?map=6/35.95/39.01'],
      [PHONE, '/?zone=siege-of-raqqa&map=6/35.95/39.01'],
    ] as const) {
      const { page } = await app.pages.openApp(app.browser, app.server.url, path, options)
      await expect(page.locator('.ta-marker[data-zone="siege-of-raqqa"]').count()).resolves.toBe(1)
      for (let zoom = 6; zoom <= 10; zoom += 1) {
        expect(await labelsOverSymbols(page), `${path} at ${options.viewport.width} wide, zoom ${zoom}`).toEqual([])
        if (zoom === 9) await saveScreenshot(page, `labels-raqqa-${options.viewport.width}${path.includes('zone=') ? '-selected' : ''}`)
        await page.getByRole('button', { name: 'Zoom in' }).click()
        await page.waitForFunction((z) => document.querySelector('#map')?.getAttribute('data-view')?.startsWith(`${z}/`), zoom + 1)
        await page.waitForTimeout(300)
      }
    }
    // The overview: every symbol free.
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/', DESKTOP)
    expect(await labelsOverSymbols(page)).toEqual([])
  })

  it('saves screenshots of the main views', async () => {
    const desktop = await app.pages.openApp(app.browser, app.server.url, '/', DESKTOP)
    await saveScreenshot(desktop.page, 'desktop-overview')
    await desktop.page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] button').click()
    await expect.poll(() => desktop.page.locator('.ta-card h2').textContent()).toBe('Siege of Raqqa')
    await desktop.page.waitForTimeout(400)
    await saveScreenshot(desktop.page, 'desktop-zone-card')

    const phone = await app.pages.openApp(app.browser, app.server.url, '/', PHONE)
    await saveScreenshot(phone.page, 'phone-map-overview')
    await openPanel(phone.page)
    await saveScreenshot(phone.page, 'phone-list-open')
    await phone.page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] button').tap()
    await expect.poll(() => phone.page.locator('.ta-card h2').textContent()).toBe('Siege of Raqqa')
    await expect.poll(() => zoneOutside(phone.page, 'siege-of-raqqa'), { timeout: 5000 }).toEqual([])
    await phone.page.waitForTimeout(400)
    await saveScreenshot(phone.page, 'phone-zone-card')
    // `UPDATE_DOCS_SCREENSHOT=1 npx vitest run --project browser -t "screenshots of the main views"` refreshes the README's phone picture.
    if (process.env.UPDATE_DOCS_SCREENSHOT) await phone.page.screenshot({ path: path.resolve(import.meta.dirname, '../../docs/map-phone.png'), scale: 'css' })
  })
})

async function openPanel(page: Page): Promise<void> {
  await page.locator('#panel-toggle').tap()
  await expect.poll(() => page.locator('#panel-toggle').getAttribute('aria-expanded')).toBe('true')
  await page.waitForTimeout(400) // the drawer slides in
}

function rectOf(page: Page, selector: string): Promise<Box> {
  return page.locator(selector).first().evaluate((element) => {
    const { left, top, right, bottom } = element.getBoundingClientRect()
    return { left, top, right, bottom }
  })
}

/** The map's rect, and the part of it the panel leaves uncovered (the panel spans the map's width on a phone). */
async function visibleMap(page: Page): Promise<{ map: Box; visible: Box }> {
  const map = await rectOf(page, '#map')
  const panel = await rectOf(page, '#panel')
  if (!intersects(map, panel)) return { map, visible: map }
  expect(panel.left).toBeLessThanOrEqual(map.left)
  expect(panel.right).toBeGreaterThanOrEqual(map.right)
  return { map, visible: { ...map, bottom: Math.min(map.bottom, panel.top) } }
}

/** The drawn parts of the zone (paths and symbols) that are not wholly in the visible part of the map. */
async function zoneOutside(page: Page, slug: string): Promise<string[]> {
  const { visible } = await visibleMap(page)
  const boxes = await page.locator(`#map .ta-zone-shape[data-zone="${slug}"]`).evaluateAll((elements) =>
    elements.map((element) => {
      const { left, top, right, bottom } = element.getBoundingClientRect()
      return { what: element.tagName, box: { left, top, right, bottom } }
    }),
  )
  if (boxes.length === 0) return ['nothing drawn']
  return boxes.filter(({ box }) => !contains(visible, box, 1)).map(({ what, box }) => `${what} ${JSON.stringify(box)} outside ${JSON.stringify(visible)}`)
}

/** Each visible zone label that covers a point or siege symbol. */
function labelsOverSymbols(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shown = (element: Element) => getComputedStyle(element).visibility !== 'hidden' && getComputedStyle(element).display !== 'none'
    const labels = Array.from(document.querySelectorAll('#map .leaflet-tooltip.ta-zone-label')).filter(shown)
    const symbols = Array.from(document.querySelectorAll('#map .ta-marker')).filter(shown)
    const overlaps: string[] = []
    for (const label of labels) {
      const a = label.getBoundingClientRect()
      for (const symbol of symbols) {
        const b = symbol.getBoundingClientRect()
        if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) overlaps.push(`label of ${label.getAttribute('data-zone')} over the symbol of ${symbol.getAttribute('data-zone')}`)
      }
    }
    return overlaps
  })
}

function area(box: Box): number {
  return Math.max(0, box.right - box.left) * Math.max(0, box.bottom - box.top)
}

function intersects(a: Box, b: Box): boolean {
  return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top
}

function contains(outer: Box, inner: Box, slack = 0): boolean {
  return inner.left >= outer.left - slack && inner.right <= outer.right + slack && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack
}
