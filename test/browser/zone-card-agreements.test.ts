import { describe, expect, it } from 'vitest'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { saveScreenshot } from './helpers/browser.ts'
import { pointInside } from './helpers/map-truth.ts'
import { lowContrastText } from './helpers/a11y.ts'

const IDLIB = 'idlib-de-escalation-zone'
const MARKUP_TITLE = '<img src=x onerror="document.body.dataset.pwned=1">Memo <b>of</b> markup'
const MARKUP_PARTY = '<script>document.body.dataset.pwned=1</script>Front'
const MARKUP_REASON = 'Outline corrected: <i>towns</i> re-read'

/**
 * The card of a zone as a reader opens it on the map: the agreements that made or changed the zone
 * (linking to their records), the versions of its outline on its timeline (a corrected one labelled
 * so), and the parties left out of it labelled as excluded, never as sponsors. Markup in any name
 * shows as text.
 */
describe('the zone card: agreements, outline versions, excluded parties', () => {
  const app = useBrowserApp(async (db) => {
    const zone = await db.knex('zones').where({ slug: IDLIB }).first('id')
    const [agreement] = await db
      .knex('agreements')
      .insert({ slug: 'markup-memo', title: MARKUP_TITLE, signed_on: '2019-08-01', signed_precision: 'month', class: 'bilateral', form: 'written', purpose: 'ceasefire' })
      .returning('id')
    await db.knex('agreement_zones').insert({ agreement_id: agreement.id ?? agreement, zone_id: zone.id, effect: 'confirms' })
    const [party] = await db.knex('parties').insert({ slug: 'markup-front', name: MARKUP_PARTY, type: 'armed-group' }).returning('id')
    await db.knex('zone_parties').insert({ zone_id: zone.id, party_id: party.id ?? party, role: 'excluded' })
    // A correction of the outline in force: a new version of the same date, the old one marked superseded.
    const current = await db.knex('zone_boundaries').where({ zone_id: zone.id }).whereNull('superseded_at').orderBy([{ column: 'effective_on', order: 'desc' }, { column: 'id', order: 'desc' }]).first()
    const [correction] = await db
      .knex('zone_boundaries')
      .insert({ zone_id: zone.id, geom: current.geom, effective_on: current.effective_on, effective_precision: current.effective_precision, reason: MARKUP_REASON, basis: 'inferred', location_precision: 'approximate', recorded_by: 'ada' })
      .returning('id')
    await db.knex('zone_boundaries').where({ id: current.id }).update({ superseded_at: db.knex.fn.now(), superseded_by: correction.id ?? correction })
  })

  it('clicked on the map, lists the Astana memorandum and the outline versions, corrected ones labelled', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, '/?map=8/35.8/36.6')
    const point = await pointInside(page, IDLIB, 'area')
    await page.mouse.click(point.x, point.y)
    const card = page.locator(`.ta-card[data-zone="${IDLIB}"]`)
    await card.waitFor()

    const astana = card.locator('.ta-agreement[data-agreement="astana-memorandum-2017"]')
    await expect(astana.locator('a').getAttribute('href')).resolves.toBe('/agreements/astana-memorandum-2017')
    await expect(astana.locator('a').textContent()).resolves.toMatch(/Astana/)
    await expect(astana.locator('time').textContent()).resolves.toBe('4 May 2017')

    const versions = card.locator('.ta-boundaries .ta-boundary')
    await expect.poll(() => versions.count()).toBeGreaterThanOrEqual(5)
    const current = card.locator('.ta-boundary:not([data-corrected])')
    await expect.poll(() => current.count()).toBeGreaterThanOrEqual(4)
    // Oldest first, each with its date, area and how precisely it is known; one drawn on the map.
    const dates = await current.locator('.ta-boundary-head time').evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''))
    expect(dates).toEqual([...dates].sort())
    expect(dates[0]!.startsWith('2017')).toBe(true)
    await expect(current.first().locator('.ta-badge-precision').textContent()).resolves.toBe('Approximate outline')
    await expect(current.first().locator('.ta-boundary-area').textContent()).resolves.toMatch(/^Area about [\d,.]+ km²$/)
    await expect(card.locator('.ta-boundary[data-shown]').count()).resolves.toBe(1)
    await expect(card.locator('.ta-boundary[data-shown]').textContent()).resolves.toContain(MARKUP_REASON)
    const corrected = card.locator('.ta-boundary[data-corrected]')
    await expect(corrected.count()).resolves.toBe(1)
    await expect(corrected.locator('.ta-badge-corrected').textContent()).resolves.toMatch(/^corrected on /)

    await expect(lowContrastText(page).then(({ failures }) => failures)).resolves.toEqual([])
    await card.locator('.ta-card-boundaries').scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'card-idlib-agreements-boundaries')
  })

  it('shows markup in titles, party names and reasons as text, and excluded parties as excluded, not sponsors', async () => {
    const { page } = await app.pages.openApp(app.browser, app.server.url, `/?zone=${IDLIB}`)
    const card = page.locator(`.ta-card[data-zone="${IDLIB}"]`)
    const memo = card.locator('.ta-agreement[data-agreement="markup-memo"]')
    await expect(memo.locator('a').textContent()).resolves.toBe(MARKUP_TITLE)
    await expect(memo.locator('time').textContent()).resolves.toBe('August 2019')
    await expect(memo.textContent()).resolves.toContain('confirmed the zone')
    const excluded = card.locator('.ta-parties-excluded .ta-party[data-party="markup-front"]')
    await expect(excluded.locator('.ta-party-name').textContent()).resolves.toBe(MARKUP_PARTY)
    await expect(excluded.locator('.ta-party-role').textContent()).resolves.toBe('excluded')
    const sponsors = await card.locator('dt', { hasText: 'Sponsors' }).locator('xpath=following-sibling::dd[1]').textContent()
    expect(sponsors).not.toContain('Front')
    await expect.poll(() => card.locator('.ta-boundary').count()).toBeGreaterThan(0)
    await expect(card.locator('.ta-boundary-reason', { hasText: 'Outline corrected' }).textContent()).resolves.toBe(MARKUP_REASON)
    await expect(card.locator('img, script, b, i').count()).resolves.toBe(0)
    await expect(page.evaluate(() => document.body.dataset.pwned ?? null)).resolves.toBeNull()
    await card.locator('.ta-card-agreements').scrollIntoViewIfNeeded()
    await saveScreenshot(page, 'card-idlib-markup')
  })
})
