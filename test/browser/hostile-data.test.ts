import { beforeAll, describe, expect, it } from 'vitest'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { gotoApp, openPage, saveScreenshot, type WatchedPage } from './helpers/browser.ts'

const HOSTILE_NAME = '<img src=x onerror=alert(1)>'
const HOSTILE_DESCRIPTION = '<script>alert(2)</script><b onmouseover=alert(3)>bold?</b>'
const HOSTILE_PARTY = '<svg onload=alert(4)>SDF'
const HOSTILE_SOURCE_TITLE = '<a href="javascript:alert(5)">click</a>'
const HOSTILE_SOURCE_URL = 'https://example.org/"><img src=x onerror=alert(6)>'

/**
 * Hostile text in the database (written straight into a seeded test database) is shown as text:
 * no element is made from it, no dialog opens, and a source URL stays an inert http(s) link.
 */
describe('hostile data', () => {
  const app = useBrowserApp(async (db) => {
    await db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION })
    await db.knex('parties').where({ slug: 'sdf' }).update({ name: HOSTILE_PARTY })
    const source = await db.knex('sources').where('url', 'like', '%reuters.com%raqqa%').first('id')
    if (!source) throw new Error('the seed data lacks the Reuters source on Raqqa')
    await db.knex('sources').where({ id: source.id }).update({ title: HOSTILE_SOURCE_TITLE, url: HOSTILE_SOURCE_URL })
  })
  let watched: WatchedPage

  beforeAll(async () => {
    const zone = await app.server.app.inject({ method: 'GET', url: '/zones/siege-of-raqqa' })
    expect(zone.json().properties.name).toBe(HOSTILE_NAME) // the API really serves it
    watched = await openPage(app.browser, app.server.url)
    await gotoApp(watched, `${app.server.url}/?zone=siege-of-raqqa`)
  })

  it('shows the hostile name literally in the list, the card and the map label, and runs nothing', async () => {
    const { page } = watched
    await expect(page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] .ta-zone-name').textContent()).resolves.toBe(HOSTILE_NAME)
    await expect(page.locator('.ta-card h2').textContent()).resolves.toBe(HOSTILE_NAME)
    await expect(page.locator('.ta-card-description').textContent()).resolves.toBe(HOSTILE_DESCRIPTION)
    await expect(page.locator('.ta-zone-label[data-zone="siege-of-raqqa"] .ta-label-name').textContent()).resolves.toBe(HOSTILE_NAME)
    await expect(page.locator('.ta-party-name', { hasText: 'SDF' }).textContent()).resolves.toBe(HOSTILE_PARTY)

    // Hovering the shape and its symbol would fire inline handlers if any had been made.
    await page.locator('.ta-marker[data-zone="siege-of-raqqa"]').hover()
    await page.locator('.ta-card-title').hover()
    await page.getByRole('button', { name: '‹ All zones' }).click()
    await page.locator('.ta-zone-item[data-zone="siege-of-raqqa"]').hover()
    await page.waitForTimeout(300)
    await saveScreenshot(page, 'hostile-data-list')
    await page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] button').click()

    const injected = await page.evaluate(() => ({
      images: document.querySelectorAll('img[src="x"]').length,
      scripts: Array.from(document.querySelectorAll('script')).filter((script) => !script.src).length,
      bold: document.querySelectorAll('.ta-card b, .ta-zone-list b').length,
      svgOnload: document.querySelectorAll('svg[onload]').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((element) => Array.from(element.attributes).some((attribute) => attribute.name.startsWith('on'))).length,
    }))
    expect(injected).toEqual({ images: 0, scripts: 0, bold: 0, svgOnload: 0, handlers: 0 })
    expect(watched.dialogs).toEqual([])
    await saveScreenshot(page, 'hostile-data')
  })

  it('keeps a source link an http(s) link whose text is the hostile title', async () => {
    const { page } = watched
    // The source is cited by a status change and by a version of the outline: each link is safe.
    const links = await page.locator('.ta-source a', { hasText: 'javascript' }).all()
    expect(links.length).toBeGreaterThan(0)
    for (const link of links) {
      await expect(link.textContent()).resolves.toBe(HOSTILE_SOURCE_TITLE)
      await expect(link.getAttribute('href')).resolves.toBe(new URL(HOSTILE_SOURCE_URL).href)
      await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer')
    }
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0)
  })

  it('logged no error and sent nothing off the machine', () => {
    expect(watched.problems).toEqual([])
    expect(watched.externalRequests).toEqual([])
    expect(watched.dialogs).toEqual([])
  })
})
