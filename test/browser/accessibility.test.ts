import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startBrowserApp, type BrowserApp } from './helpers/browser-app.ts'
import { gotoApp, launchBrowser, openPage, saveScreenshot, type WatchedPage } from './helpers/browser.ts'

/** Keyboard, names, focus, contrast, and a phone-sized screen. */
describe('accessibility and small screens', () => {
  let server: BrowserApp
  let browser: Browser
  let watched: WatchedPage | null = null

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startBrowserApp(), launchBrowser()])
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  afterEach(async () => {
    if (!watched) return
    expect(watched.problems).toEqual([])
    await watched.page.context().close()
    watched = null
  })

  it('works by keyboard: skip link, list, card, and back, with a visible focus', async () => {
    watched = await openPage(browser, server.url)
    await gotoApp(watched, `${server.url}/`)
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
    await expect.poll(() => page.locator('.ta-zone-item').count()).toBe(23)
    await page.locator('.ta-marker[data-zone="darat-izza-observation-post"]').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => new URL(page.url()).searchParams.get('zone')).toBe('darat-izza-observation-post')
  })

  it('names every control', async () => {
    watched = await openPage(browser, server.url)
    await gotoApp(watched, `${server.url}/`)
    const unnamed = await watched.page.evaluate(() => {
      const nameOf = (element: HTMLElement): string => {
        const labelledBy = element.getAttribute('aria-labelledby')
        const labels = (element as HTMLInputElement).labels
        return (
          element.getAttribute('aria-label') ??
          (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
          (labels && labels.length > 0 ? labels[0]!.textContent : null) ??
          (element.textContent?.trim() || element.getAttribute('title') || '')
        ).trim()
      }
      return Array.from(document.querySelectorAll<HTMLElement>('button, input, select, a[href], [role="button"], [role="slider"], summary'))
        .filter((element) => element.getClientRects().length > 0 || element.closest('details'))
        .filter((element) => nameOf(element) === '')
        .map((element) => element.outerHTML.slice(0, 120))
    })
    expect(unnamed).toEqual([])
  })

  it('keeps text contrast at 4.5:1 or more', async () => {
    watched = await openPage(browser, server.url)
    await gotoApp(watched, `${server.url}/?zone=siege-of-raqqa`)
    const { failures, checked } = await lowContrastText(watched.page)
    expect(checked).toBeGreaterThan(100) // the list, the card, the legend, the time bar, the labels
    expect(failures).toEqual([])
  })

  it('fits a phone: the panel is a drawer that opens, lists and shows a card', async () => {
    watched = await openPage(browser, server.url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
    await gotoApp(watched, `${server.url}/`)
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

async function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    return {
      tag: element?.tagName,
      id: element?.id,
      text: element?.textContent?.trim(),
      zone: element?.closest('[data-zone]')?.getAttribute('data-zone') ?? null,
      outline: element ? getComputedStyle(element).outlineStyle : 'none',
    }
  })
}

/**
 * Text whose colour against its background (the nearest opaque one, transparency composited) is
 * below 4.5:1, for the visible text of the page outside the map's drawing panes.
 */
async function lowContrastText(page: Page): Promise<{ failures: string[]; checked: number }> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number]
    const parse = (value: string): Rgba => {
      const parts = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0]
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1]
    }
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3]
      return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1]
    }
    const background = (element: Element | null): Rgba => {
      const layers: Rgba[] = []
      for (let node = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor)
        if (colour[3] > 0) layers.push(colour)
        if (colour[3] >= 1) break
      }
      return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1] as Rgba)
    }
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (c: number) => {
        const s = c / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    const failures: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const seen = new Set<Element>()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement
      if (!element || seen.has(element) || !node.textContent?.trim()) continue
      seen.add(element)
      if (element.closest('.leaflet-basemap-labels-pane, noscript, .visually-hidden, [hidden], [aria-hidden="true"]')) continue
      const style = getComputedStyle(element)
      if (style.visibility !== 'visible' || element.getClientRects().length === 0) continue
      const text = over(parse(style.color), background(element))
      const back = background(element)
      const [l1, l2] = [luminance(text), luminance(back)].sort((a, b) => b - a) as [number, number]
      const ratio = (l1 + 0.05) / (l2 + 0.05)
      if (ratio < 4.5) failures.push(`${ratio.toFixed(2)}:1 "${node.textContent.trim().slice(0, 40)}" (${element.className || element.tagName})`)
    }
    return { failures, checked: seen.size }
  })
}
