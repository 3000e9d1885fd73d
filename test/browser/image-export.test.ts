import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { STATUS_COLOURS } from '../../server/domain/status-colours.ts'
import { bulkInsertZones } from '../../server/storage/sql/bulk-insert.ts'
import { syntheticParties, syntheticZones } from '../bench/synthetic-zones.ts'
import { LARGE_COLLECTION } from '../../client/src/zone-data.ts'
import { ARTIFACTS } from './helpers/browser.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'

/**
 * The map's image export, used as a reader uses it: the "Export image" control's PNG (at 1x and
 * 2x) and SVG of the map of 9 July 2017, when the south-west de-escalation zone had just become
 * active; the same on the canvas map of a large collection; and the page printed on A4.
 */

const SOUTH_WEST = 'south-west-de-escalation-zone'
/** The south-west zone filling the middle of the view. */
const VIEW = '/?date=2017-07-09&map=8.5/32.85/36.2'

type Rgb = [number, number, number]
const hex = (colour: string): Rgb => [1, 3, 5].map((at) => Number.parseInt(colour.slice(at, at + 2), 16)) as Rgb
const ACTIVE = hex(STATUS_COLOURS.active)
/** The offline basemap's land of the focus country (offline-basemap.ts), and an active area's fill over it (opacity 0.28, zone-style.ts). */
const LAND = hex('#f8f6ef')
const ACTIVE_OVER_LAND = ACTIVE.map((channel, index) => Math.round(0.28 * channel + 0.72 * LAND[index]!)) as Rgb

const distance = (a: Rgb, b: Rgb) => Math.max(...a.map((value, index) => Math.abs(value - b[index]!)))
const pixel = (png: PNG, x: number, y: number): Rgb => {
  const at = (png.width * y + x) * 4
  return [png.data[at]!, png.data[at + 1]!, png.data[at + 2]!]
}

/** Chooses an image in the map's "Export image" menu and returns the file downloaded. */
async function exportImage(page: Page, format: 'png' | 'svg', scale: number, artefact: string): Promise<{ name: string; bytes: Buffer }> {
  const control = page.locator('.ta-export-image')
  if (!(await control.evaluate((details) => (details as HTMLDetailsElement).open))) await control.locator('summary').click()
  const [download] = await Promise.all([page.waitForEvent('download'), control.locator(`button[data-format="${format}"][data-scale="${scale}"]`).click()])
  await mkdir(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, artefact)
  await download.saveAs(file)
  await expect.poll(() => page.locator('.ta-export-image-status').textContent()).toContain(download.suggestedFilename())
  return { name: download.suggestedFilename(), bytes: await readFile(file) }
}

/** The map as the page shows it, without its controls (the export leaves them out too). */
async function mapScreenshot(page: Page): Promise<PNG> {
  const controls = page.locator('#map .leaflet-control-container')
  await controls.evaluate((element) => ((element as HTMLElement).style.visibility = 'hidden'))
  const shot = PNG.sync.read(await page.locator('#map').screenshot())
  await controls.evaluate((element) => ((element as HTMLElement).style.visibility = ''))
  return shot
}

/**
 * A point in the middle part of the map where the screenshot shows `colour` over a patch of 9 × 9
 * pixels: inside an area of that fill, clear of its outline, labels and the basemap's lines.
 */
function findPatch(shot: PNG, colour: Rgb): { x: number; y: number } | null {
  for (let y = Math.round(shot.height * 0.3); y < shot.height * 0.7; y += 3) {
    for (let x = Math.round(shot.width * 0.3); x < shot.width * 0.7; x += 3) {
      let uniform = true
      for (let dy = -4; dy <= 4 && uniform; dy++) for (let dx = -4; dx <= 4 && uniform; dx++) uniform = distance(pixel(shot, x + dx, y + dy), colour) <= 3
      if (uniform) return { x, y }
    }
  }
  return null
}

