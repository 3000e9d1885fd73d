import type { Page } from 'playwright-core'
import { PASSWORD } from '../../helpers/accounts.ts'

/** Signs in through the map's header dialog and waits for the editing tools to load. */
export async function signInOnMap(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Sign in to edit' })
  await dialog.getByLabel('Username').fill(username)
  await dialog.getByLabel('Password').fill(password)
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForSelector('body[data-editing="true"]', { timeout: 20_000 })
  await page.waitForSelector('.ta-edit-control', { timeout: 20_000 })
}

/** Opens a zone's card from the list and waits for its timeline and editing section. */
export async function openCard(page: Page, slug: string): Promise<void> {
  const card = page.locator(`.ta-card[data-zone="${slug}"]`)
  if ((await card.count()) === 0) await page.locator(`.ta-zone-item[data-zone="${slug}"] button`).click()
  await card.locator('.ta-timeline-entry').first().waitFor()
}

/** The timeline of the open card: change and reason of each entry. */
export async function timelineOf(page: Page): Promise<{ change: string; reason: string; id: string | null }[]> {
  return page.locator('.ta-card .ta-timeline-entry').evaluateAll((items) =>
    items.map((item) => ({
      change: item.querySelector('.ta-timeline-change')?.textContent ?? '',
      reason: item.querySelector('.ta-timeline-reason')?.textContent ?? '',
      id: item.getAttribute('data-change'),
    })),
  )
}

