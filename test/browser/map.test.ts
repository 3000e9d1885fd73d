import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { drawnZones, gotoApp, listedZones, saveScreenshot, waitForApp, type WatchedPage } from './helpers/browser.ts'
import { dayNumber, zonesFromApi } from './helpers/expected.ts'

/** The map page against the server on the seed data, in headless Chromium. */
describe('the map page', () => {
  const app = useBrowserApp()

  const open = (path = '/'): Promise<WatchedPage> => app.pages.openApp(app.browser, app.server.url, path)

  it('draws one shape per zone with a geometry, and lists every zone', async () => {
    const { page } = await open()
    const expected = await zonesFromApi(app.server.app)
    expect(Object.keys(expected.drawn)).toHaveLength(30)
    expect(await drawnZones(page)).toEqual(expected.drawn)
    expect(await listedZones(page)).toEqual(expected.all)
    // Zones without a published location are listed, and say so.
    const missing = Object.keys(expected.all).filter((slug) => !(slug in expected.drawn))
    for (const slug of missing) {
      await expect(page.locator(`.ta-zone-item[data-zone="${slug}"]`).textContent()).resolves.toContain('Location not published')
    }
    // Opened fitted to the data: every drawn zone is inside the view.
    const outside = await page.evaluate(() => {
      const map = document.getElementById('map')!.getBoundingClientRect()
      return Array.from(document.querySelectorAll('#map .ta-zone-shape.ta-area'))
        .map((element) => ({ slug: element.getAttribute('data-zone'), box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.left < map.left || box.right > map.right || box.top < map.top || box.bottom > map.bottom)
        .map(({ slug }) => slug)
    })
    expect(outside).toEqual([])
    // The legend counts what is on the map.
    await expect(page.locator('.ta-legend li', { hasText: 'Collapsed' }).locator('.ta-legend-count').textContent()).resolves.toBe(
      String(Object.values(expected.all).filter((status) => status === 'collapsed').length),
    )
    await saveScreenshot(page, 'map-overview')
    // `UPDATE_DOCS_SCREENSHOT=1 npx vitest run --project browser -t "one shape per zone"` refreshes the README's picture.
    if (process.env.UPDATE_DOCS_SCREENSHOT) await page.screenshot({ path: path.resolve(import.meta.dirname, '../../docs/map.png') })
  })

  it('the status filter leaves only the matching zones on the map and in the list', async () => {
    const { page } = await open()
    await page.getByRole('checkbox', { name: /^Active/ }).check()
    const active = await zonesFromApi(app.server.app, '?status=active')
    expect(Object.keys(active.all).length).toBeGreaterThan(0)
    await expect.poll(() => drawnZones(page)).toEqual(active.drawn)
    expect(await listedZones(page)).toEqual(active.all)
    expect(new URL(page.url()).searchParams.get('status')).toBe('active')

    await page.getByRole('checkbox', { name: /^Collapsed/ }).check()
    const both = await zonesFromApi(app.server.app, '?status=active,collapsed')
    await expect.poll(() => drawnZones(page)).toEqual(both.drawn)
    expect(await listedZones(page)).toEqual(both.all)
    await saveScreenshot(page, 'map-filtered-active-collapsed')

    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(async () => Object.keys(await listedZones(page)).length).toBe(34)
  })

  it('selecting the siege of Raqqa shows its card with its parties and timeline', async () => {
    const { page } = await open()
    await page.locator('.ta-marker[data-zone="siege-of-raqqa"]').click()
    const card = page.locator('.ta-card[data-zone="siege-of-raqqa"]')
    await expect.poll(() => card.locator('h2').textContent()).toBe('Siege of Raqqa')
    await expect(card.locator('.ta-card-status').textContent()).resolves.toMatch(/Ended\s+since 20 October 2017/)

    const parties = await card.locator('.ta-party').evaluateAll((items) =>
      items.map((item) => [item.querySelector('.ta-party-name')?.textContent, item.querySelector('.ta-party-role')?.textContent]),
    )
    expect(parties).toEqual(
      expect.arrayContaining([
        ['Syrian Democratic Forces (SDF)', 'besieger'],
        ['US-led coalition (Operation Inherent Resolve)', 'besieger'],
        ['Islamic State (ISIS)', 'besieged'],
      ]),
    )
    await expect(card.locator('dt', { hasText: 'Sponsors' }).locator('+ dd').textContent()).resolves.toBe('None recorded')

    // The timeline: both status changes, the inferred one marked as such, sources as safe links.
    await expect.poll(() => card.locator('.ta-timeline-entry').count()).toBe(2)
    const entries = await card.locator('.ta-timeline-entry').evaluateAll((items) =>
      items.map((item) => ({
        date: item.querySelector('time')?.textContent,
        datetime: item.querySelector('time')?.getAttribute('datetime'),
        change: item.querySelector('.ta-timeline-change')?.textContent,
        inferred: item.querySelector('.ta-badge-inferred')?.textContent ?? null,
        basis: item.getAttribute('data-basis'),
      })),
    )
    expect(entries).toEqual([
      { date: '6 June 2017', datetime: '2017-06-06', change: 'Active', inferred: 'inferred', basis: 'inferred' },
      { date: '20 October 2017', datetime: '2017-10-20', change: 'Active → Ended', inferred: null, basis: 'stated' },
    ])
    const links = await card.locator('.ta-source a').evaluateAll((anchors) => anchors.map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel') })))
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) {
      expect(link.href).toMatch(/^https?:\/\//)
      expect(link.rel).toBe('noopener noreferrer')
    }
    // Selected in both places: the list item and the drawn shape.
    await expect(page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] button').getAttribute('aria-current')).resolves.toBe('true')
    await expect(page.locator('#map path.ta-area[data-zone="siege-of-raqqa"]').getAttribute('class')).resolves.toContain('is-selected')
    await saveScreenshot(page, 'card-siege-of-raqqa')
  })

  it('a date from the permalink shows the zones as they stood that day', async () => {
    const { page } = await open('/?date=2017-07-08&zone=south-west-de-escalation-zone')
    await expect(page.locator('.ta-card-status').getAttribute('data-status')).resolves.toBe('agreed')
  })

  it('hovering a zone in the list highlights it on the map, and the other way round', async () => {
    const { page } = await open()
    await page.locator('.ta-zone-item[data-zone="al-tanf-deconfliction-zone"] button').hover()
    await expect(page.locator('#map path.ta-area[data-zone="al-tanf-deconfliction-zone"]').getAttribute('class')).resolves.toContain('is-hovered')
    await page.locator('.ta-marker[data-zone="darat-izza-observation-post"]').hover()
    await expect(page.locator('.ta-zone-item[data-zone="darat-izza-observation-post"]').getAttribute('class')).resolves.toContain('is-hovered')
  })

  it('moving the time slider from 2017-07-08 to 2017-07-10 turns the south-west zone from agreed to active', async () => {
    const { page } = await open()
    const slider = page.getByRole('slider', { name: 'Date of the map' })
    const zone = 'south-west-de-escalation-zone'

    await slider.fill(dayNumber('2017-07-08'))
    await expect.poll(async () => (await drawnZones(page))[zone]).toBe('agreed')
    expect((await listedZones(page))[zone]).toBe('agreed')
    expect(new URL(page.url()).searchParams.get('date')).toBe('2017-07-08')
    await expect(slider.getAttribute('aria-valuetext')).resolves.toBe('8 July 2017')
    // Zones not yet proposed that day are neither drawn nor listed.
    const then = await zonesFromApi(app.server.app, '?as_of=2017-07-08')
    expect(await drawnZones(page)).toEqual(then.drawn)
    expect(await listedZones(page)).toEqual(then.all)
    // A date known only to the year is shown as a year.
    await expect(page.locator('.ta-zone-item[data-zone="golan-1974-area-of-separation"] .ta-zone-meta').textContent()).resolves.toMatch(/^Active since 1974 ·/)
    await saveScreenshot(page, 'map-2017-07-08')

    await slider.fill(dayNumber('2017-07-10'))
    await expect.poll(async () => (await drawnZones(page))[zone]).toBe('active')
    expect((await listedZones(page))[zone]).toBe('active')
    await saveScreenshot(page, 'map-2017-07-10')

    // By keyboard: one day back is 9 July, when the ceasefire began (12:00): already active.
    await slider.focus()
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(async () => (await drawnZones(page))[zone]).toBe('agreed')
    expect(new URL(page.url()).searchParams.get('date')).toBe('2017-07-08')
  })

  it('marks the dates of the changes on the timeline, and steps and plays through them', async () => {
    const { page } = await open()
    const marks = await page.locator('.ta-time-mark').evaluateAll((items) => items.map((item) => item.getAttribute('data-date')))
    expect(marks).toEqual(expect.arrayContaining(['2017-05-04', '2017-06-06', '2017-07-07', '2017-07-09', '2017-10-20']))
    await page.getByLabel('Date', { exact: true }).fill('01/07/2017')
    await page.getByLabel('Date', { exact: true }).press('Enter')
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2017-07-01')
    await page.getByRole('button', { name: 'Next change' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2017-07-07')
    await page.getByRole('button', { name: 'Play' }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('date'), { timeout: 5000 }).toBe('2017-07-09')
    await page.getByRole('button', { name: 'Pause' }).click()
    await expect(page.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed')).resolves.toBe('false')
  })

  it('a reloaded or shared permalink restores the filters, the zone, the date and the view', async () => {
    const { page } = await open()
    await page.locator('.ta-filters summary', { hasText: 'Kind' }).click()
    await page.getByRole('checkbox', { name: /^De-escalation zone/ }).check()
    await page.getByRole('checkbox', { name: /^Active/ }).check()
    await page.getByLabel('Sponsor or guarantor').selectOption('russia')
    await page.getByRole('slider', { name: 'Date of the map' }).fill(dayNumber('2017-09-01'))
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2017-09-01')
    await page.locator('.ta-zone-item[data-zone="eastern-ghouta-de-escalation-zone"] button').click()
    await expect.poll(() => page.locator('.ta-card h2').textContent()).toBe('Eastern Ghouta de-escalation zone')
    await page.getByRole('button', { name: 'Zoom in' }).click()
    await page.locator('#map').focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => new URL(page.url()).searchParams.get('map') ?? '').toMatch(/^\d+\//)
    await page.waitForTimeout(400) // the view is written to the URL 250 ms after the map stops

    const link = page.url()
    const params = new URL(link).searchParams
    expect(Object.fromEntries(params)).toMatchObject({ kind: 'de-escalation-zone', status: 'active', sponsor: 'russia', zone: 'eastern-ghouta-de-escalation-zone', date: '2017-09-01' })
    const before = await pageState(page)
    await saveScreenshot(page, 'permalink-before-reload')

    await page.reload()
    await waitForApp(page)
    expect(await pageState(page)).toEqual(before)
    expect(page.url()).toBe(link)

    // Shared: the same link in a fresh browser context, at another window size.
    const shared = await app.pages.open(app.browser, app.server.url, { viewport: { width: 1200, height: 800 } })
    await gotoApp(shared, link)
    const state = await pageState(shared.page)
    expect({ ...state, view: undefined }).toEqual({ ...before, view: undefined })
    expect(state.view).toBe(before.view)
    await saveScreenshot(shared.page, 'permalink-shared')
  })
})

/** What the permalink should restore, read from the page itself. */
async function pageState(page: import('playwright-core').Page) {
  return {
    checked: await page.locator('.ta-filters input[type=checkbox]:checked').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)),
    sponsor: await page.getByLabel('Sponsor or guarantor').inputValue(),
    card: await page.locator('.ta-card h2').textContent(),
    date: await page.getByRole('slider', { name: 'Date of the map' }).getAttribute('aria-valuetext'),
    view: await page.locator('#map').getAttribute('data-view'),
    listed: await listedZones(page),
    drawn: await drawnZones(page),
  }
}