/** The exported SVG, parsed by the browser: whether it parsed, its title, and what a query finds in it. */
async function parseSvg(page: Page, text: string) {
  return page.evaluate(
    ({ text, zone }) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
      const legend = doc.querySelector('.ta-export-legend')
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        size: [doc.documentElement.getAttribute('width'), doc.documentElement.getAttribute('height')].map(Number),
        title: doc.querySelector('.ta-export-title')?.textContent ?? '',
        zonePaths: doc.querySelectorAll(`path[data-zone="${zone}"]`).length,
        zonePath: doc.querySelector(`path[data-zone="${zone}"]`)?.getAttribute('d')?.length ?? 0,
        legend: legend ? { text: legend.textContent, box: ['x', 'y', 'width', 'height'].map((key) => Number(legend.getAttribute(`data-${key}`))) } : null,
        credit: doc.querySelector('.ta-export-credit')?.textContent ?? '',
        attribution: doc.querySelector('.ta-export-attribution')?.textContent ?? '',
        scale: Number(doc.querySelector('.ta-export-scale')?.getAttribute('data-metres')),
      }
    },
    { text, zone: SOUTH_WEST },
  )
}

/** Whether the legend's box in the PNG holds a swatch's outline in the status colour. */
function legendHasColour(png: PNG, box: number[], scale: number, colour: Rgb): boolean {
  const [x, y, width, height] = box.map((value) => Math.round(value * scale)) as [number, number, number, number]
  for (let row = y; row < y + height; row++) for (let column = x; column < x + width; column++) if (distance(pixel(png, column, row), colour) <= 6) return true
  return false
}

async function mapSize(page: Page): Promise<{ width: number; height: number }> {
  return page.locator('#map').evaluate((map) => ({ width: map.clientWidth, height: map.clientHeight }))
}

