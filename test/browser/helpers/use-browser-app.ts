import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Database } from '../../../server/storage/database/database.ts'
import { startBrowserApp, type BrowserApp } from './browser-app.ts'
import { launchBrowser } from './browser.ts'
import { WatchedPages } from './watched-pages.ts'

export interface BrowserTestContext {
  /** The service on a fresh seeded database, listening on loopback (set in beforeAll). */
  server: BrowserApp
  browser: Browser
  /** The pages each test opens, checked and closed after it. */
  pages: WatchedPages
}

/**
 * The hooks of a browser test file: the service and Chromium started once for the file, every page
 * checked and closed after each test, both closed at the end. `prepare` may change the data first.
 *
 *   const app = useBrowserApp()
 *   it('…', async () => { const { page } = await app.pages.openApp(app.browser, app.server.url) })
 */
export function useBrowserApp(prepare?: (db: Database) => Promise<void>, env: Record<string, string> = {}): BrowserTestContext {
  const context = { pages: new WatchedPages() } as BrowserTestContext
  beforeAll(async () => {
    ;[context.server, context.browser] = await Promise.all([startBrowserApp(prepare, env), launchBrowser()])
  })
  afterAll(async () => {
    await context.browser?.close()
    await context.server?.close()
  })
  afterEach(() => context.pages.checkAndClose())
  return context
}
