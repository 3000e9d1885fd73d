import { beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { PASSWORD, createAccount, signIn as signInApi } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot, type WatchedPage } from './helpers/browser.ts'
import { lowContrastText, unnamedControls } from './helpers/a11y.ts'
import { openCard, signInOnMap } from './helpers/editing.ts'

const TODAY = new Date().toISOString().slice(0, 10)
const ZONE = 'kobani-dmz-proposal'
const ZONE_NAME = 'Proposed Kobani demilitarised zone and Manbij ceasefire (2024)'
/** Markup in a title: it must show as these characters, never as an element. */
const TITLE = 'Manbij ceasefire <img src=x onerror="document.title=1"> <b>extended</b>'
const SLUG = 'manbij-ceasefire-extension-2024'

interface StoredAgreement {
  id: number
  properties: {
    slug: string
    title: string
    signed_on: string | null
    signed_precision: string
    place: string | null
    class: string
    form: string
    purpose: string
    duration_days: number | null
    ucdp_conflict_id: number | null
    source_urls: string[]
    version: number
    parties: { slug: string; role: string }[]
    zones: { slug: string; effect: string }[]
  }
}

/** The Agreements tab of /admin: create an agreement linking a zone, edit it (and meet a stale edit), archive it; and cite it in a status change. */
describe('the agreements in the admin page', () => {
  const app = useBrowserApp(undefined, { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' })

  beforeAll(async () => {
    await createAccount(app.server.app, 'ada', 'editor')
    await createAccount(app.server.app, 'bea', 'editor')
  })

  async function openAgreements(username: string): Promise<{ watched: WatchedPage; panel: Locator }> {
    const watched = await app.pages.open(app.browser, app.server.url)
    const { page } = watched
    await page.goto(`${app.server.url}/admin?tab=agreements`)
    await page.waitForSelector('body[data-ready="true"]')
    const form = page.getByRole('form', { name: 'Sign in to edit' })
    await form.getByLabel('Username').fill(username)
    await form.getByLabel('Password').fill(PASSWORD)
    await form.getByRole('button', { name: 'Sign in' }).click()
    const panel = page.getByRole('tabpanel', { name: 'Agreements' })
    await expect.poll(() => panel.locator('.ta-admin-status').textContent()).toMatch(/^\d+ agreements\.$/)
    return { watched, panel }
  }

  async function stored(slug: string): Promise<StoredAgreement | undefined> {
    const response = await app.server.app.inject('/agreements?limit=1000')
    expect(response.statusCode).toBe(200)
    return (response.json().features as StoredAgreement[]).find((feature) => feature.properties.slug === slug)
  }

  async function addLink(fieldset: Locator, item: string, relation: string, note?: string): Promise<void> {
    await fieldset.getByLabel(/^(Party|Zone)$/).selectOption({ label: item })
    await fieldset.getByLabel(/^(Role|Effect)$/).selectOption(relation)
    if (note) await fieldset.getByLabel('Note').fill(note)
    await fieldset.getByRole('button', { name: /^Add the (party|zone)$/ }).click()
  }

  it('creates an agreement linking a zone and its parties: listed with its title as text, and stored', async () => {
    const { watched, panel } = await openAgreements('ada')
    const { page } = watched
    await panel.getByRole('button', { name: 'New agreement' }).click()
    const form = page.getByRole('form', { name: 'New agreement' })
    await form.waitFor()

    // Nothing filled in: the title is asked for beside it, and the focus goes there.
    await form.getByRole('button', { name: 'Create the agreement' }).click()
    await expect(form.locator('[data-error-for="title"]').textContent()).resolves.toBe('Give the agreement a title.')
    await expect(form.getByRole('textbox', { name: 'Title', exact: true }).getAttribute('aria-invalid')).resolves.toBe('true')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title')

    await form.getByRole('textbox', { name: 'Title', exact: true }).fill(TITLE)
    await form.getByLabel('Slug').fill(SLUG)
    await form.getByLabel('Signed on').fill('2024-12-17')
    await form.getByLabel('Place').fill('Manbij')
    await form.getByLabel('Class').selectOption('bilateral')
    await form.getByLabel('Form', { exact: true }).selectOption('verbal')
    await form.getByLabel('Purpose').selectOption('ceasefire')
    await form.getByLabel('Duration (days)').fill('3')
    await form.getByLabel('UCDP conflict id').fill('99999999999') // beyond what the database holds
    await form.getByLabel('Renewal terms').fill('Extended by announcement')
    const parties = form.getByRole('group', { name: 'Parties' })
    await addLink(parties, 'Syrian Democratic Forces (SDF)', 'signatory')
    await addLink(parties, 'United States', 'mediator', 'Brokered the extension')
    await expect(parties.getByRole('status').textContent()).resolves.toBe('Added United States (mediator). Save to keep it.')
    const zones = form.getByRole('group', { name: 'Zones' })
    await addLink(zones, ZONE_NAME, 'creates')
    // A zone is linked once.
    await addLink(zones, ZONE_NAME, 'confirms')
    await expect(zones.locator('[data-error-for="zones"]').textContent()).resolves.toBe(`${ZONE_NAME} is already listed.`)
    const sources = form.getByRole('group', { name: 'Sources' })
    await sources.getByLabel('Source (address)').fill('javascript:alert(1)')
    await sources.getByRole('button', { name: 'Add the source' }).click()
    await expect(sources.locator('[data-error-for="sources"]').textContent()).resolves.toBe('Give the source as an http(s) address.')
    await sources.getByLabel('Source (address)').fill('https://example.org/manbij-extension')
    await sources.getByLabel('Source title').fill('Report on the extension')
    await sources.getByRole('button', { name: 'Add the source' }).click()
    await expect(sources.getByRole('listitem').allTextContents()).resolves.toEqual(['Report on the extensionRemove'])

    await form.getByRole('button', { name: 'Create the agreement' }).click()
    await expect(form.locator('[data-error-for="ucdp_conflict_id"]').textContent()).resolves.toBe('A whole number from 1 to 2147483647.')
    await form.getByLabel('UCDP conflict id').fill('13604')
    await saveScreenshot(page, 'admin-agreement-form')
    await form.getByRole('button', { name: 'Create the agreement' }).click()
    await expect.poll(() => panel.locator('.ta-admin-status').textContent()).toBe(`${TITLE} was created.`)

    // Listed, the markup as text.
    const row = panel.locator(`tr[data-agreement="${SLUG}"]`)
    await expect(row.locator('.ta-agreement-title').textContent()).resolves.toBe(TITLE)
    expect(await panel.locator('.ta-agreements-table img, .ta-agreements-table b').count()).toBe(0)
    await expect(page.title()).resolves.not.toBe('1')
    await expect(row.locator('td').nth(0).textContent()).resolves.toBe('17 December 2024Manbij')
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('Bilateral, verbal, ceasefire')
    await expect(row.locator(`[data-zone="${ZONE}"]`).textContent()).resolves.toBe(`${ZONE_NAME} (creates)`)
    await saveScreenshot(page, 'admin-agreements')

    // Stored as entered, and found by its zone.
    const agreement = await stored(SLUG)
    expect(agreement?.properties).toMatchObject({
      title: TITLE,
      signed_on: '2024-12-17',
      signed_precision: 'day',
      place: 'Manbij',
      class: 'bilateral',
      form: 'verbal',
      purpose: 'ceasefire',
      duration_days: 3,
      ucdp_conflict_id: 13604,
      version: 1,
    })
    expect(agreement!.properties.zones.map(({ slug, effect }) => ({ slug, effect }))).toEqual([{ slug: ZONE, effect: 'creates' }])
    expect(agreement!.properties.source_urls).toEqual(['https://example.org/manbij-extension'])
    expect(agreement!.properties.parties.map(({ slug, role }) => `${slug}:${role}`).sort()).toEqual(['sdf:signatory', 'united-states:mediator'])
    const byZone = (await app.server.app.inject(`/agreements?zone=${ZONE}`)).json().features as StoredAgreement[]
    expect(byZone.map((feature) => feature.properties.slug)).toContain(SLUG)

    // The same slug again is refused by the server, and said so.
    await panel.getByRole('button', { name: 'New agreement' }).click()
    const again = page.getByRole('form', { name: 'New agreement' })
    await again.getByRole('textbox', { name: 'Title', exact: true }).fill('A second record of the same agreement')
    await again.getByLabel('Slug').fill(SLUG)
    await again.getByRole('button', { name: 'Create the agreement' }).click()
    await expect.poll(() => again.locator('.ta-form-summary').textContent()).toMatch(/^The agreement was not created\./)
    await expect(again.locator('.ta-form-summary').textContent()).resolves.toContain(SLUG)
    app.pages.allow(watched, [/HTTP 409: .*\/agreements$/, /status of 409/])
    await again.getByRole('button', { name: 'Cancel' }).click()

    expect(await unnamedControls(page)).toEqual([])
    expect((await lowContrastText(page)).failures).toEqual([])
  })

  it('a stale edit shows what the other editor changed; the change is reapplied onto the new version, or dropped by a reload', async () => {
    const { watched, panel } = await openAgreements('ada')
    const { page } = watched
    const start = (await stored(SLUG))!
    await panel.getByRole('button', { name: `Edit ${TITLE}` }).click()
    const form = page.getByRole('form', { name: `Edit the agreement ${TITLE}` })
    await form.waitFor()
    await expect(form.getByLabel('Slug').isDisabled()).resolves.toBe(true)
    await form.getByLabel('Place').fill('Manbij and Kobani')

    // Meanwhile another editor changes the title.
    const other = await signInApi(app.server.app, 'bea')
    const etag = (await app.server.app.inject(`/agreements/${SLUG}`)).headers.etag as string
    const changed = await app.server.app.inject({
      method: 'PATCH',
      url: `/agreements/${start.id}`,
      headers: { ...other.headers, 'if-match': etag },
      payload: { title: 'Manbij ceasefire extension' },
    })
    expect(changed.statusCode).toBe(200)

    await form.getByRole('button', { name: 'Save the agreement' }).click()
    const conflict = page.locator('.ta-agreement-editor .ta-conflict')
    await conflict.waitFor()
    await expect(conflict.getByRole('heading').textContent()).resolves.toBe('Someone saved this agreement first')
    const rows = await conflict.locator('tbody tr').evaluateAll((items) =>
      items.map((item) => ({ field: item.getAttribute('data-field'), theirs: item.getAttribute('data-changed-on-server'), cells: Array.from(item.querySelectorAll('td')).map((cell) => cell.textContent) })),
    )
    expect(rows).toEqual([
      { field: 'title', theirs: 'true', cells: [`Manbij ceasefire extensionwas: ${TITLE}`, 'unchanged'] },
      { field: 'place', theirs: 'false', cells: ['unchanged', 'Manbij and Kobani'] },
    ])
    // Nothing was overwritten.
    expect((await stored(SLUG))!.properties).toMatchObject({ title: 'Manbij ceasefire extension', place: 'Manbij', version: start.properties.version + 1 })
    await saveScreenshot(page, 'admin-agreement-conflict')

    await conflict.getByRole('button', { name: `Reapply my change to version ${start.properties.version + 1}` }).click()
    await expect.poll(() => panel.locator('.ta-admin-status').textContent()).toBe(`Manbij ceasefire extension was saved (version ${start.properties.version + 2}).`)
    expect((await stored(SLUG))!.properties).toMatchObject({ title: 'Manbij ceasefire extension', place: 'Manbij and Kobani', version: start.properties.version + 2 })

    // Once more, and this time the editor reloads: the form shows what is stored, the change is gone.
    await panel.getByRole('button', { name: 'Edit Manbij ceasefire extension' }).click()
    const second = page.getByRole('form', { name: 'Edit the agreement Manbij ceasefire extension' })
    await second.getByLabel('Renewal terms').fill('Renewed weekly')
    const etag2 = (await app.server.app.inject(`/agreements/${SLUG}`)).headers.etag as string
    const changed2 = await app.server.app.inject({ method: 'PATCH', url: `/agreements/${start.id}`, headers: { ...other.headers, 'if-match': etag2 }, payload: { duration_days: 30 } })
    expect(changed2.statusCode).toBe(200)
    await second.getByRole('button', { name: 'Save the agreement' }).click()
    await conflict.waitFor()
    await conflict.getByRole('button', { name: 'Reload the agreement (drop my change)' }).click()
    const reloaded = page.getByRole('form', { name: 'Edit the agreement Manbij ceasefire extension' })
    await expect.poll(() => reloaded.getByLabel('Duration (days)').inputValue()).toBe('30')
    await expect(reloaded.getByLabel('Renewal terms').inputValue()).resolves.toBe('Extended by announcement')
    expect(await page.locator('.ta-agreement-editor .ta-conflict').count()).toBe(0)
    app.pages.allow(watched, [/HTTP 412: .*\/agreements\/\d+$/, /status of 412/])
  })

  it('a status change on the map cites the agreement, the zone’s own agreements offered first', async () => {
    const editor = await app.pages.openApp(app.browser, app.server.url, `/?zone=${ZONE}`)
    await signInOnMap(editor.page, 'ada')
    await openCard(editor.page, ZONE)
    await editor.page.getByRole('button', { name: 'Change status' }).click()
    const form = editor.page.locator('form.ta-status-form')
    await form.waitFor()
    const choice = form.getByLabel('Under agreement')
    await expect(choice.inputValue()).resolves.toBe('')
    const own = await choice.locator('optgroup[label="Agreements of this zone"] option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))
    expect(own).toEqual([SLUG])
    await form.getByLabel('New status').selectOption('agreed')
    await form.getByLabel('In effect from').fill(TODAY)
    await form.getByLabel('Reason').fill('The extension is agreed')
    await form.getByLabel('Source (address)').fill('https://example.org/agreed')
    await choice.selectOption(SLUG)
    await saveScreenshot(editor.page, 'status-under-agreement')
    await form.getByRole('button', { name: 'Save the status change' }).click()
    await expect.poll(async () => (await app.server.app.inject(`/zones/${ZONE}`)).json().properties.status).toBe('agreed')
    const history = (await app.server.app.inject(`/zones/${ZONE}/history`)).json().history as { to_status: string; agreement: { slug: string } | null }[]
    expect(history.at(-1)).toMatchObject({ to_status: 'agreed', agreement: { slug: SLUG } })
  })

  it('archives an agreement: it leaves the list', async () => {
    const { page, panel } = await openAgreements('ada').then(({ watched, panel }) => ({ page: watched.page, panel }))
    await panel.getByRole('button', { name: 'Archive Manbij ceasefire extension' }).click()
    await panel.getByRole('button', { name: 'Archive Manbij ceasefire extension' }).last().click()
    await expect.poll(() => panel.locator('.ta-admin-status').textContent()).toBe('Manbij ceasefire extension was archived.')
    expect(await panel.locator(`tr[data-agreement="${SLUG}"]`).count()).toBe(0)
    expect(await stored(SLUG)).toBeUndefined()
    await saveScreenshot(page, 'admin-agreement-archived')
  })
})
