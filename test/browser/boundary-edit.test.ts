import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { booleanPointInPolygon } from '@turf/turf'
import { createAccount, signIn } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot, type WatchedPage } from './helpers/browser.ts'
import { openCard, signInOnMap } from './helpers/editing.ts'
import { pagePointOf } from './helpers/map-truth.ts'

const SLUG = 'kobani-dmz-proposal'
/** The new outline: a box east of the seeded one (a box around Kobani clipped to the border, in force since 17 December 2024), clear of it. */
const NEW_BOX = { south: 36.85, north: 36.93, west: 38.5, east: 38.62 }
/** Inside the old outline only (its south-west corner, clear of the marker at Kobani's centre), and inside the new one only. */
const IN_OLD_ONLY = { lat: 36.865, lng: 38.32 }
const IN_NEW_ONLY = { lat: 36.865, lng: 38.6 }
/** A view with both boxes in it. */
const VIEW = 'map=11/36.89000/38.46000'

const boxPolygon = (box: typeof NEW_BOX) => ({
  type: 'Polygon',
  coordinates: [[[box.west, box.south], [box.east, box.south], [box.east, box.north], [box.west, box.north], [box.west, box.south]]],
})

/**
 * Editing an outline that moved: the editor says the new outline is a new version from a date (not
 * a correction), and the map then draws the old outline before that date and the new one after.
 */
