import type { Browser, Page } from 'playwright-core'
import { ZONES_DRAWN_MARK } from '../../client/src/map/zones-drawn-signal.ts'

/**
 * What the browser benchmark measures in one page of the map or of the embed (test/bench/browser-map.ts):
 * the time from navigation to the zones drawn, read from the client's own performance mark, the
 * page's weight (bytes transferred), and the frame times while the map is dragged about, from
 * requestAnimationFrame in the page.
 */

export interface PageLoad {
  /** Navigation start to the zones-drawn mark. */
  zonesDrawnMs: number
  /** Navigation start to the page saying it is ready (time slider, session, live feed). */
  readyMs: number
  /** How many zones the page drew, and how (svg or canvas). */
  zonesDrawn: number
  renderer: string
  /** The responses to GET /zones until then: how many, their sizes on the wire and decoded, when the last ended. */
  zonesResponses: { count: number; transferKiB: number; decodedKiB: number; lastEndMs: number }
  /** Everything the page loaded until then (the document, scripts, styles, basemap, API): requests, KiB on the wire and decoded. */
  pageWeight: { requests: number; transferKiB: number; decodedKiB: number }
}

export interface FrameStats {
  frames: number
  seconds: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  /** Frames that took longer than 50 ms: a visible stutter. */
  over50Ms: number
  /** The map's view changed: the drags did pan it. */
  panned: boolean
}

const VIEWPORT = { width: 1400, height: 900 }

/**
 * In every page: the page's test hooks on (client/src/test-hooks.ts: data-ready, data-zones-drawn
 * and the zones-drawn mark are written only then), record when <body> says data-ready, and offer a
 * frame recorder.
 */
const PROBES = `(() => {
  window.TRUCE_ATLAS_TEST_HOOKS = true
  new MutationObserver((changes, observer) => {
    if (document.body && document.body.getAttribute('data-ready') === 'true') {
      window.__readyAt = performance.now()
      observer.disconnect()
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] })
  window.__frames = {
    deltas: [],
    running: false,
    start() {
      this.deltas = []
      this.running = true
      let last = performance.now()
      const tick = (now) => {
        if (!this.running) return
        this.deltas.push(now - last)
        last = now
        requestAnimationFrame(tick)
      }
      requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick) })
    },
    stop() {
      this.running = false
      return this.deltas
    },
  }
})()`

/** A fresh context (empty cache) and page, with the probes installed. */
export async function openMapPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  await context.addInitScript({ content: PROBES })
  return context.newPage()
}

/** Loads the map (or the embed, /embed) and waits until its zones are drawn, the page is ready and the basemap is in. */
export async function loadMap(page: Page, url: string, timeoutMs = 120_000): Promise<PageLoad> {
  await page.goto(url)
  await page.waitForSelector('#map[data-zones-drawn]', { timeout: timeoutMs })
  await page.waitForSelector('body[data-ready="true"]', { timeout: timeoutMs })
  await page.waitForSelector('#map[data-basemap="ready"]', { timeout: timeoutMs })
  return page.evaluate((mark) => {
    const drawn = performance.getEntriesByName(mark)[0]
    const map = document.getElementById('map')!
    // No named helper functions in here: tsx would wrap them in a __name() the page does not have.
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    const everything = [...(performance.getEntriesByType('navigation') as PerformanceResourceTiming[]), ...resources]
    const zones = resources.filter((entry) => new URL(entry.name).pathname === '/zones')
    return {
      zonesDrawnMs: drawn ? drawn.startTime : Number.NaN,
      readyMs: (window as unknown as { __readyAt?: number }).__readyAt ?? Number.NaN,
      zonesDrawn: Number(map.getAttribute('data-zones-drawn')),
      renderer: map.getAttribute('data-zones-renderer') ?? 'unknown',
      zonesResponses: {
        count: zones.length,
        transferKiB: zones.reduce((total, entry) => total + entry.transferSize, 0) / 1024,
        decodedKiB: zones.reduce((total, entry) => total + entry.decodedBodySize, 0) / 1024,
        lastEndMs: Math.max(0, ...zones.map((entry) => entry.responseEnd)),
      },
      pageWeight: {
        requests: everything.length,
        transferKiB: everything.reduce((total, entry) => total + entry.transferSize, 0) / 1024,
        decodedKiB: everything.reduce((total, entry) => total + entry.decodedBodySize, 0) / 1024,
      },
    }
  }, ZONES_DRAWN_MARK)
}

/**
 * Drags the map about with the mouse for `seconds`, as a person would: a drag of 300 px in about
 * a third of a second (a move every 16 ms), a short pause (any inertia runs out, the map redraws),
 * then the next, turning a quarter each time. Returns the frame times meanwhile.
 */
export async function measurePanning(page: Page, seconds: number): Promise<FrameStats> {
  const box = (await page.locator('#map').boundingBox())!
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
  const views = new Set([await page.getAttribute('#map', 'data-view')])
  const directions = [
    [1, 0],
    [0, 1],
    [-1, 0],
    [0, -1],
  ] as const
  const steps = 20
  const distance = 300
  await page.evaluate(() => (window as unknown as { __frames: { start(): void } }).__frames.start())
  const started = Date.now()
  for (let drag = 0; Date.now() - started < seconds * 1000; drag++) {
    const [dx, dy] = directions[drag % directions.length]!
    const from = { x: centre.x - (dx * distance) / 2, y: centre.y - (dy * distance) / 2 }
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    for (let step = 1; step <= steps; step++) {
      await page.mouse.move(from.x + (dx * distance * step) / steps, from.y + (dy * distance * step) / steps)
      await page.waitForTimeout(16)
    }
    await page.mouse.up()
    await page.waitForTimeout(250)
    views.add(await page.getAttribute('#map', 'data-view'))
  }
  const deltas = await page.evaluate(() => (window as unknown as { __frames: { stop(): number[] } }).__frames.stop())
  const elapsed = (Date.now() - started) / 1000
  return { ...frameStats(deltas, elapsed), panned: views.size > 1 }
}

export function frameStats(deltas: readonly number[], seconds: number): Omit<FrameStats, 'panned'> {
  const sorted = [...deltas].sort((a, b) => a - b)
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
  return {
    frames: sorted.length,
    seconds,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    over50Ms: sorted.filter((delta) => delta > 50).length,
  }
}
