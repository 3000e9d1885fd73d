import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PASSWORD, createAccount } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'
import { pagePointOf, pixelAt, pointInside, sameColour } from './helpers/map-truth.ts'

const IDLIB = 'idlib-de-escalation-zone'
const OVERLAY = 'Incidents (30 days to the date)'
const FIXTURE = fileURLToPath(new URL('../fixtures/incidents/acled-first.csv', import.meta.url))
/** The fixture's actor written as markup (SYR-TEST-15): it must show as these characters. */
const MARKUP_ACTOR = '<img src=x onerror="document.body.dataset.pwned=1">Brigade (test actor)'
/**
 * The days the map shows: the 30 to 2017-10-16 hold the fixture's seven events of autumn 2017 and none of
 * the seeded incidents (the nearest are of 2017-09-16); those to 2017-09-15 hold none at all.
 */
/** The fixture's six events around Idlib city in those days (SYR-TEST-1, 10–14), one cluster at zoom 8: their middle. */
const CLUSTER_CENTRE = { lat: 35.9326, lng: 36.6323 }
/** SYR-TEST-15, on its own in those days. */
const LONE = { lat: 35.55, lng: 36.25 }
/** The colour of its type, Violence against civilians. */
const LONE_RGB: [number, number, number] = [184, 134, 11]

/**
 * The incidents layer as a reader uses it, on the ACLED fixture (test/fixtures/incidents, invented
 * events) imported as an editor does in the admin page: switched on in the layer control, it draws
 * the incidents of the 30 days to the map's date as clusters with their count on a canvas; a date
 * typed outside those days draws none; the card of a zone with incidents shows how it held, by what
 * rule, and a monthly chart. The tests run in order: the first imports what the others read.
 */