describe('editing a boundary that moved', () => {
  const app = useBrowserApp(undefined, { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' })

  beforeAll(async () => {
    await createAccount(app.server.app, 'ada', 'editor')
    await createAccount(app.server.app, 'bea', 'editor')
  })

  const open = (path = '/'): Promise<WatchedPage> => app.pages.openApp(app.browser, app.server.url, path)

  async function boundaries(query = ''): Promise<{ effective_on: string; reason: string; superseded_at: string | null; sources: { url: string }[] }[]> {
    const response = await app.server.app.inject(`/zones/${SLUG}/boundaries${query}`)
    expect(response.statusCode).toBe(200)
    return response.json().boundaries
  }

  /** The zones drawn under a point of the map (every layer there, not only the topmost). */
  async function zonesAt(page: Page, at: { lat: number; lng: number }): Promise<string[]> {
    const point = await pagePointOf(page, at.lat, at.lng)
    return page.evaluate(
      ({ x, y }) => [...new Set(document.elementsFromPoint(x, y).flatMap((element) => (element.matches('#map .ta-zone-shape[data-zone]') ? [element.getAttribute('data-zone')!] : [])))],
      point,
    )
  }

  async function openShapeForm(page: Page) {
    await openCard(page, SLUG)
    await page.getByRole('button', { name: 'Edit shape' }).click()
    const form = page.locator('form.ta-shape-form')
    await form.waitFor()
    return form
  }

  it('asks whether a changed outline corrects the current one or starts a new version; a new version needs its date and reason', async () => {
    const editor = await open(`/?zone=${SLUG}&${VIEW}`)
    await signInOnMap(editor.page, 'ada')
    const form = await openShapeForm(editor.page)
    const question = form.getByRole('group', { name: 'What does the new outline record?' })
    // A correction unless the editor says otherwise; the versions so far are listed.
    await expect(question.getByLabel('A correction: the outline in force was drawn wrong').isChecked()).resolves.toBe(true)
    await expect.poll(() => question.locator('.ta-boundary-versions').textContent()).toMatch(/^One outline is recorded, in force since 17 December 2024\.$/)
    await expect(question.getByLabel('Why the outline changed').isVisible()).resolves.toBe(false)

    await question.getByLabel('A new outline from a date: the zone itself changed').check()
    await expect(question.getByLabel('Why the outline changed').isVisible()).resolves.toBe(true)
    await expect(question.getByLabel('In force from').getAttribute('min')).resolves.toBe('2024-12-18')
    // Nothing filled in: each missing field says so beside it, and nothing is sent.
    await form.getByRole('button', { name: 'Save the shape' }).click()
    await expect(form.locator('[data-error-for="boundary.effective_date"]').textContent()).resolves.toBe('Give the day the new outline took effect.')
    await expect(form.locator('[data-error-for="boundary.reason"]').textContent()).resolves.toBe('Say why the outline changed.')
    await expect(question.getByLabel('In force from').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect.poll(() => editor.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('boundary.effective_date')
    // Not before the outline in force now, never in the future.
    await question.getByLabel('In force from').fill('2024-12-01')
    await question.getByLabel('Why the outline changed').fill('A test')
    await form.getByRole('button', { name: 'Save the shape' }).click()
    await expect(form.locator('[data-error-for="boundary.effective_date"]').textContent()).resolves.toMatch(/^Must be after 17 December 2024/)
    await question.getByLabel('In force from').fill('2999-01-01')
    await form.getByRole('button', { name: 'Save the shape' }).click()
    await expect(form.locator('[data-error-for="boundary.effective_date"]').textContent()).resolves.toBe('Cannot be in the future.')
    await saveScreenshot(editor.page, 'boundary-edit-question')
    expect(await boundaries()).toHaveLength(1)
    await form.getByRole('button', { name: 'Cancel' }).click()
  })

  it('saves a moved outline as a new version from a date: the map draws the old outline before it and the new one after', async () => {
    const before = (await app.server.app.inject(`/zones/${SLUG}`)).json()
    // The seeded outline holds the first point and not the second.
    expect(booleanPointInPolygon([IN_OLD_ONLY.lng, IN_OLD_ONLY.lat], before.geometry)).toBe(true)
    expect(booleanPointInPolygon([IN_NEW_ONLY.lng, IN_NEW_ONLY.lat], before.geometry)).toBe(false)
    const editor = await open(`/?zone=${SLUG}&${VIEW}`)
    await signInOnMap(editor.page, 'ada')
    const form = await openShapeForm(editor.page)

    // The new outline, typed in as GeoJSON (the keyboard's way to change a shape).
    await form.getByText('Edit as GeoJSON').click()
    await form.getByLabel('The shape as a GeoJSON geometry (longitude, latitude)').fill(JSON.stringify(boxPolygon(NEW_BOX)))
    await form.getByRole('button', { name: 'Apply the GeoJSON' }).click()
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toBe('An area of 4 vertices.')

    const question = form.getByRole('group', { name: 'What does the new outline record?' })
    await question.getByLabel('A new outline from a date: the zone itself changed').check()
    await question.getByLabel('In force from').fill('2025-06-01')
    await question.getByLabel('Date known').selectOption('month')
    await question.getByLabel('Why the outline changed').fill('The proposed zone was redrawn east of the town <b>after talks</b>')
    await question.getByLabel('Source (address)').fill('https://example.org/kobani-redrawn')
    await question.getByLabel('Source title').fill('Report on the redrawn zone')
    await saveScreenshot(editor.page, 'boundary-edit-new-version')
    await form.getByRole('button', { name: 'Save the shape' }).click()
    await expect.poll(() => editor.page.locator('.ta-editor-notice').textContent()).toBe('Saved: a new outline, in force from June 2025.')

    // Stored: two versions, the old one until the new one's day; the zone's outline today is the new one.
    const versions = await boundaries()
    expect(versions.map((version) => version.effective_on)).toEqual(['2024-12-17', '2025-06-01'])
    expect(versions[1]).toMatchObject({ reason: 'The proposed zone was redrawn east of the town <b>after talks</b>', superseded_at: null })
    expect(versions[1]!.sources.map((source) => source.url)).toEqual(['https://example.org/kobani-redrawn'])
    expect((await app.server.app.inject(`/zones/${SLUG}`)).json().geometry).toEqual(boxPolygon(NEW_BOX))

    // The map today draws the new outline; on a day before the new version, the old one.
    const today = await open(`/?${VIEW}`)
    await expect.poll(() => zonesAt(today.page, IN_NEW_ONLY)).toContain(SLUG)
    expect(await zonesAt(today.page, IN_OLD_ONLY)).not.toContain(SLUG)
    const earlier = await open(`/?date=2025-01-01&${VIEW}`)
    await expect.poll(() => zonesAt(earlier.page, IN_OLD_ONLY)).toContain(SLUG)
    expect(await zonesAt(earlier.page, IN_NEW_ONLY)).not.toContain(SLUG)
    await saveScreenshot(earlier.page, 'boundary-edit-earlier-date')
    await saveScreenshot(today.page, 'boundary-edit-today')
  })

  it('saves a plain correction by default: the version in force is replaced, the corrected one kept as superseded', async () => {
    const start = await boundaries()
    const editor = await open(`/?zone=${SLUG}&${VIEW}`)
    await signInOnMap(editor.page, 'ada')
    const form = await openShapeForm(editor.page)
    const corrected = { ...NEW_BOX, north: 36.94 }
    await form.getByText('Edit as GeoJSON').click()
    await form.getByLabel('The shape as a GeoJSON geometry (longitude, latitude)').fill(JSON.stringify(boxPolygon(corrected)))
    await form.getByRole('button', { name: 'Apply the GeoJSON' }).click()
    await form.getByRole('button', { name: 'Save the shape' }).click()
    await expect.poll(() => editor.page.locator('.ta-editor-notice').textContent()).toBe('Saved.')

    const versions = await boundaries()
    expect(versions.map((version) => version.effective_on)).toEqual(start.map((version) => version.effective_on))
    expect((await app.server.app.inject(`/zones/${SLUG}`)).json().geometry).toEqual(boxPolygon(corrected))
    const all = await boundaries('?include=superseded')
    expect(all).toHaveLength(start.length + 1)
    expect(all.filter((version) => version.superseded_at !== null)).toHaveLength(1)
  })

  it('a new version beaten by another editor’s later version shows the conflict, then the server’s refusal beside the date', async () => {
    const editor = await open(`/?zone=${SLUG}&${VIEW}`)
    await signInOnMap(editor.page, 'ada')
    const form = await openShapeForm(editor.page)
    const question = form.getByRole('group', { name: 'What does the new outline record?' })
    await expect.poll(() => question.locator('.ta-boundary-versions').textContent()).toMatch(/^2 outlines are recorded; the one in force now since June 2025\.$/)

    // Another editor records a later version meanwhile.
    const other = await signIn(app.server.app, 'bea')
    const etag = (await app.server.app.inject(`/zones/${SLUG}`)).headers.etag as string
    const later = await app.server.app.inject({
      method: 'PATCH',
      url: `/zones/${SLUG}`,
      headers: { ...other.headers, 'if-match': etag },
      payload: { geometry: boxPolygon({ ...NEW_BOX, west: 38.52 }), boundary: { change: 'new-version', effective_date: '2025-09-01', reason: 'Narrowed again' } },
    })
    expect(later.statusCode).toBe(200)

    await form.getByText('Edit as GeoJSON').click()
    await form.getByLabel('The shape as a GeoJSON geometry (longitude, latitude)').fill(JSON.stringify(boxPolygon({ ...NEW_BOX, east: 38.64 })))
    await form.getByRole('button', { name: 'Apply the GeoJSON' }).click()
    await question.getByLabel('A new outline from a date: the zone itself changed').check()
    await question.getByLabel('In force from').fill('2025-08-01')
    await question.getByLabel('Why the outline changed').fill('Widened to the east')
    await form.getByRole('button', { name: 'Save the shape' }).click()
    const conflict = editor.page.locator('.ta-conflict')
    await conflict.waitFor()
    await expect(conflict.locator('tr[data-field="geometry"] .ta-conflict-mine').textContent()).resolves.toBe('your new outline, in force from 2025-08-01')
    // The versions shown are read again: the other editor's is among them.
    await expect.poll(() => question.locator('.ta-boundary-versions').textContent()).toMatch(/^3 outlines are recorded; the one in force now since 1 September 2025\.$/)
    await conflict.getByRole('button', { name: /^Reapply my change to version \d+$/ }).click()
    // The server refuses a version dated before the one now in force, and says so beside the date.
    await expect.poll(() => form.locator('[data-error-for="boundary.effective_date"]').textContent()).toMatch(/2025-09-01/)
    await expect(question.getByLabel('In force from').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(form.locator('.ta-form-summary').textContent()).resolves.toMatch(/^Not saved\./)
    await saveScreenshot(editor.page, 'boundary-edit-refused')
    expect((await boundaries()).map((version) => version.effective_on)).toEqual(['2024-12-17', '2025-06-01', '2025-09-01'])
    app.pages.allow(editor, [/HTTP (412|422): .*\/zones\/\d+$/, /status of (412|422)/])
  })
})
