import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH, assertChromium } from './chromium.ts'

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../artifacts')

export async function launchBrowser(): Promise<Browser> {
  assertChromium()
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
}

/** A page under watch: what went wrong in it, and every request that tried to leave the machine. */
export interface WatchedPage {
  page: Page
  /** Console errors and warnings, uncaught exceptions, failed requests to the app. */
  problems: string[]
  /** Requests to any other origin, all refused: the machine has no network, and the page must not need one. */
  externalRequests: string[]
  /** Every request the page made. */
  requests: string[]
  /** alert/confirm/prompt dialogs: none may open. */
  dialogs: string[]
}

/**
 * Opens a page in its own context. Requests that leave the app's origin are aborted and recorded,
 * as if the network were down (it is, here).
 */
export async function openPage(browser: Browser, appUrl: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  // A British reader unless a test says otherwise: the page writes dates in the reader's locale.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', ...options })
  await enableTestHooks(context)
  const page = await context.newPage()
  const watched: WatchedPage = { page, problems: [], externalRequests: [], requests: [], dialogs: [] }
  const origin = new URL(appUrl).origin
  await context.route('**/*', async (route) => {
    const url = route.request().url()
    watched.requests.push(url)
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue()
    watched.externalRequests.push(url)
    return route.abort('internetdisconnected')
  })
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') watched.problems.push(`console.${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => watched.problems.push(`uncaught: ${error.message}`))
  page.on('requestfailed', (request) => {
    const url = new URL(request.url())
    if (url.origin !== origin) return
    // The live feed (GET /events) is a stream that never ends by itself: leaving or reloading the
    // page cancels it, which Chromium reports as an aborted request. Any other failure of it counts.
    if (url.pathname === '/events' && request.failure()?.errorText === 'net::ERR_ABORTED') return
    watched.problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).origin === origin) watched.problems.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  page.on('dialog', (dialog) => {
    watched.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return watched
}

/**
 * Turns on what the page writes for tests alone (client/src/test-hooks.ts): that it is ready, the
 * view and date drawn, the last live change, how the zones are drawn.
 */
export async function enableTestHooks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.TRUCE_ATLAS_TEST_HOOKS = true
  })
}

/** Loads a page of the app and waits until the map, its basemap and the time slider are ready. */
export async function gotoApp(watched: WatchedPage, url: string): Promise<void> {
  await watched.page.goto(url)
  await waitForApp(watched.page)
}

export async function waitForApp(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 })
  await page.waitForSelector('#map[data-basemap="ready"][data-governorates="ready"]', { timeout: 20_000 })
}

/** Saves a screenshot as a test artefact in test/artifacts/ (git-ignored). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file })
  return file
}

/** The distinct zone slugs drawn on the map, and the status each is drawn with. */
export async function drawnZones(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const drawn: Record<string, string> = {}
    for (const element of Array.from(document.querySelectorAll('#map .ta-zone-shape[data-zone]'))) drawn[element.getAttribute('data-zone')!] = element.getAttribute('data-status') ?? ''
    return drawn
  })
}

/** The zone slugs in the side panel's list, in order, with their statuses. */
export async function listedZones(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const listed: Record<string, string> = {}
    for (const item of Array.from(document.querySelectorAll('.ta-zone-list .ta-zone-item'))) listed[item.getAttribute('data-zone')!] = item.getAttribute('data-status') ?? ''
    return listed
  })
}