describe('the map image export', () => {
  const app = useBrowserApp()

  it('saves the view of 9 July 2017 as PNG at 1x and 2x and as SVG, with the zone, the legend, a scale and the credit', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, VIEW)
    await expect(page.locator('#map').getAttribute('data-zones-renderer')).resolves.toBe('svg')
    const { width, height } = await mapSize(page)
    const shot = await mapScreenshot(page)
    const patch = findPatch(shot, ACTIVE_OVER_LAND)
    expect(patch, 'an area filled as an active zone over land in the middle of the map').not.toBeNull()
    // The patch is inside the south-west zone: its SVG path is what the page finds there.
    const there = await page.evaluate(({ x, y }) => {
      const box = document.getElementById('map')!.getBoundingClientRect()
      return document.elementFromPoint(box.left + x, box.top + y)?.getAttribute('data-zone')
    }, patch!)
    expect(there).toBe(SOUTH_WEST)

    const svgFile = await exportImage(page, 'svg', 1, 'image-export.svg')
    expect(svgFile.name).toBe('truce-atlas_2017-07-09.svg')
    const parsed = await parseSvg(page, svgFile.bytes.toString('utf8'))
    expect(parsed.error).toBeNull()
    expect(parsed.root).toBe('svg')
    expect(parsed.size).toEqual([width, height])
    expect(parsed.title).toContain('Ceasefire and de-escalation zones in Syria')
    expect(parsed.title).toContain('9 July 2017')
    expect(parsed.zonePaths).toBeGreaterThanOrEqual(1) // its area, and the halo of an approximate outline
    expect(parsed.zonePath).toBeGreaterThan(20)
    expect(parsed.legend?.text).toContain('Active')
    expect(parsed.credit).toMatch(/^Truce Atlas, data version \d+, retrieved \d{1,2} \w+ \d{4}, http:\/\/127\.0\.0\.1:\d+\/\?/)
    expect(parsed.credit).toContain('date=2017-07-09')
    expect(parsed.attribution).toContain('Natural Earth')
    expect(parsed.scale).toBeGreaterThan(0)

    for (const scale of [1, 2]) {
      const file = await exportImage(page, 'png', scale, `image-export-${scale}x.png`)
      expect(file.name).toBe(scale === 1 ? 'truce-atlas_2017-07-09.png' : 'truce-atlas_2017-07-09_2x.png')
      const png = PNG.sync.read(file.bytes)
      expect([png.width, png.height]).toEqual([width * scale, height * scale])
      const drawn = pixel(png, patch!.x * scale + (scale - 1), patch!.y * scale + (scale - 1))
      expect(distance(drawn, pixel(shot, patch!.x, patch!.y)), `pixel ${drawn} at ${scale}x`).toBeLessThanOrEqual(6)
      expect(distance(drawn, LAND)).toBeGreaterThan(20)
      expect(legendHasColour(png, parsed.legend!.box, scale, ACTIVE)).toBe(true)
    }
  })

  it("saves the embed's view as a PNG of its size, with the zone drawn and the credit", async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/embed?date=2017-07-09&status=active&map=8.5/32.85/36.2')
    await page.locator(`#map path[data-zone="${SOUTH_WEST}"]`).first().waitFor()
    const { width, height } = await mapSize(page)
    const file = await exportImage(page, 'png', 1, 'image-export-embed.png')
    expect(file.name).toBe('truce-atlas_2017-07-09.png')
    const png = PNG.sync.read(file.bytes)
    expect([png.width, png.height]).toEqual([width, height])
    let active = 0
    for (let y = 0; y < png.height; y += 2) for (let x = 0; x < png.width; x += 2) if (distance(pixel(png, x, y), ACTIVE_OVER_LAND) <= 6) active++
    expect(active, 'pixels of an active zone over land').toBeGreaterThan(200)
    const svg = await parseSvg(page, (await exportImage(page, 'svg', 1, 'image-export-embed.svg')).bytes.toString('utf8'))
    expect(svg.credit).toContain('/?')
    expect(svg.credit).toContain('date=2017-07-09')
  })

  it('prints the map, its legend and the selected card on one A4 page, without the controls', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, `${VIEW}&zone=${SOUTH_WEST}`)
    await page.locator(`.ta-card[data-zone="${SOUTH_WEST}"]`).waitFor()
    // The width of an A4 page's printed area (210 mm less the margins), so the screenshot shows the page as printed.
    await page.setViewportSize({ width: 703, height: 1000 })
    await page.emulateMedia({ media: 'print' })
    const visible = (selector: string) => page.locator(selector).first().isVisible()
    await expect.poll(() => visible('.leaflet-control-zoom')).toBe(false)
    expect(await visible('.ta-export-image')).toBe(false)
    expect(await visible('.ta-share-button')).toBe(false)
    expect(await visible('.leaflet-control-layers')).toBe(false)
    expect(await visible('.ta-panel-list')).toBe(false)
    expect(await visible('.ta-timebar-tools')).toBe(false)
    expect(await visible('#map')).toBe(true)
    expect(await visible('.ta-legend')).toBe(true)
    expect(await visible(`.ta-card[data-zone="${SOUTH_WEST}"] .ta-card-title`)).toBe(true)
    expect(await visible(`#map path[data-zone="${SOUTH_WEST}"]`)).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'image-export-print.png'), fullPage: true })
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
    await writeFile(path.join(ARTIFACTS, 'image-export-print.pdf'), pdf)
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []
    expect(pages).toHaveLength(1)
  })
})

describe('the image export of the canvas map of a large collection', () => {
  const app = useBrowserApp(async (db) => {
    await db.knex('parties').insert(syntheticParties()).onConflict('slug').ignore()
    await bulkInsertZones(db.knex, syntheticZones(LARGE_COLLECTION + 20, 11), { recordedBy: 'test:synthetic', reason: 'synthetic test data (fixtures)' })
  })

  it('draws the zones of the canvas in the PNG', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, VIEW)
    await expect(page.locator('#map').getAttribute('data-zones-renderer')).resolves.toBe('canvas')
    const { width, height } = await mapSize(page)
    const shot = await mapScreenshot(page)
    const patch = findPatch(shot, ACTIVE_OVER_LAND)
    expect(patch, 'an area filled as an active zone over land in the middle of the map').not.toBeNull()
    const file = await exportImage(page, 'png', 2, 'image-export-canvas-2x.png')
    const png = PNG.sync.read(file.bytes)
    expect([png.width, png.height]).toEqual([width * 2, height * 2])
    const drawn = pixel(png, patch!.x * 2 + 1, patch!.y * 2 + 1)
    expect(distance(drawn, ACTIVE_OVER_LAND), `pixel ${drawn}`).toBeLessThanOrEqual(6)
  })
})
