import { beforeAll, describe, expect, it } from 'vitest'
import { createAccount } from '../helpers/accounts.ts'
import { useBrowserApp } from './helpers/use-browser-app.ts'
import { drawnZones, listedZones, saveScreenshot, type WatchedPage } from './helpers/browser.ts'
import { openCard, signInOnMap, timelineOf } from './helpers/editing.ts'
import { focused, lowContrastText, unnamedControls } from './helpers/a11y.ts'
import { pagePointOf } from './helpers/map-truth.ts'

const TODAY = new Date().toISOString().slice(0, 10)

/**
 * Editing from the map: signing in, a status change seen live by another open map, the
 * undo of that change, a stale edit's conflict view, the server's verdict on a drawn shape, and
 * signing out.
 */
describe('editing from the map', () => {
  const app = useBrowserApp(undefined, { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' })

  beforeAll(async () => {
    await createAccount(app.server.app, 'ada', 'editor')
    await createAccount(app.server.app, 'bea', 'editor')
    await createAccount(app.server.app, 'root', 'admin')
  })

  const open = (path = '/'): Promise<WatchedPage> => app.pages.openApp(app.browser, app.server.url, path)

  async function statusOf(slug: string): Promise<{ status: string; version: number; description: string | null }> {
    const response = await app.server.app.inject({ method: 'GET', url: `/zones/${slug}` })
    const p = response.json().properties
    return { status: p.status, version: p.version, description: p.description }
  }

  it('an editor changes a zone from agreed to active; a map opened before recolours it live; the change is undone; signing out removes the tools', async () => {
    const slug = 'sdf-damascus-agreements'
    expect((await statusOf(slug)).status).toBe('agreed')
    // A reader's map, opened before the change, with the zone's card open.
    const viewer = await open(`/?zone=${slug}`)
    await viewer.page.locator('.ta-card .ta-timeline-entry').first().waitFor()
    // And one showing the map as it stood on an earlier day.
    const earlier = await open(`/?date=2025-06-01`)
    expect((await drawnZones(earlier.page))[slug]).toBe('agreed')
    const before = await timelineOf(viewer.page)
    expect((await drawnZones(viewer.page))[slug]).toBe('agreed')
    // A reader sees no editing tools.
    expect(await viewer.page.locator('.ta-edit-control, .ta-editor, .ta-undo-change').count()).toBe(0)

    const editor = await open('/')
    await signInOnMap(editor.page, 'ada')
    await expect(editor.page.locator('.ta-account-who').textContent()).resolves.toBe('ada (editor)')
    await openCard(editor.page, slug)
    await editor.page.getByRole('button', { name: 'Change status' }).click()
    const form = editor.page.locator('form.ta-status-form')
    await form.waitFor()
    // Only the transitions the rules allow from agreed.
    await expect(form.getByLabel('New status').locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).resolves.toEqual([
      'active',
      'collapsed',
      'rejected',
    ])
    // Every field is required but the source's title.
    await form.getByLabel('Reason').fill('')
    await form.getByRole('button', { name: 'Save the status change' }).click()
    await expect(form.locator('[data-error-for="reason"]').textContent()).resolves.toBe('Give a reason.')
    await expect(form.locator('[data-error-for="source_url"]').textContent()).resolves.toContain('http(s)')

    await form.getByLabel('New status').selectOption('active')
    await form.getByLabel('In effect from').fill(TODAY)
    await form.getByLabel('Reason').fill('The integration agreement takes effect <b>today</b>')
    await form.getByLabel('Source (address)').fill('https://example.org/sdf-damascus')
    await form.getByLabel('Source title').fill('Example report')
    await saveScreenshot(editor.page, 'editing-status-form')
    const savedAt = Date.now()
    await form.getByRole('button', { name: 'Save the status change' }).click()
    await expect.poll(() => statusOf(slug).then((zone) => zone.status)).toBe('active')
    await expect.poll(async () => (await drawnZones(editor.page))[slug]).toBe('active')

    // The reader's map follows without a reload: the shape, the list and the card's timeline.
    await expect.poll(async () => (await drawnZones(viewer.page))[slug], { timeout: 5000, interval: 50 }).toBe('active')
    const lag = Date.now() - savedAt
    expect((await listedZones(viewer.page))[slug]).toBe('active')
    await expect.poll(async () => (await timelineOf(viewer.page)).length).toBe(before.length + 1)
    const latest = (await timelineOf(viewer.page)).at(-1)!
    expect(latest).toMatchObject({ change: 'Agreed → Active', reason: 'The integration agreement takes effect <b>today</b>' })
    await expect(viewer.page.locator('.ta-card-status').getAttribute('data-status')).resolves.toBe('active')
    expect(lag).toBeLessThan(3000) // "within a second" on a quiet machine; the bound leaves room for a loaded CI
    // The map of an earlier day heard the change too, and kept that day's state.
    await expect.poll(() => earlier.page.locator('#map').getAttribute('data-live-version'), { timeout: 5000 }).toMatch(/^\d+:\d+$/)
    expect((await drawnZones(earlier.page))[slug]).toBe('agreed')
    console.info(`live update reached the other map ${lag} ms after the save was clicked`)
    await saveScreenshot(viewer.page, 'editing-live-viewer')

    // Undo from the timeline: a new, reversing entry; both maps go back to agreed.
    const undo = editor.page.locator('.ta-card .ta-undo-change')
    await expect.poll(() => undo.count()).toBe(1)
    await undo.click()
    const undoForm = editor.page.locator('form.ta-undo-form')
    await undoForm.getByRole('button', { name: 'Undo the change' }).click()
    await expect.poll(() => undoForm.locator('[data-error-for="reason"]').textContent()).toContain('Say why')
    await undoForm.getByLabel('Why undo it').fill('Recorded too early')
    await undoForm.getByRole('button', { name: 'Undo the change' }).click()
    await expect.poll(() => statusOf(slug).then((zone) => zone.status)).toBe('agreed')
    await expect.poll(async () => (await drawnZones(viewer.page))[slug], { timeout: 5000 }).toBe('agreed')
    await expect.poll(async () => (await timelineOf(editor.page)).length).toBe(before.length + 2)
    expect((await timelineOf(editor.page)).at(-1)).toMatchObject({ change: 'Active → Agreed', reason: 'Recorded too early' })
    await expect.poll(() => editor.page.locator('.ta-card .ta-undo-change').count()).toBe(0) // an undo is not undone again

    // Signing out takes every editing control away.
    await editor.page.getByRole('button', { name: 'Sign out' }).click()
    await editor.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor()
    await expect.poll(() => editor.page.locator('.ta-edit-control, .ta-editor, .ta-undo-change, .ta-shape-toolbar').count()).toBe(0)
    await expect(editor.page.locator('body').getAttribute('data-editing')).resolves.toBeNull()
    const me = await editor.page.evaluate(() => fetch('/auth/me').then((response) => response.status))
    expect(me).toBe(401)
    app.pages.allow(editor, [/HTTP 401: .*\/auth\/me/, /status of 401/])
  })

  it('a stale edit from a second signed-in page gets the conflict view, and is reapplied onto the new version', async () => {
    const slug = 'israel-syria-joint-fusion-mechanism'
    const start = await statusOf(slug)
    expect(start.status).toBe('agreed')
    const first = await open('/')
    const second = await open('/')
    await Promise.all([signInOnMap(first.page, 'ada'), signInOnMap(second.page, 'bea')])
    await Promise.all([openCard(first.page, slug), openCard(second.page, slug)])

    // The second editor starts editing the details of the version both loaded…
    await second.page.getByRole('button', { name: 'Edit details' }).click()
    const details = second.page.locator('form.ta-details-form')
    await details.getByLabel('Description').fill('Edited by the second editor, who loaded the zone before the status change')

    // …while the first one changes the status and saves first.
    await first.page.getByRole('button', { name: 'Change status' }).click()
    const status = first.page.locator('form.ta-status-form')
    await status.getByLabel('New status').selectOption('active')
    await status.getByLabel('In effect from').fill(TODAY)
    await status.getByLabel('Reason').fill('The mechanism meets for the first time')
    await status.getByLabel('Source (address)').fill('https://example.org/first-meeting')
    await status.getByRole('button', { name: 'Save the status change' }).click()
    await expect.poll(() => statusOf(slug).then((zone) => zone.status)).toBe('active')
    const afterFirst = await statusOf(slug)

    // The second page hears of it while the form is open: the form stays, with a warning.
    await expect.poll(() => second.page.locator('.ta-editor .ta-stale').count(), { timeout: 5000 }).toBe(1)
    await expect(details.getByLabel('Description').inputValue()).resolves.toContain('Edited by the second editor')

    // Saving the stale edit is refused (412) and shows what changed, beside the local edit.
    await details.getByRole('button', { name: 'Save the details' }).click()
    const conflict = second.page.locator('.ta-conflict')
    await conflict.waitFor()
    await expect(conflict.locator('h4').textContent()).resolves.toBe('Someone saved this zone first')
    const rows = await conflict.locator('tbody tr').evaluateAll((items) =>
      items.map((item) => ({
        field: item.getAttribute('data-field'),
        theirs: item.getAttribute('data-changed-on-server'),
        cells: Array.from(item.querySelectorAll('td')).map((cell) => cell.textContent),
      })),
    )
    const byField = Object.fromEntries(rows.map((row) => [row.field, row]))
    expect(byField['status']).toMatchObject({ theirs: 'true', cells: [`Active since ${TODAY}was: Agreed since 2026-01-06`, 'unchanged'] })
    expect(byField['description']).toMatchObject({ theirs: 'false' })
    expect(byField['description']!.cells[1]).toContain('Edited by the second editor')
    expect(byField['in_force_from']).toMatchObject({ theirs: 'true' })
    expect(byField['name']).toBeUndefined() // fields nobody changed are left out
    // Nothing was overwritten.
    expect(await statusOf(slug)).toEqual(afterFirst)
    await saveScreenshot(second.page, 'editing-conflict')

    // Reapplied onto the new version: the description is saved and the other change kept.
    await conflict.getByRole('button', { name: new RegExp(`^Reapply my change to version ${afterFirst.version}$`) }).click()
    await expect.poll(() => statusOf(slug).then((zone) => zone.description)).toContain('Edited by the second editor')
    expect(await statusOf(slug)).toMatchObject({ status: 'active', version: afterFirst.version + 1 })
    await expect.poll(() => second.page.locator('.ta-conflict').count()).toBe(0)
    await expect.poll(() => first.page.locator('.ta-card-description').textContent(), { timeout: 5000 }).toContain('Edited by the second editor')
    app.pages.allow(second, [/HTTP 412: .*\/zones\/\d+$/, /status of 412/])
  })

  it('drawing a bow-tie polygon is refused with the server\'s message at the vertex; undo and redo work before saving', async () => {
    // An empty stretch of sea south of Cyprus, so that nothing snaps.
    const editor = await open('/?map=9/34.00000/33.00000')
    await signInOnMap(editor.page, 'ada')
    await editor.page.getByRole('button', { name: 'New zone' }).click()
    const form = editor.page.locator('form.ta-new-zone-form')
    await form.waitFor()
    await form.getByLabel('Kind').selectOption('ceasefire-zone')
    const tools = editor.page.getByRole('toolbar', { name: 'Shape tools' })
    // A ceasefire zone is an area: no line or point tools.
    await expect(tools.getByRole('button').allTextContents()).resolves.toEqual(['Draw an area', 'Cut a hole', 'Rotate', 'Done', 'Undo', 'Redo'])
    await tools.getByRole('button', { name: 'Draw an area' }).click()

    const box = (await editor.page.locator('#map').boundingBox())!
    const at = (dx: number, dy: number) => ({ x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy })
    // A bow-tie: the edges from the first and the third corner cross.
    for (const [dx, dy] of [[-120, -100], [120, 100], [120, -100], [-120, 100]] as const) {
      const point = at(dx, dy)
      await editor.page.mouse.move(point.x, point.y, { steps: 4 })
      await editor.page.mouse.click(point.x, point.y)
    }
    const first = at(-120, -100)
    await editor.page.mouse.move(first.x, first.y, { steps: 4 })
    await editor.page.mouse.click(first.x, first.y)
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toBe('An area of 4 vertices.')

    // Undo and redo before saving.
    await tools.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toMatch(/^No shape yet/)
    expect(await editor.page.locator('#map path.ta-edit-shape').count()).toBe(0)
    await tools.getByRole('button', { name: 'Redo' }).click()
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toBe('An area of 4 vertices.')
    expect(await editor.page.locator('#map path.ta-edit-shape').count()).toBe(1)

    await form.getByLabel('Name').fill('Bow-tie test zone')
    await form.getByLabel('Reason').fill('A test of the shape checks')
    await form.getByRole('button', { name: 'Create the zone' }).click()

    // The server's message, at the vertex it names and beside the shape.
    const tip = editor.page.locator('.ta-vertex-problem-tip')
    await tip.waitFor()
    await expect(tip.textContent()).resolves.toMatch(/^the outer ring crosses itself at [\d.]+, [\d.]+ \(edges from positions 0 and 2\)$/)
    await expect(tip.locator('[data-where]').getAttribute('data-where')).resolves.toBe('body.geometry.coordinates[0][0]')
    await expect(form.locator('[data-error-for="geometry"]').textContent()).resolves.toMatch(/crosses itself/)
    await expect(form.locator('.ta-form-summary').textContent()).resolves.toMatch(/The zone was not created\. The geometry is not valid/)
    // The marker sits on the first vertex drawn.
    const marker = (await editor.page.locator('.ta-vertex-problem').boundingBox())!
    expect(Math.abs(marker.x + marker.width / 2 - first.x)).toBeLessThan(4)
    expect(Math.abs(marker.y + marker.height / 2 - first.y)).toBeLessThan(4)
    const zones = await app.server.app.inject({ method: 'GET', url: '/zones?q=Bow-tie' })
    expect(zones.json().features).toEqual([])
    await saveScreenshot(editor.page, 'editing-bow-tie-refused')
    app.pages.allow(editor, [/HTTP 422: .*\/zones$/, /status of 422/])

    // Cancelling takes the shape tools away.
    await form.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => editor.page.locator('.ta-shape-toolbar, .ta-vertex-problem, path.ta-edit-shape').count()).toBe(0)
  })

  it('edits a zone\'s shape on the map: moves a vertex, cuts a hole, rotates, undoes and redoes, then saves', async () => {
    const slug = 'kobani-dmz-proposal'
    const before = (await app.server.app.inject(`/zones/${slug}`)).json()
    expect(before.geometry.type).toBe('Polygon')
    const editor = await open(`/?zone=${slug}&map=12/36.87200/38.36000`)
    await signInOnMap(editor.page, 'ada')
    await openCard(editor.page, slug)
    await editor.page.getByRole('button', { name: 'Edit shape' }).click()
    const form = editor.page.locator('form.ta-shape-form')
    await form.waitFor()
    const tools = editor.page.getByRole('toolbar', { name: 'Shape tools' })
    const shape = editor.page.locator('#map path.ta-edit-shape')
    await expect.poll(() => shape.count()).toBe(1)
    const geojson = () => form.locator('textarea[name="geometry_json"]').inputValue().then((text) => JSON.parse(text))
    const { page } = editor
    const drag = async (from: { x: number; y: number }, to: { x: number; y: number }) => {
      await page.mouse.move(from.x, from.y, { steps: 3 })
      await page.mouse.down()
      await page.mouse.move(to.x, to.y, { steps: 8 })
      await page.mouse.up()
    }

    // The seeded outline is clipped to the border: its vertices, not its bounding box, say where to grab it.
    const vertices = before.geometry.coordinates[0].length - 1
    const vertexHandle = async (label: string, pick: (point: { x: number; y: number }) => number) => {
      const centres = await Promise.all((await page.getByLabel(label, { exact: true }).all()).map(async (handle) => {
        const at = (await handle.boundingBox())!
        return { x: at.x + at.width / 2, y: at.y + at.height / 2 }
      }))
      expect(centres.length).toBeGreaterThan(0)
      return centres.reduce((best, point) => (pick(point) > pick(best) ? point : best))
    }

    // Move the north-easternmost vertex.
    const corner = await vertexHandle('Vertex: drag it to move it, right-click to remove it', (point) => point.x - point.y)
    await drag(corner, { x: corner.x + 30, y: corner.y - 25 })
    await expect.poll(async () => JSON.stringify(await geojson())).not.toBe(JSON.stringify(before.geometry))
    const moved = await geojson()
    expect(moved.coordinates[0]).toHaveLength(vertices + 1)

    // Cut a hole in the south of the outline, beyond snapping distance of its edges and clear of the SDF-Damascus marker at Kobani.
    await tools.getByRole('button', { name: 'Cut a hole' }).click()
    const centre = await pagePointOf(page, 36.864, 38.37)
    for (const [dx, dy] of [[-17, -17], [17, -17], [17, 17], [-17, 17], [-17, -17]] as const) {
      await page.mouse.move(centre.x + dx, centre.y + dy, { steps: 3 })
      await page.mouse.click(centre.x + dx, centre.y + dy)
    }
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toBe(`An area of ${vertices} vertices with 1 hole.`)
    await tools.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toBe(`An area of ${vertices} vertices.`)
    expect(await geojson()).toEqual(moved)
    await tools.getByRole('button', { name: 'Redo' }).click()
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toBe(`An area of ${vertices} vertices with 1 hole.`)
    const holed = await geojson()

    // Rotate by dragging a corner handle, then finish.
    await tools.getByRole('button', { name: 'Rotate' }).click()
    await expect(tools.getByRole('button', { name: 'Rotate' }).getAttribute('aria-pressed')).resolves.toBe('true')
    const handle = await vertexHandle('Rotation handle: drag it to rotate the shape', (point) => point.y - point.x)
    await drag(handle, { x: handle.x + 40, y: handle.y + 30 })
    await expect.poll(async () => JSON.stringify(await geojson())).not.toBe(JSON.stringify(holed))
    await tools.getByRole('button', { name: 'Done' }).click()
    await expect(tools.getByRole('button', { name: 'Rotate' }).getAttribute('aria-pressed')).resolves.toBe('false')
    const rotated = await geojson()
    expect(rotated.coordinates).toHaveLength(2)
    await saveScreenshot(page, 'editing-shape')

    await form.getByRole('button', { name: 'Save the shape' }).click()
    await expect.poll(async () => (await app.server.app.inject(`/zones/${slug}`)).json().properties.version).toBe(before.properties.version + 1)
    const after = (await app.server.app.inject(`/zones/${slug}`)).json()
    expect(after.geometry.coordinates).toHaveLength(2) // the outer ring and the hole
    expect(after.geometry.coordinates[0][0][0]).toBeCloseTo(rotated.coordinates[0][0][0], 5)
    await expect.poll(() => page.locator('.ta-shape-toolbar, path.ta-edit-shape').count()).toBe(0)
  })

  it('manages a zone\'s parties: remove one, add one with a role, and (admins) create one', async () => {
    const slug = 'ankara-joint-statement-pause'
    const before = (await app.server.app.inject(`/zones/${slug}`)).json().properties.parties as { slug: string; role: string }[]
    expect(before.length).toBeGreaterThan(0)
    const admin = await open(`/?zone=${slug}`)
    await signInOnMap(admin.page, 'root')
    await openCard(admin.page, slug)
    await admin.page.getByRole('button', { name: 'Parties' }).click()
    const form = admin.page.locator('form.ta-parties-form')
    await form.waitFor()
    const removed = before[0]!
    await form.locator(`li[data-party="${removed.slug}"][data-role="${removed.role}"] button`).click()
    await form.getByLabel('Party', { exact: true }).selectOption('jordan')
    await form.getByLabel('Role', { exact: true }).selectOption('mediator')
    await form.getByLabel('Note', { exact: true }).fill('Hosted a round of talks')
    await form.getByRole('button', { name: 'Add the party' }).click()
    // A party that does not exist yet.
    await form.locator('summary', { hasText: 'Create a party' }).click()
    await form.getByLabel('Slug').fill('test-monitors')
    await form.getByLabel('Name', { exact: true }).fill('Test <b>monitors</b>')
    await form.getByLabel('Type').selectOption('international-organisation')
    await form.getByRole('button', { name: 'Create the party' }).click()
    await expect.poll(() => form.getByLabel('Party', { exact: true }).inputValue()).toBe('test-monitors')
    await form.getByLabel('Role', { exact: true }).selectOption('monitor')
    await form.getByRole('button', { name: 'Add the party' }).click()
    await saveScreenshot(admin.page, 'editing-parties')
    await form.getByRole('button', { name: 'Save the parties' }).click()
    await expect
      .poll(async () => ((await app.server.app.inject(`/zones/${slug}`)).json().properties.parties as { slug: string; role: string }[]).map((party) => `${party.slug}:${party.role}`).sort())
      .toEqual([...before.slice(1).map((party) => `${party.slug}:${party.role}`), 'jordan:mediator', 'test-monitors:monitor'].sort())
    // Saving the list keeps the notes of the parties left in it, and saves the new one's.
    const after = (await app.server.app.inject(`/zones/${slug}`)).json().properties.parties as { slug: string; role: string; note: string | null }[]
    const kept = (before as { slug: string; role: string; note: string | null }[]).slice(1)
    expect(kept.some((party) => party.note), 'the seed gives a kept party a note').toBe(true)
    for (const party of kept) expect(after.find((saved) => saved.slug === party.slug && saved.role === party.role)!.note).toBe(party.note)
    expect(after.find((saved) => saved.slug === 'jordan')!.note).toBe('Hosted a round of talks')
    await expect.poll(() => admin.page.locator('.ta-card .ta-party-name', { hasText: 'Test <b>monitors</b>' }).count()).toBe(1)
    expect(await admin.page.locator('.ta-card b').count()).toBe(0)
  })

  it('the editing tools are reachable by keyboard, named, and keep text contrast at 4.5:1', async () => {
    const slug = 'southern-syria-demilitarisation-proposal'
    const editor = await open(`/?zone=${slug}`)
    const { page } = editor
    // Sign in by keyboard.
    await page.getByRole('button', { name: 'Sign in', exact: true }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused(page)).tag).toBe('INPUT')
    await page.keyboard.type('ada')
    await page.keyboard.press('Tab')
    await page.keyboard.type('correct horse battery staple')
    await page.keyboard.press('Enter')
    await page.waitForSelector('.ta-card .ta-editor')
    await page.locator('.ta-card .ta-timeline-entry').first().waitFor()
    expect(await unnamedControls(page)).toEqual([])
    expect((await lowContrastText(page)).failures).toEqual([])
    for (const name of ['Change status', 'Edit details', 'Parties', 'Edit shape', 'Archive']) {
      await page.getByRole('button', { name, exact: true }).focus()
      expect((await focused(page)).outline).not.toBe('none')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.getByRole('button', { name, exact: true }).getAttribute('aria-expanded')).toBe('true')
      // The form takes the focus.
      await expect.poll(async () => ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY'].includes((await focused(page)).tag ?? '')).toBe(true)
      expect(await unnamedControls(page)).toEqual([])
      expect((await lowContrastText(page)).failures).toEqual([])
    }
    // The shape tools: buttons in a named toolbar, usable from the keyboard.
    await page.getByRole('button', { name: 'Edit shape', exact: true }).click()
    const tools = page.getByRole('toolbar', { name: 'Shape tools' })
    await tools.getByRole('button', { name: 'Rotate' }).focus()
    await page.keyboard.press('Enter')
    await expect(tools.getByRole('button', { name: 'Rotate' }).getAttribute('aria-pressed')).resolves.toBe('true')
    expect(await unnamedControls(page)).toEqual([])
    expect((await lowContrastText(page)).failures).toEqual([])
    // Escape on the panel closes the card; the tools go with a sign-out.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect.poll(() => page.locator('.ta-shape-toolbar, .ta-editor').count()).toBe(0)
  })

  it('creates zones of each sort of shape: a point for an observation post, a line for a corridor', async () => {
    const editor = await open('/?map=9/34.00000/33.00000')
    const { page } = editor
    await signInOnMap(page, 'ada')
    const box = (await page.locator('#map').boundingBox())!
    const at = (dx: number, dy: number) => ({ x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy })
    const click = async (dx: number, dy: number) => {
      const point = at(dx, dy)
      await page.mouse.move(point.x, point.y, { steps: 3 })
      await page.mouse.click(point.x, point.y)
    }

    await page.getByRole('button', { name: 'New zone' }).click()
    let form = page.locator('form.ta-new-zone-form')
    await form.getByLabel('Kind').selectOption('observation-post')
    const tools = page.getByRole('toolbar', { name: 'Shape tools' })
    await expect(tools.getByRole('button').allTextContents()).resolves.toEqual(['Place a point', 'Done', 'Undo', 'Redo'])
    await tools.getByRole('button', { name: 'Place a point' }).click()
    await click(-60, 0)
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toMatch(/^A point at 34\.\d+, 32\.\d+\.$/)
    await form.getByLabel('Name').fill('Test observation post')
    await form.getByLabel('Status', { exact: true }).selectOption('active')
    await form.getByLabel('Reason').fill('Set up for the test')
    await form.getByLabel('Source (address)').fill('https://example.org/post')
    await form.getByRole('button', { name: 'Create the zone' }).click()
    await expect.poll(() => page.locator('.ta-card h2').textContent()).toBe('Test observation post')
    const post = (await app.server.app.inject('/zones/test-observation-post')).json()
    expect(post.geometry.type).toBe('Point')
    expect(post.properties).toMatchObject({ kind: 'observation-post', status: 'active' })
    await expect.poll(async () => (await drawnZones(page))['test-observation-post']).toBe('active')
    expect(await page.locator('.ta-shape-toolbar').count()).toBe(0)

    await page.getByRole('button', { name: 'New zone' }).click()
    form = page.locator('form.ta-new-zone-form')
    await form.getByLabel('Kind').selectOption('humanitarian-corridor')
    await expect(tools.getByRole('button').allTextContents()).resolves.toEqual(['Draw a line', 'Draw an area', 'Place a point', 'Cut a hole', 'Rotate', 'Done', 'Undo', 'Redo'])
    await tools.getByRole('button', { name: 'Draw a line' }).click()
    await click(-100, 60)
    await click(0, 80)
    await click(100, 40)
    await page.keyboard.press('Enter')
    await expect.poll(() => form.locator('.ta-shape-summary').textContent()).toBe('A line of 3 vertices.')
    await form.getByLabel('Name').fill('Test corridor')
    await form.getByLabel('Reason').fill('Proposed for the test')
    await form.getByRole('button', { name: 'Create the zone' }).click()
    await expect.poll(() => page.locator('.ta-card h2').textContent()).toBe('Test corridor')
    const corridor = (await app.server.app.inject('/zones/test-corridor')).json()
    expect(corridor.geometry).toMatchObject({ type: 'LineString' })
    expect(corridor.geometry.coordinates).toHaveLength(3)
    await expect.poll(async () => (await drawnZones(page))['test-corridor']).toBe('proposed')
  })
})
