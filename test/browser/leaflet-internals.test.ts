import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { LEAFLET_INTERNALS } from '../../client/src/map/leaflet-internals.ts'
import { launchBrowser } from './helpers/browser.ts'

/**
 * The installed Leaflet, as the page bundles it, still has every private member the client uses
 * (client/src/map/leaflet-internals.ts), and each still means what the client takes it to mean.
 * Run in Chromium on a blank page: Leaflet needs a DOM.
 */
describe('the Leaflet internals the client relies on', () => {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 800, height: 600 } })
    await page.setContent('<div id="map" style="width: 400px; height: 300px"></div>')
    const leaflet = createRequire(import.meta.url).resolve('leaflet/dist/leaflet-src.js')
    await page.addScriptTag({ path: leaflet })
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('names each internal the seam uses, and the seam uses no other', () => {
    expect(Object.keys(LEAFLET_INTERNALS).sort()).toEqual(['defaultIconUrl', 'layerMap', 'rendererBounds', 'rendererUpdate', 'rendererZoom'])
  })

  it('finds every one of them on the objects the installed Leaflet builds', async () => {
    const found = await page.evaluate((names) => {
      const L = (window as unknown as { L: typeof import('leaflet') }).L
      const own = (object: object): Record<string, unknown> => object as unknown as Record<string, unknown>
      const map = L.map('map', { zoomAnimation: false, fadeAnimation: false }).setView([35, 38], 6)
      const renderer = L.canvas({ padding: 0.5 })
      const polygon = L.polygon([[34, 37], [36, 37], [36, 39]], { renderer }).addTo(map)
      const group = L.featureGroup().addTo(map)
      const rendererMembers = own(renderer)
      const bounds = rendererMembers[names.rendererBounds]
      const moveend = (L.Canvas.prototype as unknown as { getEvents(): Record<string, unknown> }).getEvents.call(renderer).moveend
      const result = {
        version: L.version,
        layerMap: own(polygon)[names.layerMap] === map && own(group)[names.layerMap] === map,
        layerMapCleared: false,
        rendererBounds: bounds instanceof L.Bounds && (bounds as L.Bounds).contains(map.containerPointToLayerPoint([0, 0])),
        rendererZoom: rendererMembers[names.rendererZoom] === map.getZoom(),
        rendererUpdate: typeof rendererMembers[names.rendererUpdate] === 'function' && moveend === rendererMembers[names.rendererUpdate],
        defaultIconUrl: Object.hasOwn(L.Icon.Default.prototype, names.defaultIconUrl) && typeof own(L.Icon.prototype)[names.defaultIconUrl] === 'function',
      }
      group.remove()
      result.layerMapCleared = own(group)[names.layerMap] == null
      return result
    }, LEAFLET_INTERNALS)
    expect(found).toEqual({
      version: expect.stringMatching(/^1\.9\./),
      layerMap: true,
      layerMapCleared: true,
      rendererBounds: true,
      rendererZoom: true,
      // The canvas renderer redraws on `moveend` through it: keepDrawnCanvas replaces that handler.
      rendererUpdate: true,
      // Icon.Default's own guess, deleted so that Icon's (from the options) is used.
      defaultIconUrl: true,
    })
  })
})
