import { beforeAll, describe, expect, it } from 'vitest'
import type { Polygon } from 'geojson'
import { allowedTransitions, type Status } from '../../server/domain/statuses.ts'
import { bulkInsertZones } from '../../server/storage/sql/bulk-insert.ts'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { syntheticParties, syntheticZones } from '../bench/synthetic-zones.ts'
import { LARGE_COLLECTION } from '../../client/src/zone-data.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot, type WatchedPage } from './helpers/browser.ts'

/** Well past the threshold, as many as a busy region's map might hold. */
const SYNTHETIC_ZONES = 2_000
const SEED = 7

/**
 * A large collection: thousands of zones are loaded as generalized outlines and drawn on
 * one canvas, with no element per zone; pointing at a zone shows its name, clicking it opens its
 * card, zooming in loads finer outlines for the view, a live change reaches it, and the list shows
 * its first entries.
 */
describe('the map of a large collection', () => {
  const app = useBrowserApp(async (db) => {
    await db.knex('parties').insert(syntheticParties()).onConflict('slug').ignore()
    await bulkInsertZones(db.knex, syntheticZones(SYNTHETIC_ZONES, SEED), { recordedBy: 'test:synthetic', reason: 'synthetic test data' })
  })
  let total = 0

  beforeAll(async () => {
    total = Number((await app.server.db.knex('zones').count('* as count').first())?.count)
    expect(total).toBeGreaterThan(LARGE_COLLECTION)
  })

  const open = (path = '/'): Promise<WatchedPage> => app.pages.openApp(app.browser, app.server.url, path)

  it('draws every zone on one canvas, from generalized outlines, with no element per zone', async () => {
    const { page, requests } = await open()
    const map = page.locator('#map')
    await expect(map.getAttribute('data-zones-renderer')).resolves.toBe('canvas')
    const drawable = await app.server.db.knex('zones').whereNotNull('geom').count('* as count').first()
    await expect(map.getAttribute('data-zones-drawn')).resolves.toBe(String(drawable?.count))
    expect(await page.locator('#map .ta-zone-shape, #map [data-zone]').count()).toBe(0)
    expect(await page.locator('.leaflet-overlay-pane svg path').count()).toBe(0)
    // The zones' canvas (the basemap draws on canvases of its own, in other panes) holds the drawing:
    // at least a pixel a zone, though most are a few pixels across at this zoom.
    const painted = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLCanvasElement>('.leaflet-overlay-pane canvas')).map((canvas) => {
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
        let drawn = 0
        for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) drawn++
        return drawn
      }),
    )
    expect(painted).toHaveLength(1)
    expect(painted[0]).toBeGreaterThan(SYNTHETIC_ZONES)
    // One request for the whole collection, outlines generalized for the overview, and no full-detail page of zones.
    const zoneRequests = requests.map((url) => new URL(url)).filter((url) => url.pathname === '/zones' && url.searchParams.get('geometry') !== 'false')
    expect(zoneRequests.map((url) => [url.searchParams.get('limit'), url.searchParams.get('zoom')])).toEqual([['all', '4']])
    await saveScreenshot(page, 'large-collection')
  })

  it('pointing at a zone on the canvas names it, and clicking it opens its card', async () => {
    const zone = await aZoneAloneAtItsCentre()
    const { page, requests } = await open(`/?map=10/${zone.lat}/${zone.lng}`)
    const box = (await page.locator('#map').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => page.locator('.leaflet-tooltip.ta-zone-label-hover').textContent()).toContain(zone.name)
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    const card = page.locator(`.ta-card[data-zone="${zone.slug}"]`)
    await card.waitFor()
    await expect(card.locator('h2').textContent()).resolves.toContain(zone.name)
    expect(new URL(page.url()).searchParams.get('zone')).toBe(zone.slug)
  })

  it('zoomed in, the zones in view get finer outlines, loaded for the view alone', async () => {
    const zone = await aZoneAloneAtItsCentre()
    const { page, requests } = await open(`/?map=10/${zone.lat}/${zone.lng}`)
    await expect
      .poll(() => requests.map((url) => new URL(url)).filter((url) => url.pathname === '/zones' && url.searchParams.has('bbox')).map((url) => url.searchParams.get('zoom')))
      .toEqual(['8'])
    // Still one canvas, and the zone under the pointer is still the one there.
    await expect(page.locator('.leaflet-overlay-pane canvas').count()).resolves.toBe(1)
    const box = (await page.locator('#map').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await page.locator(`.ta-card[data-zone="${zone.slug}"]`).waitFor()
  })

  it('after a drag the zone is where it was dragged to, and a click there still finds it', async () => {
    const zone = await aZoneAloneAtItsCentre()
    const { page, requests } = await open(`/?map=9/${zone.lat}/${zone.lng}`)
    const box = (await page.locator('#map').boundingBox())!
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    const view = await page.getAttribute('#map', 'data-view')
    await page.mouse.move(centre.x - 100, centre.y - 60)
    await page.mouse.down()
    await page.mouse.move(centre.x + 20, centre.y - 20, { steps: 8 })
    await page.mouse.up()
    await expect.poll(() => page.getAttribute('#map', 'data-view')).not.toBe(view)
    await page.mouse.click(centre.x + 120, centre.y + 40)
    await page.locator(`.ta-card[data-zone="${zone.slug}"]`).waitFor()
  })

  it('on a past date, the zones of that date are drawn on the canvas', async () => {
    const date = '2016-06-01'
    const { page, requests } = await open(`/?date=${date}`)
    const response = await app.server.app.inject({ method: 'GET', url: `/zones?as_of=${date}&limit=all&zoom=4&properties=slug` })
    const onThatDay = (response.json() as { features: { geometry: unknown }[] }).features.filter((zone) => zone.geometry).length
    expect(onThatDay).toBeGreaterThan(0)
    expect(onThatDay).toBeLessThan(total)
    await expect(page.getAttribute('#map', 'data-zones-renderer')).resolves.toBe('canvas')
    await expect(page.getAttribute('#map', 'data-zones-drawn')).resolves.toBe(String(onThatDay))
  })

  it('a change to one zone reaches the open map of thousands', async () => {
    const { page, requests } = await open()
    const zone = (await app.server.app.inject({ method: 'GET', url: `/zones/bench-${SEED}-3` }))
    const { id, properties } = zone.json() as { id: number; properties: { status: Status; slug: string } }
    const next = allowedTransitions(properties.status)[0]
    if (!next) throw new Error(`bench-${SEED}-3 is ${properties.status}, which has no way out: pick another zone`)
    await createAccount(app.server.app, 'large-editor', 'editor')
    const headers = await apiToken(app.server.app, await signIn(app.server.app, 'large-editor'))
    const changed = await app.server.app.inject({
      method: 'POST',
      url: `/zones/${id}/status`,
      headers: { ...headers, 'if-match': String(zone.headers.etag) },
      payload: { status: next, effective_date: '2026-01-02', reason: 'a test of the live feed on a large map' },
    })
    expect(changed.statusCode).toBe(200)
    await expect.poll(() => page.getAttribute('#map', 'data-live-version'), { timeout: 5000 }).toBe(`${id}:${changed.json().properties.version}`)
    await page.getByLabel('Search').fill(properties.slug)
    await expect.poll(() => page.locator(`.ta-zone-item[data-zone="${properties.slug}"]`).getAttribute('data-status')).toBe(next)
    await expect(page.getAttribute('#map', 'data-zones-renderer')).resolves.toBe('canvas')
  })

  it('the list shows its first entries and more on request; the count covers them all', async () => {
    const { page, requests } = await open()
    // Counts are written as the reader's language writes numbers (ICU MessageFormat): 2,023 in English.
    await expect(page.locator('.ta-list-count').textContent()).resolves.toBe(`${total.toLocaleString('en')} zones`)
    const listed = await page.locator('.ta-zone-item').count()
    expect(listed).toBeGreaterThan(0)
    expect(listed).toBeLessThan(total / 4)
    await expect(page.locator('.ta-list-more-note').textContent()).resolves.toContain(`Listing ${listed} of ${total.toLocaleString('en')}`)
    await page.getByRole('button', { name: `List ${listed} more` }).click()
    await expect(page.locator('.ta-zone-item').count()).resolves.toBe(2 * listed)
    // The keyboard carries on from the first entry added.
    const focusedZone = await page.evaluate(() => document.activeElement?.closest('.ta-zone-item')?.getAttribute('data-zone'))
    await expect(page.locator('.ta-zone-item').nth(listed).getAttribute('data-zone')).resolves.toBe(focusedZone)
    // A search narrows the list to what it finds, all listed.
    await page.getByLabel('Search').fill(`bench-${SEED}-1234`)
    await expect.poll(() => page.locator('.ta-zone-item').count()).toBe(1)
    await expect(page.locator('.ta-list-more').isHidden()).resolves.toBe(true)
  })

  /** A synthetic zone whose centre lies in no other zone, so a click there can only mean it. */
  async function aZoneAloneAtItsCentre(): Promise<{ slug: string; name: string; lat: string; lng: string }> {
    for (let index = 1; index <= 50; index++) {
      const slug = `bench-${SEED}-${index}`
      const feature = (await app.server.app.inject({ method: 'GET', url: `/zones/${slug}` })).json() as { geometry: Polygon; properties: { name: string } }
      const ring = feature.geometry.coordinates[0]!.slice(0, -1)
      const lng = (ring.reduce((sum, [x]) => sum + x!, 0) / ring.length).toFixed(5)
      const lat = (ring.reduce((sum, [, y]) => sum + y!, 0) / ring.length).toFixed(5)
      const containing = (await app.server.app.inject({ method: 'GET', url: `/zones?contains=${lng},${lat}&properties=slug&geometry=false` })).json() as { features: unknown[] }
      if (containing.features.length === 1) return { slug, name: feature.properties.name, lat, lng }
    }
    throw new Error('no synthetic zone has a centre of its own')
  }
})
