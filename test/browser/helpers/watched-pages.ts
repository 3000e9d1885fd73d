import { expect } from 'vitest'
import type { Browser, BrowserContextOptions } from 'playwright-core'
import { gotoApp, openPage, type WatchedPage } from './browser.ts'

/**
 * The pages a test file's tests open, checked and closed after each test: no console error or
 * failed request (but those a test provokes on purpose and allows), no dialog, and nothing sent
 * off the machine.
 *
 *   const pages = new WatchedPages()
 *   afterEach(() => pages.checkAndClose())
 *   const editor = await pages.openApp(browser, server.url, '/?zone=siege-of-raqqa')
 *   pages.allow(editor, [/HTTP 412: .*\/zones\/\d+$/, /status of 412/])
 */
export class WatchedPages {
  readonly #open: WatchedPage[] = []
  readonly #allowed = new Map<WatchedPage, readonly RegExp[]>()

  async open(browser: Browser, appUrl: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
    const watched = await openPage(browser, appUrl, options)
    this.#open.push(watched)
    return watched
  }

  /** A new page on `path` of the app at `appUrl`, once the map is ready (gotoApp). */
  async openApp(browser: Browser, appUrl: string, path = '/', options: BrowserContextOptions = {}): Promise<WatchedPage> {
    const watched = await this.open(browser, appUrl, options)
    await gotoApp(watched, `${appUrl}${path}`)
    return watched
  }

  /** Problems this page may show because the test provokes them. */
  allow(watched: WatchedPage, problems: readonly RegExp[]): void {
    this.#allowed.set(watched, problems)
  }

  async checkAndClose(): Promise<void> {
    for (const watched of this.#open.splice(0)) {
      const allowed = this.#allowed.get(watched) ?? []
      expect(watched.problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)))).toEqual([])
      expect(watched.dialogs).toEqual([])
      expect(watched.externalRequests).toEqual([])
      await watched.page.context().close()
    }
    this.#allowed.clear()
  }
}