describe('the incidents layer and the zone card’s incidents', () => {
  const app = useBrowserApp()

  beforeAll(async () => {
    await createAccount(app.server.app, 'incident-importer', 'editor')
  })

  it('an editor checks the ACLED fixture with a dry run in the admin page, reads the report, and imports it', async () => {
    const { page } = await app.pages.open(app.browser, app.server.url)
    await page.goto(`${app.server.url}/admin?tab=incidents`)
    await page.waitForSelector('body[data-ready="true"]')
    const form = page.getByRole('form', { name: 'Sign in to edit' })
    await form.getByLabel('Username').fill('incident-importer')
    await form.getByLabel('Password').fill(PASSWORD)
    await form.getByRole('button', { name: 'Sign in' }).click()
    const panel = page.getByRole('tabpanel', { name: 'Incidents' })
    await expect.poll(() => panel.locator('.ta-incident-imports').textContent()).toBe('No file has been imported yet.')

    await panel.getByLabel('Dataset').selectOption('acled')
    await panel.getByLabel('File').setInputFiles(FIXTURE)
    await panel.getByRole('button', { name: 'Check (dry run)' }).click()
    const status = panel.locator('.ta-admin-status')
    await expect.poll(() => status.textContent()).toBe('acled-first.csv is sound: nothing was stored yet.')
    const report = panel.locator('table.ta-incident-counts')
    await expect(report.locator('caption').textContent()).resolves.toBe('Would change: 14 rows, 2017-09-24 to 2019-05-06')
    await expect(report.locator('tbody tr').first().locator('td').allTextContents()).resolves.toEqual(['would be added', '14', expect.stringMatching(/^SYR-TEST-1, SYR-TEST-2, .*…$/)])
    await saveScreenshot(page, 'incidents-admin-dry-run')

    await panel.getByRole('button', { name: 'Import', exact: true }).click()
    await expect.poll(() => status.textContent()).toBe('acled-first.csv was imported.')
    await expect(report.locator('caption').textContent()).resolves.toBe('Changed: 14 rows, 2017-09-24 to 2019-05-06')
    const past = panel.locator('table.ta-incident-imports-table tbody tr')
    await expect.poll(() => past.count()).toBe(1)
    await expect(past.locator('td').allTextContents()).resolves.toEqual([expect.any(String), 'incident-importer', 'acled', 'acled-first.csv', '2017-09-24 – 2019-05-06', '14', '14', '0', '0', '0'])
    await saveScreenshot(page, 'incidents-admin-imported')
  })

  /** Types the map's date as a person does, in the time bar's Date field. */
  async function typeMapDate(page: Page, date: string): Promise<void> {
    const [year, month, day] = date.split('-') as [string, string, string]
    const field = page.getByLabel('Date', { exact: true })
    await field.fill(`${day}/${month}/${year}`)
    await field.press('Enter')
  }

  /** The pixel at a point with the incidents' panes hidden: what lies under them. */
  async function pixelUnderIncidents(page: Page, point: { x: number; y: number }): Promise<number[]> {
    const panes = '#map .leaflet-incidents-pane, #map .leaflet-incident-clusters-pane, #map .leaflet-incident-labels-pane'
    const show = (visibility: string) => page.evaluate(([selector, value]) => document.querySelectorAll<HTMLElement>(selector).forEach((pane) => (pane.style.visibility = value)), [panes, visibility] as const)
    await show('hidden')
    try {
      return await pixelAt(page, point)
    } finally {
      await show('')
    }
  }

  /** The page point of the middle of the opaque pixels of one colour on the canvas of an incidents' pane. */
  function canvasCentroid(page: Page, pane: 'incidents' | 'incident-clusters', rgb: [number, number, number]): Promise<{ x: number; y: number }> {
    return page.evaluate(([pane, rgb]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`#map .leaflet-${pane}-pane canvas`)!
      const rect = canvas.getBoundingClientRect()
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
      let [sx, sy, n] = [0, 0, 0]
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200 || rgb.some((channel, c) => Math.abs(data[i + c]! - channel) > 12)) continue
        sx += (i / 4) % canvas.width
        sy += Math.floor(i / 4 / canvas.width)
        n += 1
      }
      if (n === 0) throw new Error(`nothing of rgb(${rgb.join(',')}) on the ${pane} canvas`)
      return { x: rect.x + ((sx / n + 0.5) * rect.width) / canvas.width, y: rect.y + ((sy / n + 0.5) * rect.height) / canvas.height }
    }, [pane, rgb] as const)
  }

  /**
   * The class of the topmost element of the map at a page point, every element of its panes taking
   * the pointer for the look-up (the map's drawings let it through, so the look-up would skip them).
   */
  function topmostAt(page: Page, point: { x: number; y: number }): Promise<string> {
    return page.evaluate(({ x, y }) => {
      const elements = Array.from(document.querySelectorAll<HTMLElement | SVGElement>('#map .leaflet-map-pane *'))
      const before = elements.map((element) => element.style.pointerEvents)
      elements.forEach((element) => element.style.setProperty('pointer-events', 'auto', 'important'))
      try {
        const element = document.elementFromPoint(x, y)
        return element?.closest('.ta-incident-count, .ta-zone-label, .leaflet-pane')?.className ?? ''
      } finally {
        elements.forEach((element, i) => (element.style.pointerEvents = before[i]!))
      }
    }, point)
  }

  it('switched on in the layer control, draws the window’s clusters with their counts, and none for a date outside it; the card shows how the zone held', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-10-16&map=8/35.8/36.6')
    const { page } = watched
    // The test reads the canvas back twice; Chromium suggests a setting for readers that do it often.
    app.pages.allow(watched, [/willReadFrequently/])
    await expect(page.locator('.ta-incident-count').count()).resolves.toBe(0)

    await page.locator('.leaflet-control-layers').hover()
    await page.getByLabel(OVERLAY).check()
    await expect.poll(() => page.locator('#map').getAttribute('data-incidents')).toBe('2017-09-17/2017-10-16:7')
    expect(new URL(page.url()).searchParams.get('incidents')).toBe('on')

    // The cluster: its count written over it, where the incidents are, painted on the canvas.
    const count = page.locator('.ta-incident-count', { hasText: /^6$/ })
    await expect(count.isVisible()).resolves.toBe(true)
    const box = (await count.boundingBox())!
    const drawnAt = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    // The canvases paint the cluster's disc under its count, and the lone incident in its type's
    // colour where the projection puts it against the cluster (the map's own centre is Leaflet's to say).
    const disc = await canvasCentroid(page, 'incident-clusters', [43, 43, 64])
    expect(Math.hypot(disc.x - drawnAt.x, disc.y - drawnAt.y)).toBeLessThan(3)
    const lone = await canvasCentroid(page, 'incidents', LONE_RGB)
    const [a, b] = [await pagePointOf(page, CLUSTER_CENTRE.lat, CLUSTER_CENTRE.lng), await pagePointOf(page, LONE.lat, LONE.lng)]
    expect(Math.hypot(lone.x - disc.x - (b.x - a.x), lone.y - disc.y - (b.y - a.y))).toBeLessThan(4)
    // Beside the written count, inside the disc: the cluster's dark paint over what is under it.
    const onDisc = { x: drawnAt.x, y: drawnAt.y - box.height / 2 + 4 }
    const painted = await pixelAt(page, onDisc)
    expect(painted.every((channel) => channel < 120)).toBe(true) // the dark disc, a little lit by what is under it
    expect(sameColour(painted, await pixelUnderIncidents(page, onDisc))).toBe(false)
    // The zone's name lies partly under the cluster: the disc and its count are drawn over the name.
    const name = (await page.locator('.leaflet-tooltip.ta-zone-label', { hasText: 'Idlib de-escalation zone' }).boundingBox())!
    const overlap = { left: Math.max(box.x, name.x), right: Math.min(box.x + box.width, name.x + name.width), top: Math.max(box.y, name.y), bottom: Math.min(box.y + box.height, name.y + name.height) }
    expect(overlap.right - overlap.left).toBeGreaterThan(4)
    expect(overlap.bottom - overlap.top).toBeGreaterThan(2)
    const underName = { x: drawnAt.x, y: (overlap.top + overlap.bottom) / 2 }
    await expect(topmostAt(page, drawnAt)).resolves.toContain('ta-incident-count')
    await expect(topmostAt(page, underName)).resolves.toContain('ta-incident-count')
    // Across the disc where the name's box lies: the disc's dark paint, not the name's white box or its letters.
    const half = Math.sqrt((box.width / 2) ** 2 - (underName.y - disc.y) ** 2) - 4
    for (const dx of [-half / 2, 0, half / 2]) {
      const pixel = await pixelAt(page, { x: disc.x + dx, y: underName.y })
      expect(pixel.every((channel) => channel < 100), `rgb(${pixel.join(',')}) at ${dx}`).toBe(true)
    }
    await expect(page.locator('.ta-incidents-notice').textContent()).resolves.toBe('7 incidents from 17 September 2017 to 16 October 2017')
    await expect(page.locator('.ta-legend-incidents').isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'incidents-layer-on')

    // A lone incident's popup: every value as text.
    await page.mouse.click(lone.x, lone.y)
    const popup = page.locator('.ta-incident-popup[data-incident="acled-syr-test-15"]')
    await popup.waitFor()
    await expect.poll(() => page.locator('.ta-incident-popup-frame').evaluate((frame) => getComputedStyle(frame).opacity)).toBe('1') // faded in
    await expect(popup.locator('dd').allTextContents()).resolves.toEqual(['4 October 2017', `${MARKUP_ACTOR} – Civilians (test actor)`, '3', 'Qalaat al-Madiq (test)', 'Test Source', 'ACLED SYR-TEST-15'])
    await expect(popup.locator('img').count()).resolves.toBe(0)
    await saveScreenshot(page, 'incidents-popup')
    await page.keyboard.press('Escape')

    // A date whose 30 days hold none: nothing drawn where the cluster was.
    await typeMapDate(page, '2017-09-15')
    await page.waitForSelector('#map[data-incidents="2017-08-17/2017-09-15:0"]')
    await expect(page.locator('.ta-incident-count').count()).resolves.toBe(0)
    expect(sameColour(await pixelAt(page, onDisc), await pixelUnderIncidents(page, onDisc), 2)).toBe(true)
    await expect(page.locator('.ta-incidents-notice').textContent()).resolves.toBe('No incidents recorded from 17 August 2017 to 15 September 2017.')

    // The zone's card, opened on the map at that date; then back to mid-October, where the card
    // says the truce broke, and the cluster is drawn again.
    const inside = await pointInside(page, IDLIB, 'area')
    await page.mouse.click(inside.x, inside.y)
    const card = page.locator(`.ta-card[data-zone="${IDLIB}"]`)
    await card.waitFor()
    await typeMapDate(page, '2017-10-16')
    await page.waitForSelector('#map[data-incidents="2017-09-17/2017-10-16:7"]')
    const expected = (await app.server.app.inject({ method: 'GET', url: `/zones/${IDLIB}/incidents?as_of=2017-10-16` })).json() as { months: { month: string; events: number }[]; indicator: { state: string; rule: string } }
    expect(expected.indicator.state).toBe('broken')
    const october = expected.months.find((month) => month.month === '2017-10')!.events
    expect(october).toBeGreaterThanOrEqual(4)
    const state = card.locator('.ta-indicator-state')
    await expect.poll(() => state.textContent()).toBe('Broken')
    await expect(card.locator('.ta-indicator-reason').textContent()).resolves.toMatch(/^\d+ events and \d+ deaths recorded inside the zone in the 30 days to 16 October 2017/)
    const bars = card.locator('svg.ta-incident-chart rect.ta-incident-bar')
    await expect.poll(() => bars.count()).toBe(expected.months.length)
    await expect(card.locator('rect.ta-incident-bar[data-month="2017-10"]').getAttribute('data-events')).resolves.toBe(String(october))
    await expect(card.locator('rect.ta-incident-bar[data-month="2018-02"]').count()).resolves.toBe(0) // after the card's date
    const bar = await card.locator('rect.ta-incident-bar[data-month="2017-10"]').boundingBox()
    expect(bar!.height).toBeGreaterThan(40)
    await expect(card.locator('.ta-chart-date').count()).resolves.toBe(1)
    await expect(card.locator('svg.ta-incident-chart').getAttribute('role')).resolves.toBe('img')
    const rule = card.locator('.ta-indicator-rule')
    await expect(rule.locator('p').first().isVisible()).resolves.toBe(false)
    await rule.locator('summary').click()
    await expect(rule.locator('p').first().isVisible()).resolves.toBe(true)
    await expect(rule.locator('p').first().textContent()).resolves.toBe(expected.indicator.rule)
    await expect(card.locator('.ta-incident-download a').getAttribute('href')).resolves.toMatch(/^\/incidents\?zone=\d+$/)
    await card.locator('.ta-card-incidents').scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'incidents-card-idlib')
    await expect(page.evaluate(() => document.body.dataset.pwned ?? null)).resolves.toBeNull()
  })

  it('on a phone, the card’s chart and indicator fit the screen', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-10-16&incidents=on', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await page.locator('#panel-toggle').tap()
    await page.locator(`.ta-zone-item[data-zone="${IDLIB}"] button`).tap()
    const card = page.locator(`.ta-card[data-zone="${IDLIB}"]`)
    const chart = card.locator('svg.ta-incident-chart')
    await chart.waitFor()
    await chart.scrollIntoViewIfNeeded()
    const box = (await chart.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(844)
    await expect(card.locator('.ta-indicator-state').isVisible()).resolves.toBe(true)
    await expect(card.locator('.ta-indicator-state').textContent()).resolves.toBe('Broken')
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390)
    await saveScreenshot(page, 'incidents-card-phone')
  })
})
