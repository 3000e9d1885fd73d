import { describe, expect, it } from 'vitest'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'
import { focused, lowContrastText, unnamedControls } from './helpers/a11y.ts'

/** Keyboard, names, focus, contrast, and a phone-sized screen. */
describe('accessibility and small screens', () => {
  const app = useBrowserApp()

  it('works by keyboard: skip link, list, card, and back, with a visible focus', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/')
    const { page } = watched
    await page.keyboard.press('Tab')
    await expect(focused(page)).resolves.toMatchObject({ text: 'Skip to the list of zones' })
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    await expect(focused(page)).resolves.toMatchObject({ tag: 'INPUT', id: expect.stringMatching(/^ta-search/) })
    expect((await focused(page)).outline).not.toBe('none')

    await page.keyboard.type('raqqa')
    await expect.poll(() => page.locator('.ta-zone-item').count()).toBeLessThan(23)
    await page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] button').focus()
    expect((await focused(page)).outline).not.toBe('none')
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused(page)).text).toBe('Siege of Raqqa')
    await page.keyboard.press('Escape')
    await expect.poll(async () => (await focused(page)).zone).toBe('siege-of-raqqa')
    expect(new URL(page.url()).searchParams.get('zone')).toBeNull()

    // Markers (observation posts, crossings) take the focus and open their card with Enter.
    await page.getByLabel('Search').fill('')
    await expect.poll(() => page.locator('.ta-zone-item').count()).toBe(34)
    await page.locator('.ta-marker[data-zone="darat-izza-observation-post"]').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => new URL(page.url()).searchParams.get('zone')).toBe('darat-izza-observation-post')
  })

  it('names every control', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/')
    const unnamed = await unnamedControls(watched.page)
    expect(unnamed).toEqual([])
  })

  it('keeps text contrast at 4.5:1 or more', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/?zone=siege-of-raqqa')
    const { failures, checked } = await lowContrastText(watched.page)
    expect(checked).toBeGreaterThan(100) // the list, the card, the legend, the time bar, the labels
    expect(failures).toEqual([])
  })

  it('fits a phone: the panel is a drawer that opens, lists and shows a card', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, '/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
    const { page } = watched
    const toggle = page.locator('#panel-toggle')
    await expect(toggle.isVisible()).resolves.toBe(true)
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false')
    await saveScreenshot(page, 'phone-map')
    await toggle.click()
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true')
    await page.waitForTimeout(300) // the drawer slides in
    const panel = await page.locator('#panel').boundingBox()
    expect(panel).not.toBeNull()
    expect(panel!.x).toBeGreaterThanOrEqual(0)
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(390)
    expect(panel!.y + panel!.height).toBeLessThanOrEqual(844 + 1)
    await saveScreenshot(page, 'phone-list')
    await page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] button').click()
    await expect.poll(() => page.locator('.ta-card h2').textContent()).toBe('Siege of Raqqa')
    await saveScreenshot(page, 'phone-card')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    expect((await lowContrastText(page)).failures).toEqual([])
  })
})
