import { beforeAll, describe, expect, it } from 'vitest'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { gotoApp, openPage, saveScreenshot, type WatchedPage } from './helpers/browser.ts'

const TASS_URL = 'https://tass.com/politics/944911'

/**
 * The card as a reader sees it: the sources a description cites are superscript numbers linking to
 * them, listed as footnotes with their grade; a status change announced for a later day is in the timeline, labelled
 * Scheduled, while the status shown is the one in effect.
 */
describe('citations and scheduled changes on the card', () => {
  let watched: WatchedPage
  let scheduledOn: string
  const app = useBrowserApp(async (db) => {
    // A suspension announced for a month ahead, recorded as the API records it.
    const zone = await db.knex('zones').where({ slug: 'sweida-ceasefire-2025' }).first('id', 'status')
    const { rows } = await db.knex.raw(`select (current_date + 30)::text as day`)
    scheduledOn = rows[0].day
    await db.knex('status_changes').insert({ zone_id: zone.id, from_status: zone.status, to_status: 'suspended', effective_on: scheduledOn, reason: 'Suspension announced [R51]', recorded_by: 'ada' })
    await db.knex('zones').where({ id: zone.id }).update({ status: 'suspended', status_since: scheduledOn })
    // An approximate outline whose note (how it was drawn) is missing, as an imported zone's is.
    await db.knex('zones').where({ slug: 'al-tanf-deconfliction-zone' }).update({ geometry_note: null })
  })

  beforeAll(async () => {
    watched = await openPage(app.browser, app.server.url)
  })

  it('shows each cited source as a numbered superscript link to its URL, with the footnote list', async () => {
    const { page } = watched
    await gotoApp(watched, `${app.server.url}/?zone=idlib-de-escalation-zone`)
    const description = page.locator('.ta-card-description')
    await description.waitFor()
    await expect(description.textContent()).resolves.not.toMatch(/\[[SR]\d+[a-z]?\]/)
    const first = description.locator('sup a').first()
    await expect(first.textContent()).resolves.toBe('1')
    await expect(first.getAttribute('href')).resolves.toBe(TASS_URL)
    const footnote = page.locator('.ta-card .ta-footnotes li').first()
    await expect(footnote.locator('a').getAttribute('href')).resolves.toBe(TASS_URL)
    await expect(footnote.textContent()).resolves.toMatch(/TASS/)
    // Every superscript leads to a footnote with the same address.
    const marks = await description.locator('sup a').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]))
    const notes = await page.locator('.ta-card > .ta-footnotes li').evaluateAll((items) => items.map((item) => [item.getAttribute('value'), item.querySelector('a')?.getAttribute('href')]))
    for (const [number, href] of marks) expect(notes).toContainEqual([number, href])
    await expect(page.locator('.ta-card').textContent()).resolves.not.toMatch(/approx-geometries|2018-2026 notes/)
    await saveScreenshot(page, 'card-citations')
  })

  it('grades each source beside its link, and says when a status change rests only on weak outlets', async () => {
    const { page } = watched
    await gotoApp(watched, `${app.server.url}/?zone=idlib-de-escalation-zone`)
    const card = page.locator('.ta-card[data-zone="idlib-de-escalation-zone"]')
    await card.locator('.ta-timeline-entry').first().waitFor()
    // TASS: Russian state media, Russia being a guarantor of the zone.
    await expect(card.locator(':scope > .ta-footnotes li').first().locator('.ta-source-grade').textContent()).resolves.toBe('state or partisan outlet')
    const entryOn = (day: string) => card.locator('.ta-timeline-entry').filter({ has: page.locator(`time[datetime="${day}"]`) })
    // The boundaries agreed in September 2017 are sourced to sott.net alone.
    const agreed = entryOn('2017-09-15')
    await expect(agreed.locator('.ta-source .ta-source-grade').textContent()).resolves.toBe('blog or mirror')
    await expect(agreed.locator('.ta-weak-sources').textContent()).resolves.toBe('Rests only on state or partisan outlets, blogs or mirrors.')
    // Turkey's first observation posts: a wire agency, so no warning.
    const active = entryOn('2017-10-12')
    await expect(active.locator('.ta-source .ta-source-grade').textContent()).resolves.toBe('wire agency')
    await expect(active.locator('.ta-weak-sources').count()).resolves.toBe(0)
    await agreed.scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'card-source-grades')
  })

  it('says of an approximate outline without a note that how it was drawn is not recorded, and claims nothing more', async () => {
    const { page } = watched
    await gotoApp(watched, `${app.server.url}/?zone=al-tanf-deconfliction-zone`)
    const card = page.locator('.ta-card[data-zone="al-tanf-deconfliction-zone"]')
    await card.locator('.ta-card-description').waitFor()
    const text = await card.innerText()
    expect(text).toContain('Approximate outline. How it was drawn is not recorded.')
    expect(text).not.toContain('No official map')
    await saveScreenshot(page, 'card-outline-without-note')
  })

  it('labels a change announced for a later day as Scheduled, and keeps the status in effect', async () => {
    const { page } = watched
    await gotoApp(watched, `${app.server.url}/?zone=sweida-ceasefire-2025`)
    const card = page.locator('.ta-card[data-zone="sweida-ceasefire-2025"]')
    await card.locator('.ta-timeline-entry').first().waitFor()
    await expect(card.locator('.ta-card-status').textContent()).resolves.toMatch(/^Active since/)
    const scheduled = card.locator('.ta-timeline-entry').last()
    await expect(scheduled.locator('.ta-badge-scheduled').textContent()).resolves.toBe('Scheduled')
    await expect(scheduled.locator('time').getAttribute('datetime')).resolves.toBe(scheduledOn)
    await expect(scheduled.locator('.ta-timeline-reason sup a').getAttribute('href')).resolves.toMatch(/^https?:\/\//)
    await expect(card.locator('.ta-badge-scheduled').count()).resolves.toBe(1)
    await scheduled.scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'card-scheduled')
  })
})
