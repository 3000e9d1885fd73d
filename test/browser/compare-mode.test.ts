import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot, waitForApp } from './helpers/browser.ts'
import { basemapPixelAt, pixelAt, sameColour } from './helpers/map-truth.ts'
import { lowContrastText, unnamedControls } from './helpers/a11y.ts'

/** Proposed on 4 May 2017, agreed on 7 July (the Amman memorandum), active from 9 July 2017. */
const SOUTH_WEST = 'south-west-de-escalation-zone'
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

/**
 * Compare mode as a reader uses it: two dates typed into the time bar's form draw the map of the
 * second against the first, each zone as added, removed, changed or unchanged, with the changes
 * between them listed beside the map; the link keeps both dates, and a reload restores it all.
 */
describe('compare mode', () => {
  const app = useBrowserApp()

  const compareForm = (page: Page) => page.getByRole('group', { name: 'Compare two dates' })
  const compareParam = (page: Page) => new URL(page.url()).searchParams.get('compare')

  /** Types a date into a field as a person does: click, select what is there, type it as en-GB writes it. */
  async function typeDate(page: Page, label: 'From' | 'To', date: string): Promise<void> {
    const [year, month, day] = date.split('-').map((part) => String(Number(part))) as [string, string, string]
    await compareForm(page).getByLabel(label, { exact: true }).click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(`${day}/${month}/${year}`, { delay: 20 })
  }

  /** What compare mode draws at a page point: the zone and its change, from the topmost shape there. */
  function shapeAt(page: Page, point: { x: number; y: number }): Promise<{ zone: string | null; change: string | null; fill: string | null }> {
    return page.evaluate(({ x, y }) => {
      const shape = document.elementFromPoint(x, y)?.closest('.ta-compare-shape')
      return { zone: shape?.getAttribute('data-zone') ?? null, change: shape?.getAttribute('data-change') ?? null, fill: shape?.getAttribute('fill') ?? null }
    }, point)
  }

  /** A page point inside a zone's compared shape, nearest its middle, where that shape is what the pointer hits. */
  async function pointInside(page: Page, slug: string): Promise<{ x: number; y: number }> {
    const point = await page.evaluate((slug) => {
      const shape = document.querySelector(`#map path.ta-compare-shape[data-zone="${slug}"]`)
      if (!shape) return null
      const box = shape.getBoundingClientRect()
      const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2]
      let best: { x: number; y: number; d: number } | null = null
      for (let x = box.left + 2; x < box.right; x += 3) {
        for (let y = box.top + 2; y < box.bottom; y += 3) {
          const d = Math.hypot(x - cx, y - cy)
          if ((!best || d < best.d) && document.elementFromPoint(x, y) === shape) best = { x, y, d }
        }
      }
      return best && { x: best.x, y: best.y }
    }, slug)
    if (!point) throw new Error(`no point of ${slug}'s compared shape is under the pointer`)
    return point
  }

  /** Waits for compare mode to be drawn and checks the south-west zone is drawn as changed, under a point inside it. */
  async function expectSouthWestChanged(page: Page): Promise<void> {
    await page.waitForSelector('#map[data-compare="2017-07-01/2017-10-01"]')
    const path = page.locator(`#map path.ta-compare-shape[data-zone="${SOUTH_WEST}"]`)
    await expect(path.getAttribute('data-change')).resolves.toBe('changed')
    const point = await pointInside(page, SOUTH_WEST)
    await expect.poll(() => shapeAt(page, point)).toEqual({ zone: SOUTH_WEST, change: 'changed', fill: 'url(#ta-compare-changed)' })
    // The cross-hatch is painted there: the pixel is not the basemap's.
    expect(sameColour(await pixelAt(page, point), await basemapPixelAt(page, point))).toBe(false)
  }

  async function expectSouthWestListed(page: Page): Promise<void> {
    const entry = page.locator(`.ta-changes .ta-change[data-zone="${SOUTH_WEST}"]`).filter({ hasText: 'Agreed → Active' })
    await expect.poll(() => entry.count()).toBe(1)
    await expect(entry.locator('time').textContent()).resolves.toBe('9 July 2017')
    await expect(entry.locator('time').getAttribute('datetime')).resolves.toBe('2017-07-09')
    await expect(entry.locator('.ta-change-agreement a').getAttribute('href')).resolves.toBe('/agreements/amman-memorandum-2017')
    await expect(entry.locator('.ta-sources a').count()).resolves.toBeGreaterThan(0)
  }

  it('two typed dates draw the south-west zone as changed and list its change to active, and the link keeps them through a reload', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/?map=7/33.3/36.4')
    const { page } = watched
    const open = page.getByRole('button', { name: 'Compare two dates' })
    await open.focus()
    await page.keyboard.press('Enter')
    await typeDate(page, 'From', '2017-07-01')
    await typeDate(page, 'To', '2017-10-01')
    await page.keyboard.press('Enter')

    await expect.poll(() => compareParam(page)).toBe('2017-07-01/2017-10-01')
    await expectSouthWestChanged(page)
    await expectSouthWestListed(page)
    await expect(page.locator('.ta-changes-heading').textContent()).resolves.toBe('Changes from 1 July 2017 to 1 October 2017')
    await expect(page.locator('.ta-compare-status').textContent()).resolves.toBe('Comparing the map of 1 October 2017 with 1 July 2017')
    // The legend explains the drawing, with counts; the time slider gives way to the compared dates.
    const legend = page.locator('.ta-legend-compare')
    await expect(legend.innerText()).resolves.toMatch(/Changed \(status or outline\)\s*\d+/)
    await expect(page.locator('.ta-time').isVisible()).resolves.toBe(false)
    await expect(unnamedControls(page)).resolves.toEqual([])
    await expect(lowContrastText(page).then(({ failures }) => failures)).resolves.toEqual([])
    await saveScreenshot(page, 'compare-2017-07-01-2017-10-01')

    // Choosing the change shows its zone's card, at the second date.
    await page.locator(`.ta-changes button[data-zone="${SOUTH_WEST}"]`).first().click()
    const card = page.locator(`.ta-card[data-zone="${SOUTH_WEST}"]`)
    await expect(card.locator('.ta-card-status').textContent()).resolves.toMatch(/^Active since 9 July 2017 \(as of 1 October 2017\)/)
    await expect.poll(() => new URL(page.url()).searchParams.get('zone')).toBe(SOUTH_WEST)
    await card.getByRole('button', { name: '‹ All zones' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-zone'))).toBe(SOUTH_WEST)

    // A reload may cancel the request for the favicon, which Chromium reports as failed.
    app.pages.allow(watched, [/favicon\.svg net::ERR_ABORTED/])
    await page.reload()
    await waitForApp(page)
    await expectSouthWestChanged(page)
    await expectSouthWestListed(page)
    await expect(compareForm(page).getByLabel('From', { exact: true }).inputValue()).resolves.toBe('01/07/2017')
    await expect(compareForm(page).getByLabel('To', { exact: true }).inputValue()).resolves.toBe('01/10/2017')

    // Leaving compare mode: the map of one date again, and the link without the comparison.
    await page.getByRole('button', { name: 'Leave compare mode' }).click()
    await expect.poll(() => compareParam(page)).toBeNull()
    await expect.poll(() => page.locator('#map .ta-compare-shape').count()).toBe(0)
    await expect.poll(() => page.locator(`#map path.ta-zone-shape[data-zone="${SOUTH_WEST}"]`).count()).toBe(1)
    await expect(page.locator('.ta-time').isVisible()).resolves.toBe(true)
    await expect(page.locator('.ta-changes-wrap').isVisible()).resolves.toBe(false)
    await expect(page.locator('.ta-zone-list').isVisible()).resolves.toBe(true)
  })

  it('says what is wrong with dates the wrong way round, and draws nothing for them', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/')
    await page.getByRole('button', { name: 'Compare two dates' }).click()
    await typeDate(page, 'From', '2017-10-01')
    await typeDate(page, 'To', '2017-07-01')
    await page.keyboard.press('Enter')
    await expect(page.locator('.ta-compare-error').textContent()).resolves.toBe('The second date must not be before the first.')
    await expect(compareForm(page).getByLabel('To', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true')
    expect(compareParam(page)).toBeNull()
    await expect(page.locator('#map .ta-compare-shape').count()).resolves.toBe(0)
  })

  it('on a phone, the list of changes reads in the drawer without spilling sideways', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?compare=2017-07-01/2017-10-01', PHONE)
    await page.waitForSelector('#map[data-compare="2017-07-01/2017-10-01"]')
    await page.getByRole('button', { name: /^Zones/ }).click()
    const entry = page.locator(`.ta-changes .ta-change[data-zone="${SOUTH_WEST}"]`).filter({ hasText: 'Agreed → Active' })
    await entry.scrollIntoViewIfNeeded()
    await expect.poll(() => entry.isVisible()).toBe(true)
    const overflow = await page.evaluate(() => {
      const panel = document.getElementById('panel')!
      return { panel: panel.scrollWidth - panel.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth }
    })
    expect(overflow).toEqual({ panel: 0, page: 0 })
    const box = (await entry.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    await saveScreenshot(page, 'compare-phone-list')
  })
})
