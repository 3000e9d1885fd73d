import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserApp } from './helpers/use-browser-app.ts'

/** The browser's Back and Forward buttons step through the cards a person opened, within the page. */
describe('Back and Forward on the map page', () => {
  const app = useBrowserApp()

  const cardTitle = (page: Page) => page.locator('.ta-card h2').first().textContent({ timeout: 3000 }).catch(() => null)
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name)

  it('closes and reopens the cards in the order they were opened, and never leaves the page', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-09')
    await page.locator('.ta-zone-item[data-zone="siege-of-raqqa"] button').click()
    await expect.poll(() => cardTitle(page)).toBe('Siege of Raqqa')
    await page.getByRole('button', { name: /All zones/ }).click()
    await expect.poll(() => page.locator('.ta-card').count()).toBe(0)
    await page.locator('.ta-zone-item[data-zone="idlib-de-escalation-zone"] button').click()
    await expect.poll(() => cardTitle(page)).toBe('Idlib de-escalation zone')

    await page.goBack()
    await expect.poll(() => page.locator('.ta-card').count()).toBe(0)
    expect(param(page, 'zone')).toBeNull()
    await page.goBack()
    await expect.poll(() => cardTitle(page)).toBe('Siege of Raqqa')
    expect(param(page, 'zone')).toBe('siege-of-raqqa')
    expect(param(page, 'date')).toBe('2017-07-09')
    await page.goForward()
    await expect.poll(() => page.locator('.ta-card').count()).toBe(0)
    await page.goBack()
    await page.goBack()
    await expect.poll(() => page.locator('.ta-card').count()).toBe(0)
    expect(new URL(page.url()).pathname).toBe('/')
    expect(param(page, 'date')).toBe('2017-07-09')
  })
})
