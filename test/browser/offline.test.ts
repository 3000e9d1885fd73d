import { beforeAll, describe, expect, it } from 'vitest'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { drawnZones, gotoApp, openPage, saveScreenshot, type WatchedPage } from './helpers/browser.ts'

/**
 * With the network unreachable (every request off the app's origin is aborted, and the machine has
 * none anyway), the map, its basemap and the governorates render fully from bundled data.
 */
describe('offline', () => {
  const app = useBrowserApp()
  let watched: WatchedPage

  beforeAll(async () => {
    watched = await openPage(app.browser, app.server.url)
    await gotoApp(watched, `${app.server.url}/`)
  })

  it('draws the basemap and the governorates on their canvases', async () => {
    const { page } = watched
    const canvases = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.leaflet-basemap-pane canvas, .leaflet-basemap-lines-pane canvas')).map((node) => {
        const canvas = node as HTMLCanvasElement
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
        const colours = new Set<number>()
        let painted = 0
        for (let i = 0; i < data.length; i += 4 * 7) {
          if (data[i + 3]! > 0) painted += 1
          colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!)
        }
        return { pane: canvas.parentElement?.className ?? '', painted, colours: colours.size }
      }),
    )
    const basemap = canvases.find((canvas) => canvas.pane.includes('leaflet-basemap-pane'))
    const governorates = canvases.find((canvas) => canvas.pane.includes('leaflet-basemap-lines-pane'))
    expect(basemap?.painted).toBeGreaterThan(10_000)
    expect(basemap?.colours).toBeGreaterThan(3) // land, Syria, borders, coasts
    expect(governorates?.painted).toBeGreaterThan(100)
    // Country and governorate names come from the bundled data too.
    const places = await page.locator('.ta-place-label').allTextContents()
    expect(places).toEqual(expect.arrayContaining(['Turkey', 'Iraq', 'Jordan', 'Lebanon', 'Raqqa', 'Idlib', 'Aleppo']))
    expect(Object.keys(await drawnZones(page))).toHaveLength(30)
    await saveScreenshot(page, 'offline')
  })

  it('asked for nothing outside the app: no tiles, no CDN, no fonts', async () => {
    expect(watched.externalRequests).toEqual([])
    expect(await watched.page.locator('.leaflet-tile-pane img').count()).toBe(0)
    const origin = new URL(app.server.url).origin
    expect(watched.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)).toEqual([])
    // Leaflet's CSS came from the bundle (one stylesheet of the app's own).
    const sheets = await watched.page.evaluate(() => Array.from(document.styleSheets).map((sheet) => sheet.href))
    expect(sheets.every((href) => href?.startsWith(`${origin}/assets/`))).toBe(true)
    expect(watched.problems).toEqual([])
  })

  it('offers the online tile layer in the layer control, off by default', async () => {
    const { page } = watched
    await page.locator('.leaflet-control-layers').hover()
    const osm = page.getByLabel('OpenStreetMap (online)')
    await expect(osm.isChecked()).resolves.toBe(false)
    await expect(page.getByLabel('Offline basemap (Natural Earth)').isChecked()).resolves.toBe(true)
    await page.mouse.move(10, 10)
  })
})
