import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { PASSWORD, createAccount, signIn as signInApi } from '../helpers/accounts.ts'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'

/** The admin page's Webhooks tab: register (the secret shown once), the delivery log, pause, delete. */
describe('the webhooks tab of the admin page', () => {
  const app = useBrowserApp(undefined, { LOGIN_ATTEMPTS_PER_ADDRESS: '1000', WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', WEBHOOK_POLL_INTERVAL_MS: '100' })
  let receiver: WebhookReceiver

  beforeAll(async () => {
    await createAccount(app.server.app, 'root', 'admin')
    receiver = await startWebhookReceiver()
  })
  afterAll(() => receiver?.close())

  async function openWebhooks(): Promise<Page> {
    const { page } = await app.pages.open(app.browser, app.server.url)
    await page.goto(`${app.server.url}/admin?tab=webhooks`)
    await page.waitForSelector('body[data-ready="true"]')
    const form = page.getByRole('form', { name: 'Sign in to edit' })
    await form.getByLabel('Username').fill('root')
    await form.getByLabel('Password').fill(PASSWORD)
    await form.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('tabpanel', { name: 'Webhooks' }).waitFor()
    return page
  }

  it('registers a webhook and shows its secret once, then its deliveries; pauses and deletes it', async () => {
    const page = await openWebhooks()
    const panel = page.getByRole('tabpanel', { name: 'Webhooks' })
    await expect.poll(() => panel.getByText('No webhook is registered.').isVisible()).toBe(true)

    const create = panel.getByRole('form', { name: 'Register a webhook' })
    await create.getByLabel('Address').fill('javascript:alert(1)')
    await create.getByRole('button', { name: 'Register the webhook' }).click()
    await expect(create.locator('[data-error-for="url"]').textContent()).resolves.toBe('An address starting with https:// or http://.')

    await create.getByLabel('Address').fill(receiver.url)
    await create.getByLabel('Description').fill('Newsroom <desk>')
    await create.getByLabel('zone.status-changed').check()
    await create.getByRole('button', { name: 'Register the webhook' }).click()
    const secret = panel.getByLabel('Signing secret')
    await secret.waitFor()
    const shown = await secret.inputValue()
    const stored = await app.server.db.knex('webhooks').first('id', 'secret')
    expect(shown).toBe(stored.secret)
    expect(shown).toMatch(/^whsec_/)
    const row = panel.locator(`tr[data-webhook="${stored.id}"]`)
    await expect(row.locator('th').textContent()).resolves.toBe(`${receiver.url} (Newsroom <desk>)`)
    await expect(row.locator('td').nth(0).textContent()).resolves.toBe('zone.status-changed')
    await saveScreenshot(page, 'admin-webhook-secret')
    await panel.getByRole('button', { name: 'Done' }).click()
    expect(await page.content()).not.toContain(shown.slice(6))

    // A status change, made through the API, reaches the receiver and the log.
    const session = await signInApi(app.server.app, 'root')
    const zone = await app.server.app.inject('/zones/kobani-dmz-proposal')
    const changed = await app.server.app.inject({ method: 'POST', url: '/zones/kobani-dmz-proposal/status', headers: { ...session.headers, 'if-match': String(zone.headers.etag) }, payload: { status: 'agreed', effective_date: '2025-02-01', reason: 'for the webhooks tab' } })
    expect(changed.statusCode).toBe(200)
    await receiver.waitFor((received) => received.length === 1)
    await expect.poll(async () => (await app.server.db.knex('webhook_deliveries').first('state')).state).toBe('delivered')
    await row.getByRole('button', { name: `Delivery log of the webhook to ${receiver.url}` }).click()
    const log = panel.getByRole('region', { name: 'Delivery log' })
    const delivery = log.locator(`tr[data-event="${receiver.received[0]!.id}"]`)
    await expect.poll(() => delivery.getAttribute('data-state')).toBe('delivered')
    await expect(delivery.locator('td').nth(0).textContent()).resolves.toMatch(/^zone\.status-changed \(zones\/\d+\)$/)
    await expect(delivery.locator('td').nth(3).textContent()).resolves.toBe('204')
    await saveScreenshot(page, 'admin-webhook-log')

    await row.getByRole('button', { name: `Pause the webhook to ${receiver.url}` }).click()
    await expect.poll(() => row.getAttribute('data-active')).toBe('false')
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('Paused')

    await row.getByRole('button', { name: `Delete the webhook to ${receiver.url}` }).click()
    await row.getByRole('button', { name: `Delete the webhook to ${receiver.url} for good` }).click()
    await expect.poll(() => panel.getByText('No webhook is registered.').isVisible()).toBe(true)
    expect(await app.server.db.knex('webhooks').count({ n: '*' }).first()).toEqual({ n: 0 })
  })
})
