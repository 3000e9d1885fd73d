import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'
import { pagePointOf, pixelAt, pointInside, sameColour } from './helpers/map-truth.ts'
import { insertIncidents, type TestIncident } from '../helpers/incidents.ts'

const IDLIB = 'idlib-de-escalation-zone'
const OVERLAY = 'Incidents (30 days to the date)'
const MARKUP_ACTOR = '<img src=x onerror="document.body.dataset.pwned=1">Brigade'

/** Twelve shellings around Idlib city early in July 2017 (test fixtures, not real events): one cluster at zoom 8. */
const CLUSTERED: TestIncident[] = Array.from({ length: 12 }, (_, i) => ({
  event_id: `FIXTURE-IDLIB-${i + 1}`,
  geometry: { type: 'Point', coordinates: [36.62 + (i % 4) * 0.01, 35.92 + Math.floor(i / 4) * 0.01] },
  occurred_on: `2017-07-${String(i + 1).padStart(2, '0')}`,
  fatalities_best: 1,
}))
const CLUSTER_CENTRE = { lat: 35.93, lng: 36.635 }
/** One on its own, with markup in its actor, for the popup. */
const LONE = { lat: 35.55, lng: 36.25 }
/** Later ones, outside the map's window, for the card's chart. */
const LATER: TestIncident[] = [1, 2, 3].map((i) => ({ event_id: `FIXTURE-IDLIB-2018-${i}`, geometry: { type: 'Point', coordinates: [36.63, 35.93] }, occurred_on: `2018-03-0${i}` }))

/**
 * The incidents layer as a reader uses it: switched on in the layer control, it draws the incidents
 * of the 30 days to the map's date as clusters with their count on a canvas; a date typed outside
 * those days draws none; the card of a zone with incidents shows how it held, by what rule, and a
 * monthly chart. TODO: load the incidents with the ACLED fixture import (POST /incidents/imports)
 * once the importers are in; they are stored directly for now.
 */
