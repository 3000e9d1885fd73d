import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createAccount, apiToken, signIn } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { gotoApp, saveScreenshot, type WatchedPage } from './helpers/browser.ts'
import { dayNumber } from './helpers/expected.ts'
import { basemapPixelAt, expectedMap, pagePointOf, pixelAt, pointInside, renderedMap, sameColour, urlDate } from './helpers/map-truth.ts'

/** Dates across the record: before the Astana zones, their first days, the Sochi years, the Moscow protocol, 2025. */
const DATES = ['2016-12-30', '2017-01-01', '2017-07-09', '2018-09-20', '2020-03-06', '2025-06-01']

/** Inside the south-west de-escalation area (agreed 7 July 2017) and inside the western band of the 2019 Sochi zone. */
const SOUTH_WEST = { lat: 32.8, lng: 36.2 }
const SOCHI_2019 = { lat: 36.75, lng: 38.35 }

/**
 * The map tells the truth at every date: whichever way the date is reached, what is drawn in #map
 * (and counted in the legend) is exactly what GET /zones?as_of=<date> returns with a geometry.
 */
describe('the map at every date', () => {
  const app = useBrowserApp()
  let editor: Record<string, string>

  beforeAll(async () => {
    await createAccount(app.server.app, 'ada', 'editor')
    editor = await apiToken(app.server.app, await signIn(app.server.app, 'ada'))
  })

  // en-GB: the date field reads day/month/year, as typed below.
  const open = (path = '/'): Promise<WatchedPage> => app.pages.openApp(app.browser, app.server.url, path, { locale: 'en-GB' })

  /** Waits until the map shows `date` and compares what is rendered with the API's zones of that date. */
  async function expectTruth(page: Page, date: string | null): Promise<void> {
    await expect.poll(() => urlDate(page)).toBe(date)
    const expected = await expectedMap(app.server.app, date)
    await expect.poll(() => renderedMap(page), { timeout: 5000 }).toEqual(expected)
  }

  const dateField = (page: Page) => page.getByLabel('Date', { exact: true })

  /**
   * Types a date into the date field as a person does: click, select what is there, type the date as
   * the reader's locale writes it (en-GB: 9/7/2017), Enter.
   */
  async function typeDate(page: Page, date: string, locale: 'en-GB' | 'en-US' = 'en-GB'): Promise<void> {
    const [year, month, day] = date.split('-').map((part) => String(Number(part))) as [string, string, string]
    const field = dateField(page)
    await field.click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(locale === 'en-US' ? `${month}/${day}/${year.padStart(4, '0')}` : `${day}/${month}/${year.padStart(4, '0')}`, { delay: 20 })
    await page.keyboard.press('Enter')
  }

  /** Sets the date field at once (the British form, as the pages here read) and presses Enter. */
  async function fillDate(page: Page, date: string): Promise<void> {
    const [year, month, day] = date.split('-')
    await dateField(page).fill(`${day}/${month}/${year}`)
    await dateField(page).press('Enter')
  }

  it("the date field reads and takes dates in the reader's order, as the rest of the page writes them", async () => {
    for (const [locale, typed, shown, header] of [
      ['en-GB', '9/7/2017', '09/07/2017', 'Map as of 9 July 2017'],
      ['en-US', '7/9/2017', '07/09/2017', 'Map as of July 9, 2017'],
    ] as const) {
      const { page } = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-09', { locale })
      await expect.poll(() => page.locator('.ta-time-status').textContent()).toBe(header)
      await expect.poll(() => dateField(page).inputValue()).toBe(shown)
      await typeDate(page, '2018-09-20', locale)
      await expect.poll(() => urlDate(page)).toBe('2018-09-20')
      const field = dateField(page)
      await field.click()
      await page.keyboard.press('ControlOrMeta+A')
      await page.keyboard.type(typed, { delay: 20 })
      await page.keyboard.press('Enter')
      await expect.poll(() => urlDate(page)).toBe('2017-07-09')
      await expect.poll(() => page.locator('.ta-time-status').textContent()).toBe(header)
      await expect.poll(() => field.inputValue()).toBe(shown)
      await saveScreenshot(page, `truth-date-field-${locale}`)
    }
  })

  it('typing a date: the map, the legend and the header show that date only; partial dates load nothing', async () => {
    // Today's map, in a view that holds the south-west of Syria and the north-east.
    const { page } = await open('/?map=6.5/34.6/38.3')
    const asOf: string[] = []
    page.on('request', (request) => {
      const date = new URL(request.url()).searchParams.get('as_of')
      if (date) asOf.push(date)
    })
    for (const date of DATES) {
      await typeDate(page, date)
      await expectTruth(page, date)
    }
    // Only the complete dates were asked for, never the years 2, 20 or 201 on the way.
    expect(asOf.every((date) => DATES.includes(date))).toBe(true)
    await expect(page.locator('.ta-time-status').textContent()).resolves.toBe('Map as of 1 June 2025')

    // Back to 9 July 2017 from 2025: the 2019 Sochi zone is gone from the map, the south-west zone painted.
    await typeDate(page, '2017-07-09')
    await expectTruth(page, '2017-07-09')
    await saveScreenshot(page, 'truth-typed-2017-07-09')
    const southWest = await pagePointOf(page, SOUTH_WEST.lat, SOUTH_WEST.lng)
    const sochi = await pagePointOf(page, SOCHI_2019.lat, SOCHI_2019.lng)
    expect(sameColour(await pixelAt(page, sochi), await basemapPixelAt(page, sochi))).toBe(true)
    expect(sameColour(await pixelAt(page, southWest), await basemapPixelAt(page, southWest))).toBe(false)
    await typeDate(page, '2017-01-01')
    await expectTruth(page, '2017-01-01')
    await saveScreenshot(page, 'truth-typed-2017-01-01')
    expect(sameColour(await pixelAt(page, southWest), await basemapPixelAt(page, southWest))).toBe(true)
  })

  it("writes every date on the page one way, in the reader's locale, and none in the API's ISO form", async () => {
    const visibleText = (page: Page) => page.evaluate(() => document.body.innerText)
    for (const [locale, header, since] of [
      ['en-GB', 'Map as of 9 July 2017', /Active\s+since 6 June 2017/],
      ['en-US', 'Map as of July 9, 2017', /Active\s+since June 6, 2017/],
    ] as const) {
      const { page } = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-09&zone=siege-of-raqqa', { locale })
      await expect.poll(() => page.locator('.ta-time-status').textContent()).toBe(header)
      await expect.poll(() => page.locator('.ta-card[data-zone="siege-of-raqqa"] .ta-card-status').textContent()).toMatch(since)
      await expect.poll(() => page.locator('.ta-card-timeline time').count()).toBeGreaterThan(0)
      expect((await visibleText(page)).match(/^.*\b\d{4}-\d{2}-\d{2}\b.*$/gm)).toBeNull()
      await saveScreenshot(page, `truth-dates-${locale}`)
    }
  })

  it('the date field refuses dates outside the record, saying so, and keeps the map where it was', async () => {
    const { page } = await open()
    await typeDate(page, '2017-07-09')
    await expect.poll(() => urlDate(page)).toBe('2017-07-09')
    await typeDate(page, '0017-07-09')
    const message = page.locator('.ta-time-error')
    await expect.poll(() => message.textContent()).toMatch(/before the first date on record/)
    expect(urlDate(page)).toBe('2017-07-09')
    await typeDate(page, '2999-01-01')
    await expect.poll(() => message.textContent()).toMatch(/after today/)
    expect(urlDate(page)).toBe('2017-07-09')
    await expectTruth(page, '2017-07-09')
    await saveScreenshot(page, 'truth-date-refused')
    // An incomplete date: the message says which form to use; Escape puts back the date shown.
    await dateField(page).click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('9/7', { delay: 20 })
    await page.keyboard.press('Enter')
    await expect.poll(() => message.textContent()).toMatch(/Enter a complete date as dd\/mm\/yyyy/)
    expect(urlDate(page)).toBe('2017-07-09')
    await saveScreenshot(page, 'truth-date-incomplete')
    await page.keyboard.press('Escape')
    await expect.poll(() => dateField(page).inputValue()).toBe('09/07/2017')
    await expect.poll(() => message.isVisible()).toBe(false)
    // A date written out, applied on leaving the field.
    await dateField(page).click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('20 Sep 2018', { delay: 20 })
    await page.keyboard.press('Tab')
    await expectTruth(page, '2018-09-20')
    await expect.poll(() => dateField(page).inputValue()).toBe('20/09/2018')
    await expect.poll(() => message.isVisible()).toBe(false)
  })

  it('the slider, dragged and then nudged by the arrow keys: the map shows each date', async () => {
    const { page } = await open()
    const slider = page.getByRole('slider', { name: 'Date of the map' })
    // The slider's track starts on 1 January of the first year with changes known to the day (2017).
    const start = await slider.getAttribute('min')
    const dates = ['2017-03-15', ...DATES].filter((date) => Number(dayNumber(date)) >= Number(start))
    expect(dates.length).toBeGreaterThanOrEqual(6)
    for (const date of dates) {
      const { min, max, value, box } = await slider.evaluate((input: HTMLInputElement) => {
        const rect = input.getBoundingClientRect()
        return { min: Number(input.min), max: Number(input.max), value: Number(input.value), box: { x: rect.left, y: rect.top, width: rect.width, height: rect.height } }
      })
      const thumb = 20
      const xOf = (day: number) => box.x + thumb / 2 + ((day - min) / (max - min)) * (box.width - thumb)
      await page.mouse.move(xOf(value), box.y + box.height / 2)
      await page.mouse.down()
      await page.mouse.move(xOf(Number(dayNumber(date))), box.y + box.height / 2, { steps: 5 })
      await page.mouse.up()
      // Where the drag left the thumb; the arrow keys then go the last days, as a person would.
      const reached = Number(await slider.inputValue())
      await expect.poll(() => urlDate(page)).toBe(new Date(reached * 86_400_000).toISOString().slice(0, 10))
      const offset = Number(dayNumber(date)) - reached
      await slider.focus()
      for (let i = 0; i < Math.abs(offset); i++) await page.keyboard.press(offset > 0 ? 'ArrowRight' : 'ArrowLeft')
      await expectTruth(page, date)
    }
    await saveScreenshot(page, 'truth-slider-2025-06-01')
  })

  it('the step buttons: the map shows each change they step to', async () => {
    const { page } = await open()
    const marks = await page.locator('.ta-time-mark').evaluateAll((items) => items.map((item) => item.getAttribute('data-date')!))
    const targets = DATES.map((date) => marks.find((mark) => mark >= date)!)
    await fillDate(page, '2016-12-01')
    await expect.poll(() => urlDate(page)).toBe('2016-12-01')
    for (const target of targets) {
      while (urlDate(page)! < target) {
        const before = urlDate(page)
        await page.getByRole('button', { name: 'Next change' }).click()
        await expect.poll(() => urlDate(page)).not.toBe(before)
      }
      await expectTruth(page, target)
    }
    await page.getByRole('button', { name: 'Previous change' }).click()
    await expectTruth(page, [...marks].reverse().find((mark) => mark < targets.at(-1)!)!)
  })

  it('Play steps through the years and the changes at the chosen pace; the map shows each date it pauses on', async () => {
    const { page } = await open()
    const visited: string[] = []
    page.on('request', (request) => {
      const date = new URL(request.url()).searchParams.get('as_of')
      if (date) visited.push(date)
    })
    await page.getByLabel('Speed').selectOption({ label: 'Fast' })
    for (const [from, until] of [
      ['2016-12-01', '2017-07-09'],
      ['2017-09-01', '2017-10-20'],
      ['2018-08-01', '2018-09-20'],
      ['2020-02-01', '2020-03-06'],
      ['2024-11-01', '2024-12-08'],
      ['2025-05-01', '2025-06-01'],
    ] as const) {
      await fillDate(page, from)
      await expect.poll(() => urlDate(page)).toBe(from)
      await page.getByRole('button', { name: 'Play', exact: true }).click()
      await expect.poll(() => (urlDate(page) ?? '9999') >= until, { timeout: 20_000 }).toBe(true)
      await page.getByRole('button', { name: 'Pause', exact: true }).click()
      await expectTruth(page, urlDate(page))
    }
    // Across years as well as across changes: New Year's Day is a step.
    expect(visited).toEqual(expect.arrayContaining(['2017-01-01']))
    await saveScreenshot(page, 'truth-play')
  })

  it('a permalink: the map shows its date', async () => {
    const watched = await open(`/?date=${DATES[0]}`)
    for (const date of DATES) {
      await gotoApp(watched, `${app.server.url}/?date=${date}`)
      await expectTruth(watched.page, date)
    }
  })

  it("an editor's changes arriving live replace the shapes drawn, never stack under them", async () => {
    const { page } = await open()
    for (const date of [null, ...DATES]) {
      if (date) await typeDate(page, date)
      await expectTruth(page, date)
      const shown = await expectedMap(app.server.app, date)
      const slug = Object.keys(shown.drawn).sort()[0]!
      const zone = await app.server.app.inject({ method: 'GET', url: `/zones/${slug}` })
      const geometry = moved(zone.json().geometry)
      const version = await page.locator('#map').getAttribute('data-live-version')
      const patched = await app.server.app.inject({ method: 'PATCH', url: `/zones/${slug}`, headers: { ...editor, 'if-match': zone.headers.etag as string }, payload: { geometry } })
      expect(patched.statusCode, patched.body).toBe(200)
      await expect.poll(() => page.locator('#map').getAttribute('data-live-version')).not.toBe(version)
      await expectTruth(page, date)
    }
    // A status change too: the shape is recoloured, not drawn twice.
    const slug = 'sdf-damascus-agreements'
    expect((await renderedMap(page)).drawn[slug]).toBe('agreed')
    const etag = (await app.server.app.inject({ method: 'GET', url: `/zones/${slug}` })).headers.etag as string
    const changed = await app.server.app.inject({
      method: 'POST',
      url: `/zones/${slug}/status`,
      headers: { ...editor, 'if-match': etag },
      payload: { status: 'active', effective_date: '2025-05-01', reason: 'a test of the live map' },
    })
    expect(changed.statusCode, changed.body).toBe(200)
    await expect.poll(async () => (await renderedMap(page)).drawn[slug]).toBe('active')
    await expectTruth(page, '2025-06-01')
  })

  it('a click anywhere inside a zone opens its card: area, siege, line and point', async () => {
    const watched = await open()
    const { page } = watched
    const line = await page.locator('#map path.ta-line[data-zone]').first().getAttribute('data-zone')
    expect(line).toBeTruthy()
    for (const [slug, shape, view] of [
      ['al-tanf-deconfliction-zone', 'area', null],
      [line!, 'line', null],
      ['morek-observation-post', 'marker', null],
      // Zoomed in, as a person would, to click inside the siege's ring beside its symbol.
      ['siege-of-raqqa', 'area', '10/35.96/39.0'],
    ] as const) {
      if (view) await gotoApp(watched, `${app.server.url}/?map=${view}`)
      const point = await pointInside(page, slug, shape)
      await page.mouse.move(point.x, point.y, { steps: 3 })
      await page.mouse.click(point.x, point.y)
      await expect.poll(() => page.locator(`.ta-card[data-zone="${slug}"] h2`).count(), { timeout: 3000 }).toBe(1)
      await saveScreenshot(page, `truth-clicked-${shape}-${slug}`)
    }
  })

  it('a tap inside an area zone opens its card on a phone', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/', { locale: 'en-GB', viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
    const point = await pointInside(page, 'al-tanf-deconfliction-zone', 'area')
    await page.touchscreen.tap(point.x, point.y)
    await expect.poll(() => page.locator('.ta-card[data-zone="al-tanf-deconfliction-zone"] h2').textContent(), { timeout: 3000 }).toBe('Al-Tanf deconfliction zone')
    await saveScreenshot(page, 'truth-tapped-phone')
  })
})

/** The same geometry a hundredth of a degree east. */
function moved(geometry: { type: string; coordinates: unknown }): unknown {
  const shift = (value: unknown): unknown =>
    Array.isArray(value) && typeof value[0] === 'number' ? [(value[0] as number) + 0.01, ...value.slice(1)] : Array.isArray(value) ? value.map(shift) : value
  return { type: geometry.type, coordinates: shift(geometry.coordinates) }
}
