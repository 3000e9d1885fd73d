import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createAccount } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { drawnZones, listedZones, saveScreenshot, type WatchedPage } from './helpers/browser.ts'
import { signInOnMap } from './helpers/editing.ts'

const square = (lon: number, lat: number, size = 0.2) => [
  [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ],
]

/** Import of GeoJSON and KML files (all or nothing, checked first) and the downloads of what the map shows. */
describe('importing and exporting zones', () => {
  const app = useBrowserApp()

  beforeAll(async () => {
    await createAccount(app.server.app, 'ada', 'editor')
  })

  const open = (path = '/'): Promise<WatchedPage> => app.pages.openApp(app.browser, app.server.url, path, { acceptDownloads: true })

  async function zoneCount(): Promise<number> {
    const { rows } = await app.server.db.knex.raw('select count(*)::int as count from zones')
    return rows[0].count
  }

  it('a file with one invalid feature names that feature and creates nothing', async () => {
    const watched = await openImport()
    const { page } = watched
    const before = await zoneCount()
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(37.0, 34.0) }, properties: { name: 'Good import zone', kind: 'ceasefire-zone', effective_date: '2026-02-01' } },
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [[[38.0, 34.0], [38.3, 34.3], [38.3, 34.0], [38.0, 34.3], [38.0, 34.0]]] },
          properties: { name: 'Bad <i>import</i> zone', kind: 'ceasefire-zone', effective_date: '2026-02-01' },
        },
        { type: 'Feature', geometry: null, properties: { name: 'Kindless zone', effective_date: '2026-02-01' } },
      ],
    }
    await page.locator('.ta-import input[type="file"]').setInputFiles({ name: 'two-bad.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(collection)) })
    const problems = page.locator('.ta-import-problem')
    await expect.poll(() => problems.count()).toBe(2)
    const reports = await problems.evaluateAll((items) => items.map((item) => ({ index: item.getAttribute('data-index'), title: item.querySelector('strong')?.textContent, text: item.querySelector('ul')?.textContent })))
    expect(reports[0]).toMatchObject({ index: '1', title: 'Feature 2 “Bad <i>import</i> zone”' })
    expect(reports[0]!.text).toMatch(/features\[1\]\.geometry\.coordinates\[0\]\[0\]: the outer ring crosses itself/)
    expect(reports[1]).toMatchObject({ index: '2', title: 'Feature 3 “Kindless zone”' })
    expect(reports[1]!.text).toMatch(/features\[2\]\.properties/)
    await expect(page.locator('.ta-import .ta-error').textContent()).resolves.toBe('2 of 3 features have problems; nothing was imported.')
    // The refused feature is drawn in red on the preview; nothing can be imported.
    await expect.poll(() => page.locator('path.ta-import-preview.is-faulty[data-import-index="1"]').count()).toBe(1)
    expect(await page.locator('path.ta-import-preview[data-import-index="0"]:not(.is-faulty)').count()).toBe(1)
    await expect(page.locator('.ta-import-go').isDisabled()).resolves.toBe(true)
    expect(await page.locator('.ta-import i').count()).toBe(0) // a hostile name stays text
    expect(await zoneCount()).toBe(before)
    await saveScreenshot(page, 'import-refused')
    app.pages.allow(watched, [/HTTP 422: .*\/zones\/import\?dry_run=true/, /status of 422/])
  })

  it('a KML file is converted in the browser, checked, and created in one go; every map shows the new zones', async () => {
    const viewer = await open('/')
    const { page } = await openImport()
    const before = await zoneCount()
    const placemark = (name: string, slug: string, lon: number) => `
      <Placemark>
        <name>${name}</name>
        <ExtendedData>
          <Data name="slug"><value>${slug}</value></Data>
          <Data name="kind"><value>buffer-zone</value></Data>
          <Data name="status"><value>proposed</value></Data>
          <Data name="effective_date"><value>2026-03-01</value></Data>
          <Data name="approximate"><value>false</value></Data>
          <Data name="parties"><value>[{"slug":"turkey","role":"proposer"}]</value></Data>
        </ExtendedData>
        <Polygon><outerBoundaryIs><LinearRing><coordinates>${square(lon, 36.0)[0]!.map(([x, y]) => `${x},${y}`).join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon>
      </Placemark>`
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemark('KML buffer west', 'kml-buffer-west', 39.0)}${placemark('KML buffer east', 'kml-buffer-east', 40.0)}</Document></kml>`
    await page.locator('.ta-import input[type="file"]').setInputFiles({ name: 'buffers.kml', mimeType: 'application/vnd.google-earth.kml+xml', buffer: Buffer.from(kml) })
    await expect.poll(() => page.locator('.ta-import-ok').textContent()).toBe('All 2 features can be imported:')
    await expect(page.locator('.ta-import-list li').allTextContents()).resolves.toEqual(['KML buffer west (kml-buffer-west)', 'KML buffer east (kml-buffer-east)'])
    expect(await page.locator('path.ta-import-preview').count()).toBe(2)
    expect(await zoneCount()).toBe(before) // the dry run created nothing
    await page.getByRole('button', { name: 'Import all 2 zones' }).click()
    await expect.poll(() => page.locator('.ta-import-ok').textContent()).toBe('Created 2 zones:')
    expect(await zoneCount()).toBe(before + 2)
    const created = (await app.server.app.inject({ method: 'GET', url: '/zones/kml-buffer-west' })).json()
    expect(created.properties).toMatchObject({ kind: 'buffer-zone', status: 'proposed', approximate: false, parties: [expect.objectContaining({ slug: 'turkey', role: 'proposer' })] })
    // Live on another map, and on this one, without a reload.
    await expect.poll(async () => Object.keys(await drawnZones(viewer.page)), { timeout: 5000 }).toEqual(expect.arrayContaining(['kml-buffer-west', 'kml-buffer-east']))
    await expect.poll(async () => (await listedZones(page))['kml-buffer-east']).toBe('proposed')
    expect(await page.locator('path.ta-import-preview').count()).toBe(0)
  })

  it('the download links give the filtered zones of the chosen date as GeoJSON, KML and CSV with WKT', async () => {
    const { page } = await open('/?status=active,ended&kind=de-escalation-zone,siege,observation-post&date=2018-01-01')
    const listed = await listedZones(page)
    expect(Object.keys(listed).length).toBeGreaterThan(2)
    const links = await page.locator('.ta-export-link').evaluateAll((anchors) => anchors.map((anchor) => ({ format: anchor.getAttribute('data-format'), href: anchor.getAttribute('href'), download: anchor.getAttribute('download') })))
    expect(links.map((link) => link.format)).toEqual(['geojson', 'kml', 'csv'])
    // Saved under the name the API gives (its date and filters), which a reader can cite.
    expect(links.map((link) => link.download)).toEqual(
      ['geojson', 'kml', 'csv'].map((format) => `truce-atlas_2018-01-01_status-active-ended_kind-de-escalation-zone-siege-observation-post.${format}`),
    )
    for (const link of links) {
      const url = new URL(link.href!, app.server.url)
      expect(url.pathname).toBe('/zones')
      expect(Object.fromEntries(url.searchParams)).toMatchObject({ status: 'active,ended', kind: 'de-escalation-zone,siege,observation-post', as_of: '2018-01-01' })
    }

    const geojson = JSON.parse(await download(page, 'geojson', links[0]!.download!))
    expect(geojson.type).toBe('FeatureCollection')
    expect(geojson.as_of).toBe('2018-01-01')
    expect(Object.fromEntries(geojson.features.map((feature: { properties: { slug: string; status: string } }) => [feature.properties.slug, feature.properties.status]))).toEqual(listed)

    const kml = await download(page, 'kml', links[1]!.download!)
    expect(kml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><kml xmlns="http:\/\/www.opengis.net\/kml\/2.2">/)
    expect(kml.match(/<Placemark[ >]/g)?.length).toBe(Object.keys(listed).length)
    expect(kml).toContain('<name>Siege of Raqqa</name>')

    const rows = parse(await download(page, 'csv', links[2]!.download!), { columns: true }) as Record<string, string>[]
    expect(Object.fromEntries(rows.map((row) => [row['slug'], row['status']]))).toEqual(listed)
    expect(Object.keys(rows[0]!)).toContain('wkt')
    expect(rows.find((row) => row['slug'] === 'siege-of-raqqa')!['wkt']).toMatch(/^POLYGON\(\(/)
    expect(rows.find((row) => row['slug'] === 'morek-observation-post')?.['wkt'] ?? 'POINT(').toMatch(/^POINT\(/)

    // The links follow the filters as they change.
    await page.getByRole('checkbox', { name: /^Active/ }).uncheck()
    await expect.poll(() => page.locator('.ta-export-link[data-format="csv"]').getAttribute('href')).toMatch(/status=ended&/)
  })

  async function openImport(): Promise<WatchedPage> {
    const watched = await open('/')
    await signInOnMap(watched.page, 'ada')
    await watched.page.getByRole('button', { name: 'Import zones' }).click()
    await watched.page.locator('.ta-import').waitFor()
    return watched
  }
})

/** Clicks a download link and returns the downloaded file's text, checking the name it is saved under. */
async function download(page: Page, format: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`.ta-export-link[data-format="${format}"]`).click()])
  expect(file.suggestedFilename()).toBe(name)
  const path = await file.path()
  if (!path) throw new Error(`the ${format} download failed: ${await file.failure()}`)
  return readFile(path, 'utf8')
}
