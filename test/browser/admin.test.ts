import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PASSWORD, createAccount } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { drawnZones, gotoApp, saveScreenshot, type WatchedPage } from './helpers/browser.ts'
import { focused, lowContrastText, unnamedControls } from './helpers/a11y.ts'

/** The /admin page: zones with archive and restore, accounts, the audit log; for editors, the zones only. */
describe('the admin page', () => {
  const app = useBrowserApp(undefined, { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' })

  beforeAll(async () => {
    await createAccount(app.server.app, 'root', 'admin')
    await createAccount(app.server.app, 'ada', 'editor')
  })

  async function openAdmin(username?: string): Promise<WatchedPage> {
    const watched = await app.pages.open(app.browser, app.server.url)
    await watched.page.goto(`${app.server.url}/admin`)
    await watched.page.waitForSelector('body[data-ready="true"]')
    if (username) await signIn(watched.page, username)
    return watched
  }

  it('is served at /admin with the same headers as the map page', async () => {
    const [admin, index] = await Promise.all([app.server.app.inject({ method: 'GET', url: '/admin' }), app.server.app.inject({ method: 'GET', url: '/' })])
    expect(admin.statusCode).toBe(200)
    expect(admin.headers['content-type']).toMatch(/^text\/html/)
    expect(admin.body).toContain('<title>Truce Atlas: administration</title>')
    for (const header of ['cache-control', 'content-security-policy', 'x-content-type-options', 'referrer-policy']) expect(admin.headers[header]).toBe(index.headers[header])
  })

  it('asks to sign in, then lists the zones; an archived zone leaves the map and is restored by an admin', async () => {
    const { page } = await openAdmin()
    await expect(page.getByRole('heading', { name: 'Sign in' }).isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'admin-sign-in')
    await signIn(page, 'root')
    const zones = page.getByRole('tabpanel', { name: 'Zones' })
    await expect.poll(() => zones.locator('.ta-zones-table tbody tr').count()).toBe(34)
    await expect(zones.locator('tr[data-zone="kobani-dmz-proposal"] a').getAttribute('href')).resolves.toBe('/?zone=kobani-dmz-proposal')
    await saveScreenshot(page, 'admin-zones')

    // A map open meanwhile.
    const map = await app.pages.open(app.browser, app.server.url)
    await gotoApp(map, `${app.server.url}/`)
    expect((await drawnZones(map.page))['kobani-dmz-proposal']).toBe('proposed')

    await zones.getByRole('button', { name: 'Archive Proposed Kobani demilitarised zone and Manbij ceasefire (2024)' }).click()
    await zones.getByRole('button', { name: /^Archive Proposed Kobani/ }).last().click()
    await expect.poll(() => page.locator('.ta-admin-status').first().textContent()).toMatch(/was archived\.$/)
    expect(await zones.locator('.ta-zones-table tr[data-zone="kobani-dmz-proposal"]').count()).toBe(0)
    await expect.poll(async () => 'kobani-dmz-proposal' in (await drawnZones(map.page)), { timeout: 5000 }).toBe(false)
    expect((await app.server.app.inject('/zones/kobani-dmz-proposal')).statusCode).toBe(404)

    const archived = zones.locator('.ta-archived-table tr[data-zone="kobani-dmz-proposal"]')
    await expect.poll(() => archived.count()).toBe(1)
    await expect(archived.locator('td').nth(1).textContent()).resolves.toBe('root')
    await saveScreenshot(page, 'admin-archived')
    await archived.getByRole('button', { name: /^Restore/ }).click()
    await expect.poll(() => page.locator('.ta-admin-status').first().textContent()).toMatch(/was restored\.$/)
    expect((await app.server.app.inject('/zones/kobani-dmz-proposal')).statusCode).toBe(200)
    await expect.poll(() => zones.locator('.ta-archived-table').count()).toBe(0)
    await expect.poll(async () => (await drawnZones(map.page))['kobani-dmz-proposal'], { timeout: 5000 }).toBe('proposed')
  })

  it('manages accounts: create, change role, disable, reset a password; never oneself', async () => {
    const { page } = await openAdmin('root')
    await page.getByRole('tab', { name: 'Accounts' }).click()
    const panel = page.getByRole('tabpanel', { name: 'Accounts' })
    await expect.poll(() => panel.locator('tr[data-username="root"]').count()).toBe(1)
    // One's own role and state cannot be changed here.
    await expect(panel.getByLabel('Role of root').isDisabled()).resolves.toBe(true)
    await expect(panel.getByRole('button', { name: 'Disable root' }).isDisabled()).resolves.toBe(true)

    const create = panel.getByRole('form', { name: 'Create an account' })
    await create.getByLabel('Username').fill('cleo')
    await create.getByLabel('Password').fill('short')
    await create.getByRole('button', { name: 'Create the account' }).click()
    await expect(create.locator('[data-error-for="password"]').textContent()).resolves.toBe('At least 12 characters.')
    await create.getByLabel('Password').fill(PASSWORD)
    await create.getByRole('button', { name: 'Create the account' }).click()
    const row = panel.locator('tr[data-username="cleo"]')
    await expect.poll(() => row.getAttribute('data-role')).toBe('editor')

    await panel.getByLabel('Role of cleo').selectOption('admin')
    await expect.poll(() => row.getAttribute('data-role')).toBe('admin')
    await panel.getByRole('button', { name: 'Disable cleo' }).click()
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('true')
    const login = await app.server.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'cleo', password: PASSWORD } })
    expect(login.statusCode).toBe(401)
    await panel.getByRole('button', { name: 'Enable cleo' }).click()
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('false')

    await panel.getByRole('button', { name: 'Reset the password of cleo' }).click()
    await panel.getByRole('textbox', { name: 'New password for cleo' }).fill('a brand new passphrase')
    await panel.getByRole('button', { name: 'Set the password', exact: true }).click()
    await expect.poll(() => panel.locator('.ta-admin-status').textContent()).toBe('The password of cleo was reset.')
    const relogin = await app.server.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'cleo', password: 'a brand new passphrase' } })
    expect(relogin.statusCode).toBe(200)
    await saveScreenshot(page, 'admin-users')
  })

  it("lists an account's API tokens and revokes one, which then stops working", async () => {
    const session = await app.server.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ada', password: PASSWORD } })
    const headers = { cookie: String(session.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': session.json().csrfToken as string }
    const created = await app.server.app.inject({ method: 'POST', url: '/auth/tokens', headers, payload: { name: 'QGIS <b>laptop</b>' } })
    const bearer = { authorization: `Bearer ${created.json().token}` }
    expect((await app.server.app.inject({ url: '/auth/me', headers: bearer })).statusCode).toBe(200)

    const { page } = await openAdmin('root')
    await page.getByRole('tab', { name: 'Accounts' }).click()
    const panel = page.getByRole('tabpanel', { name: 'Accounts' })
    await panel.getByRole('button', { name: 'API tokens of ada' }).click()
    const tokens = panel.getByRole('region', { name: 'API tokens' })
    await expect.poll(() => tokens.getByRole('heading', { name: 'API tokens of ada' }).isVisible()).toBe(true) // the list loads after the click
    const row = tokens.locator(`tr[data-token="${created.json().id}"]`)
    await expect(row.locator('th').textContent()).resolves.toBe('QGIS <b>laptop</b>')
    // Created, and last used (by the request above), to the minute; never expires.
    for (const cell of [0, 1]) await expect(row.locator('td').nth(cell).textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('never')
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('Active')
    await saveScreenshot(page, 'admin-tokens')

    await tokens.getByRole('button', { name: 'Revoke the token QGIS <b>laptop</b> of ada' }).click()
    await expect.poll(() => row.getAttribute('data-revoked')).toBe('true')
    await expect(row.locator('td').nth(3).textContent()).resolves.toMatch(/^Revoked /)
    await expect(tokens.getByRole('status').textContent()).resolves.toBe('The token QGIS <b>laptop</b> of ada is revoked.')
    expect((await app.server.app.inject({ url: '/auth/me', headers: bearer })).statusCode).toBe(401)
    await saveScreenshot(page, 'admin-tokens-revoked')
  })

  it('shows the audit log, filtered by zone and account', async () => {
    // A change to audit.
    const etag = (await app.server.app.inject('/zones/kobani-dmz-proposal')).headers.etag as string
    const session = await app.server.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ada', password: PASSWORD } })
    const cookie = String(session.headers['set-cookie']).split(';')[0]!
    const changed = await app.server.app.inject({
      method: 'PATCH',
      url: '/zones/kobani-dmz-proposal',
      headers: { cookie, 'x-csrf-token': session.json().csrfToken, 'if-match': etag },
      payload: { description: 'Audited <script>alert(1)</script>' },
    })
    expect(changed.statusCode).toBe(200)

    const { page } = await openAdmin('root')
    await page.getByRole('tab', { name: 'Audit log' }).click()
    const panel = page.getByRole('tabpanel', { name: 'Audit log' })
    await panel.getByLabel('Zone (slug or id)').fill('kobani-dmz-proposal')
    await panel.getByLabel('Account').fill('ada')
    await panel.getByRole('button', { name: 'Show' }).click()
    const rows = panel.locator('.ta-audit-table tbody tr')
    await expect.poll(() => rows.count()).toBe(1)
    await expect(rows.first().getAttribute('data-action')).resolves.toBe('zone.update')
    await expect(rows.first().locator('td').nth(1).textContent()).resolves.toBe('ada')
    await expect(rows.first().locator('.ta-audit-changes').textContent()).resolves.toContain('description:')
    await expect(rows.first().locator('.ta-audit-changes').textContent()).resolves.toContain('Audited <script>alert(1)</script>')
    expect(await page.locator('script:not([src])').count()).toBe(0)
    await panel.getByLabel('Account').fill('')
    await panel.getByRole('button', { name: 'Show' }).click()
    await expect.poll(() => rows.count()).toBeGreaterThan(1) // the archive and restore of the previous test
    await saveScreenshot(page, 'admin-audit')
  })

  it('is keyboard-reachable, names every control and keeps text contrast at 4.5:1', async () => {
    const { page } = await openAdmin('root')
    await page.getByRole('tab', { name: 'Zones' }).focus()
    await page.keyboard.press('ArrowRight')
    await expect.poll(async () => (await focused(page)).text).toBe('Agreements')
    expect((await focused(page)).outline).not.toBe('none')
    await expect(page.getByRole('tab', { name: 'Agreements' }).getAttribute('aria-selected')).resolves.toBe('true')
    expect(new URL(page.url()).searchParams.get('tab')).toBe('agreements')
    await page.keyboard.press('End')
    await expect.poll(async () => (await focused(page)).text).toBe('Webhooks')
    for (const tab of ['Zones', 'Agreements', 'Incidents', 'Accounts', 'Audit log', 'Webhooks']) {
      await page.getByRole('tab', { name: tab }).click()
      await page.waitForTimeout(200)
      expect(await unnamedControls(page)).toEqual([])
      expect((await lowContrastText(page)).failures).toEqual([])
    }
  })

  it('shows an editor the zones, the agreements and the incidents only', async () => {
    const { page } = await openAdmin('ada')
    await expect.poll(() => page.getByRole('tabpanel', { name: 'Zones' }).locator('.ta-zones-table tbody tr').count()).toBeGreaterThan(20)
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Zones', 'Agreements', 'Incidents'])
    expect(await page.locator('.ta-archived-table').count()).toBe(0)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in' }).count()).toBe(1)
  })
})

async function signIn(page: Page, username: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in to edit' })
  await form.getByLabel('Username').fill(username)
  await form.getByLabel('Password').fill(PASSWORD)
  await form.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('tablist', { name: 'Administration' }).waitFor()
}
