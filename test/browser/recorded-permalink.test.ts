import { beforeAll, describe, expect, it } from 'vitest'
import { apiToken, createAccount, signIn } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot, waitForApp } from './helpers/browser.ts'

const SLUG = 'sdf-damascus-agreements'
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

/**
 * A link pinned to the record as it stood (recorded_as_of): it shows what the Atlas had recorded by
 * then, and says so where a reader sees it; one button goes back to the record as it is.
 */
describe('a link pinned to the record', () => {
  const app = useBrowserApp()
  let pinned: string

  beforeAll(async () => {
    await createAccount(app.server.app, 'ada', 'editor')
    const editor = await apiToken(app.server.app, await signIn(app.server.app, 'ada'))
    // Whole seconds, rounded down: the change below is recorded after this moment, never at it.
    pinned = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z')
    const etag = (await app.server.app.inject({ method: 'GET', url: `/zones/${SLUG}` })).headers.etag as string
    const changed = await app.server.app.inject({
      method: 'POST',
      url: `/zones/${SLUG}/status`,
      headers: { ...editor, 'if-match': etag },
      payload: { status: 'active', effective_date: '2025-05-01', reason: 'Recorded after the link was pinned' },
    })
    expect(changed.statusCode, changed.body).toBe(200)
  })

  it('shows the record as it stood, says so, and goes back to the current record', async () => {
    const watched = await app.pages.openApp(app.browser, app.server.url, `/?zone=${SLUG}&recorded_as_of=${pinned}`)
    const { page } = watched
    const card = page.locator(`.ta-card[data-zone="${SLUG}"]`)
    await expect(card.locator('.ta-card-status strong').textContent()).resolves.toBe('Agreed')
    await expect.poll(() => card.locator('.ta-timeline-entry').count()).toBeGreaterThan(0)
    await expect(card.locator('.ta-timeline').textContent()).resolves.not.toContain('Recorded after the link was pinned')
    const note = page.locator('.ta-record.is-pinned')
    await expect(note.isVisible()).resolves.toBe(true)
    await expect(note.textContent()).resolves.toMatch(/^As recorded on \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC\. Changes and corrections recorded since are not shown\./)
    await expect(card.locator('.ta-card-recorded').textContent()).resolves.toMatch(/^As recorded on .*: later changes to the record are not shown\.$/)
    const zoneRequests = watched.requests.filter((url) => new URL(url).pathname === '/zones')
    expect(zoneRequests.length).toBeGreaterThan(0)
    for (const url of zoneRequests) expect(new URL(url).searchParams.get('recorded_as_of'), url).toBe(pinned)
    await saveScreenshot(page, 'recorded-pinned')

    await page.getByRole('button', { name: 'Show the current record' }).click()
    await waitForApp(page)
    expect(new URL(page.url()).searchParams.get('recorded_as_of')).toBeNull()
    expect(new URL(page.url()).searchParams.get('zone')).toBe(SLUG)
    await expect.poll(() => card.locator('.ta-card-status strong').textContent()).toBe('Active')
    await expect(page.locator('.ta-record.is-pinned').count()).resolves.toBe(0)
  })

  it('pins the link to the record of the moment with one button', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?date=2017-07-09')
    await page.getByRole('button', { name: 'Pin the link to this record' }).click()
    await waitForApp(page)
    const url = new URL(page.url())
    expect(url.searchParams.get('recorded_as_of')).toMatch(RFC_3339)
    expect(url.searchParams.get('date')).toBe('2017-07-09')
    await expect(page.locator('.ta-record.is-pinned').isVisible()).resolves.toBe(true)
  })
})