describe('the incidents layer and the zone card’s incidents', () => {
  const app = useBrowserApp(async (db) => {
    await insertIncidents(db.knex, [
      ...CLUSTERED,
      { event_id: 'FIXTURE-LONE', geometry: { type: 'Point', coordinates: [LONE.lng, LONE.lat] }, occurred_on: '2017-07-14', actor1: MARKUP_ACTOR, actor2: 'Civilians (Syria)', fatalities_best: 3, fatalities_low: 2, fatalities_high: 5 },
      { event_id: 'FIXTURE-REGION', geometry: { type: 'Point', coordinates: [37.1, 35.5] }, occurred_on: '2017-07-05', location_precision: 'region', event_type: 'Battles' },
      ...LATER,
    ])
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
    const panes = '#map .leaflet-incidents-pane, #map .leaflet-incident-labels-pane'
    const show = (visibility: string) => page.evaluate(([selector, value]) => document.querySelectorAll<HTMLElement>(selector).forEach((pane) => (pane.style.visibility = value)), [panes, visibility] as const)
    await show('hidden')
    try {
      return await pixelAt(page, point)
    } finally {
      await show('')
    }
  }

  /** The page point of the middle of the incidents canvas' opaque pixels of one colour. */
  function canvasCentroid(page: Page, rgb: [number, number, number]): Promise<{ x: number; y: number }> {
    return page.evaluate((rgb) => {
      const canvas = document.querySelector<HTMLCanvasElement>('#map .leaflet-incidents-pane canvas')!
      const rect = canvas.getBoundingClientRect()
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
      let [sx, sy, n] = [0, 0, 0]
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200 || rgb.some((channel, c) => Math.abs(data[i + c]! - channel) > 12)) continue
        sx += (i / 4) % canvas.width
        sy += Math.floor(i / 4 / canvas.width)
        n += 1
      }
      if (n === 0) throw new Error(`nothing of rgb(${rgb.join(',')}) on the incidents canvas`)
      return { x: rect.x + ((sx / n + 0.5) * rect.width) / canvas.width, y: rect.y + ((sy / n + 0.5) * rect.height) / canvas.height }
    }, rgb)
  }

  it('switched on in the layer control, draws the window’s clusters with their counts, and none for a date outside it; the card shows how the zone held', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-15&map=8/35.8/36.6')
    const { page } = watched
    // The test reads the canvas back twice; Chromium suggests a setting for readers that do it often.
    app.pages.allow(watched, [/willReadFrequently/])
    await expect(page.locator('.ta-incident-count').count()).resolves.toBe(0)

    await page.locator('.leaflet-control-layers').hover()
    await page.getByLabel(OVERLAY).check()
    await page.waitForSelector('#map[data-incidents="2017-06-16/2017-07-15:14"]')
    expect(new URL(page.url()).searchParams.get('incidents')).toBe('on')

    // The cluster: its count written over it, where the incidents are, painted on the canvas.
    const count = page.locator('.ta-incident-count', { hasText: /^12$/ })
    await expect(count.isVisible()).resolves.toBe(true)
    const box = (await count.boundingBox())!
    const drawnAt = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    const expectedAt = await pagePointOf(page, CLUSTER_CENTRE.lat, CLUSTER_CENTRE.lng)
    // The canvas paints the cluster's disc under its count, and the lone incident in its type's pink
    // where the projection puts it against the cluster (the map's own centre is Leaflet's to say).
    const disc = await canvasCentroid(page, [43, 43, 64])
    expect(Math.hypot(disc.x - drawnAt.x, disc.y - drawnAt.y)).toBeLessThan(3)
    const lone = await canvasCentroid(page, [204, 121, 167])
    const [a, b] = [await pagePointOf(page, CLUSTER_CENTRE.lat, CLUSTER_CENTRE.lng), await pagePointOf(page, LONE.lat, LONE.lng)]
    expect(Math.hypot(lone.x - disc.x - (b.x - a.x), lone.y - disc.y - (b.y - a.y))).toBeLessThan(4)
    // Beside the written count, inside the disc: the cluster's dark paint over what is under it.
    const onDisc = { x: drawnAt.x, y: drawnAt.y - box.height / 2 + 4 }
    const painted = await pixelAt(page, onDisc)
    expect(painted.every((channel) => channel < 120)).toBe(true) // the dark disc, a little lit by what is under it
    expect(sameColour(painted, await pixelUnderIncidents(page, onDisc))).toBe(false)
    await expect(page.locator('.ta-incidents-notice').textContent()).resolves.toBe('14 incidents from 16 June 2017 to 15 July 2017')
    await expect(page.locator('.ta-legend-incidents').isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'incidents-layer-on')

    // A lone incident's popup: every value as text.
    await page.mouse.click(lone.x, lone.y)
    const popup = page.locator('.ta-incident-popup[data-incident="acled-fixture-lone"]')
    await popup.waitFor()
    await expect(popup.textContent()).resolves.toContain(MARKUP_ACTOR)
    await expect(popup.textContent()).resolves.toContain('3 (2–5)')
    await expect(popup.textContent()).resolves.toContain('ACLED FIXTURE-LONE')
    await expect(popup.locator('img').count()).resolves.toBe(0)
    await saveScreenshot(page, 'incidents-popup')
    await page.keyboard.press('Escape')

    // A date whose 30 days hold none: nothing drawn where the cluster was.
    await typeMapDate(page, '2017-09-01')
    await page.waitForSelector('#map[data-incidents="2017-08-03/2017-09-01:0"]')
    await expect(page.locator('.ta-incident-count').count()).resolves.toBe(0)
    expect(sameColour(await pixelAt(page, onDisc), await pixelUnderIncidents(page, onDisc), 2)).toBe(true)
    await expect(page.locator('.ta-incidents-notice').textContent()).resolves.toBe('No incidents recorded from 3 August 2017 to 1 September 2017.')

    // The zone's card, opened on the map at that date.
    const inside = await pointInside(page, IDLIB, 'area')
    await page.mouse.click(inside.x, inside.y)
    const card = page.locator(`.ta-card[data-zone="${IDLIB}"]`)
    const expected = (await app.server.app.inject({ method: 'GET', url: `/zones/${IDLIB}/incidents?as_of=2017-09-01` })).json() as { months: { month: string; events: number }[]; indicator: { state: string; rule: string } }
    const july = expected.months.find((month) => month.month === '2017-07')!.events
    expect(july).toBeGreaterThanOrEqual(12)
    const bars = card.locator('svg.ta-incident-chart rect.ta-incident-bar')
    await expect.poll(() => bars.count()).toBe(expected.months.length)
    await expect(card.locator('rect.ta-incident-bar[data-month="2017-07"]').getAttribute('data-events')).resolves.toBe(String(july))
    await expect(card.locator('rect.ta-incident-bar[data-month="2018-03"]').count()).resolves.toBe(0) // after the card's date
    const barHeight = await card.locator('rect.ta-incident-bar[data-month="2017-07"]').boundingBox()
    expect(barHeight!.height).toBeGreaterThan(40)
    await expect(card.locator('.ta-chart-date').count()).resolves.toBe(1)
    await expect(card.locator('svg.ta-incident-chart').getAttribute('role')).resolves.toBe('img')
    const state = card.locator('.ta-indicator-state')
    await expect(state.textContent()).resolves.toBe(expected.indicator.state[0]!.toUpperCase() + expected.indicator.state.slice(1))
    const rule = card.locator('.ta-indicator-rule')
    await expect(rule.locator('p').first().isVisible()).resolves.toBe(false)
    await rule.locator('summary').click()
    await expect(rule.locator('p').first().isVisible()).resolves.toBe(true)
    await expect(rule.locator('p').first().textContent()).resolves.toBe(expected.indicator.rule)
    await expect(card.locator('.ta-incident-download a').getAttribute('href')).resolves.toMatch(/^\/incidents\?zone=\d+$/)

    // Back to mid-July: the card says the truce broke, and the cluster is drawn again.
    await typeMapDate(page, '2017-07-15')
    await expect.poll(() => state.textContent()).toBe('Broken')
    await expect(card.locator('.ta-indicator-reason').textContent()).resolves.toMatch(/^\d+ events and \d+ deaths recorded inside the zone in the 30 days to 15 July 2017/)
    await page.waitForSelector('#map[data-incidents="2017-06-16/2017-07-15:14"]')
    await card.locator('.ta-card-incidents').scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'incidents-card-idlib')
    await expect(page.evaluate(() => document.body.dataset.pwned ?? null)).resolves.toBeNull()
  })

  it('on a phone, the card’s chart and indicator fit the screen', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-15&incidents=on', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
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
