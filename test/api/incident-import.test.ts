import { readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { request } from '../helpers/inject.ts'
import { createAccount, editorToken, signIn } from '../helpers/accounts.ts'
import { dataDigest } from '../helpers/table-digest.ts'
import { incidentInsideZoneSql } from '../../server/storage/sql/incident-zone-sql.ts'

const service = useTestApp({ template: 'seeded', env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000', INCIDENT_IMPORT_MAX_MB: '1' } })
let editor: Record<string, string>

const fixture = (name: string) => readFileSync(new URL(`../fixtures/incidents/${name}`, import.meta.url), 'utf8')

function post(body: string, query: string, headers: Record<string, string> = editor) {
  return request(service.app, { method: 'POST', url: `/incidents/imports?${query}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: body })
}

async function stored(eventId: string, dataset = 'acled') {
  return service.db.knex('incidents').where({ dataset, event_id: eventId })
    .first('slug', 'version', 'updated_at', 'location_precision', 'location_precision_code', 'date_precision', 'date_precision_code', 'occurred_on', 'occurred_until',
      'event_type', 'fatalities_low', 'fatalities_best', 'fatalities_high', 'place', 'country', 'actor1', 'notes', 'source_updated_at', 'event_count',
      service.db.knex.raw('ST_AsText(geom) as wkt'))
}

/** A CSV file in ACLED's columns, of events in Testland (a country of its own, so tests do not meet). */
function testlandFile(ids: readonly number[], options: { prefix?: string; extra?: (id: number) => string } = {}): string {
  const header = 'event_id_cnty,event_date,time_precision,event_type,country,latitude,longitude,geo_precision,fatalities,notes'
  const rows = ids.map((id) => options.extra?.(id) ?? `${options.prefix ?? 'TST'}-${id},2019-01-${String(1 + (id % 28)).padStart(2, '0')},1,Battles,Testland,35.5,36.5,1,${id % 7},Test fixture`)
  return [header, ...rows].join('\n')
}

/** The spool directories of uploads in progress (os.tmpdir()/truce-atlas-incident-import-*). */
const spools = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith('truce-atlas-incident-import-'))

/**
 * An upload whose body the test hands over piece by piece, as a slow client sends it: `send` passes
 * a piece and resolves once the server has read it, `finish` ends the body, `abort` breaks it off.
 */
function heldUpload(query: string) {
  let pulled: () => void = () => undefined
  const body = new Readable({ read: () => pulled() })
  const nextPull = () => new Promise<void>((resolve) => { pulled = resolve })
  let pull = nextPull()
  let answered = false
  const response = request(service.app, { method: 'POST', url: `/incidents/imports?${query}`, headers: { ...editor, 'content-type': 'text/csv' }, payload: body })
  const settled = response.then(() => { answered = true })
  return {
    response,
    /** True once the server has answered (it may before the body ends: a 413). */
    get answered() {
      return answered
    },
    async send(text: string) {
      await Promise.race([pull, settled])
      pull = nextPull()
      body.push(text)
      await Promise.race([pull, settled])
    },
    finish: () => body.push(null),
    abort: () => body.destroy(new Error('the client went away')),
  }
}

beforeAll(async () => {
  editor = await editorToken(service.app, 'incident-editor')
})

describe('POST /incidents/imports', () => {
  it('answers 401 without a sign-in and 403 to a session without its CSRF token', async () => {
    expect((await post(fixture('acled-first.csv'), 'dataset=acled', {})).status).toBe(401)
    expect((await request(service.app, '/incidents/imports')).status).toBe(401)
    await createAccount(service.app, 'incident-session', 'editor')
    const session = await signIn(service.app, 'incident-session')
    expect((await post(fixture('acled-first.csv'), 'dataset=acled', { cookie: session.cookie })).status).toBe(403)
  })

  it('imports an ACLED export, and a second import of it changes nothing', async () => {
    const first = await post(fixture('acled-first.csv'), 'dataset=acled&file_name=acled-first.csv')
    expect(first.status, first.text).toBe(201)
    expect(first.body).toMatchObject({ dataset: 'acled', dry_run: false, rows: 14, added: 14, updated: 0, removed: 0, unchanged: 0, first_day: '2017-09-24', last_day: '2019-05-06' })
    expect(first.body.samples.added.slice(0, 2)).toEqual(['SYR-TEST-1', 'SYR-TEST-2'])
    expect(await stored('SYR-TEST-3')).toMatchObject({
      slug: 'acled-syr-test-3', version: 1, occurred_on: '2018-03-14', occurred_until: '2018-03-14', location_precision: 'approximate', location_precision_code: 2,
      date_precision: 'day', event_type: 'Battles', fatalities_best: 5, fatalities_low: null, fatalities_high: null, place: 'Maarrat al-Numan (test)', country: 'Syria', event_count: 1, wkt: 'POINT(36.674 35.648)',
    })
    expect(await stored('SYR-TEST-8')).toMatchObject({ location_precision: 'region', location_precision_code: 3, date_precision: 'month', date_precision_code: 3 })
    expect((await stored('SYR-TEST-1'))!.source_updated_at.toISOString()).toBe('2023-11-14T22:13:20.000Z')
    // The fixtures' events lie in the seeded zones the map and the zone summaries show.
    for (const [eventId, zone] of [['SYR-TEST-1', 'idlib-de-escalation-zone'], ['SYR-TEST-6', 'south-west-de-escalation-zone']] as const) {
      const { rows } = await service.db.knex.raw(`select count(*)::int as n from incidents i where i.event_id = ? and ${incidentInsideZoneSql('i', '(select id from zones where slug = ?)')}`, [eventId, zone])
      expect(rows[0].n, `${eventId} in ${zone}`).toBe(1)
    }
    const audit = await service.db.knex('audit_log').where({ entity: 'incident_import', entity_id: String(first.body.import_id) }).first('action', 'username', 'after')
    expect(audit).toMatchObject({ action: 'incident_import.create', username: 'incident-editor', after: { added: 14, dataset: 'acled', file_name: 'acled-first.csv' } })

    const before = await dataDigest(service.db.knex)
    const again = await post(fixture('acled-first.csv'), 'dataset=acled')
    expect(again.body).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 14 })
    const after = await dataDigest(service.db.knex)
    expect(after.incidents).toBe(before.incidents) // unchanged events are not rewritten
    // The import itself is recorded (the days it covers), and that moves the data version.
    expect(after.data_version).not.toBe(before.data_version)
  })

  it('a dry run of a newer export says what would change and changes nothing; the import then does it', async () => {
    const before = await dataDigest(service.db.knex)
    const dry = await post(fixture('acled-newer.csv'), 'dataset=acled&dry_run=true')
    expect(dry.status, dry.text).toBe(200)
    expect(dry.body).toEqual({
      dataset: 'acled', dry_run: true, import_id: null, rows: 8, added: 1, updated: 1, removed: 1, unchanged: 6, first_day: '2017-10-12', last_day: '2019-05-06',
      samples: { added: ['SYR-TEST-9'], updated: ['SYR-TEST-2'], removed: ['SYR-TEST-4'] },
    })
    expect(await dataDigest(service.db.knex)).toEqual(before)

    const unchangedBefore = await stored('SYR-TEST-1')
    const newer = await post(fixture('acled-newer.csv'), 'dataset=acled&file_name=acled-newer.csv')
    expect(newer.status).toBe(201)
    expect(newer.body).toMatchObject({ added: 1, updated: 1, removed: 1, unchanged: 6 })
    expect(await stored('SYR-TEST-2')).toMatchObject({ version: 2, fatalities_best: 2 })
    expect(await stored('SYR-TEST-4')).toBeUndefined()
    expect(await stored('SYR-TEST-9')).toMatchObject({ version: 1 })
    expect(await stored('SYR-TEST-1')).toEqual(unchangedBefore)

    const list = await request(service.app, { url: '/incidents/imports', headers: editor })
    expect(list.status).toBe(200)
    expect(list.body.imports[0]).toMatchObject({ dataset: 'acled', file_name: 'acled-newer.csv', rows: 8, added: 1, updated: 1, removed: 1, unchanged: 6, imported_by: 'incident-editor', first_day: '2017-10-12' })
  })

  it('imports a UCDP GED export', async () => {
    const response = await post(fixture('ucdp-ged.csv'), 'dataset=ucdp-ged')
    expect(response.status, response.text).toBe(201)
    expect(response.body).toMatchObject({ rows: 4, added: 4, first_day: '2017-10-20', last_day: '2018-06-25' })
    expect(await stored('SYR-TEST-G2', 'ucdp-ged')).toMatchObject({
      slug: 'ucdp-ged-syr-test-g2', event_type: 'Non-state conflict', date_precision: 'range', date_precision_code: 2, occurred_on: '2018-01-10', occurred_until: '2018-01-14',
      location_precision: 'approximate', fatalities_low: 0, fatalities_best: 1, fatalities_high: 2, actor1: 'Armed group A (test)',
    })
    expect(await stored('SYR-TEST-G3', 'ucdp-ged')).toMatchObject({ event_type: 'One-sided violence', location_precision: 'region', location_precision_code: 4, date_precision: 'month' })
    expect(await stored('SYR-TEST-G1', 'ucdp-ged')).toMatchObject({ occurred_on: '2017-10-20', event_type: 'State-based conflict' })
    // Another dataset's events are not in this one's scope.
    expect(await stored('SYR-TEST-1')).toBeDefined()
  })

  it('refuses a file with bad rows, listing each by row and column, and stores nothing', async () => {
    const before = await dataDigest(service.db.knex)
    const response = await post(fixture('acled-bad-rows.csv'), 'dataset=acled')
    expect(response.status, response.text).toBe(422)
    expect(response.headers['content-type']).toMatch(/problem\+json/)
    // The rows' own problems; the repeated id of row 10 is a problem of the whole file, checked once every row is sound.
    expect(response.body.problems.map((problem: { row: number; column: string }) => [problem.row, problem.column])).toEqual([
      [2, 'event_date'], [3, 'latitude'], [4, 'longitude'], [5, 'fatalities'], [6, 'fatalities'], [7, 'fatalities'], [8, 'event_id_cnty'], [11, 'notes'], [12, 'geo_precision'],
    ])
    expect(response.body).toMatchObject({ problem_count: 9, complete: true })
    expect(response.body.errors[0]).toEqual({ where: 'row 2, event_date', message: expect.stringContaining('2018-02-30') })
    const repeated = await post(testlandFile([1, 2, 3], { extra: (id) => `RP-${id === 3 ? 1 : id},2019-01-01,1,Battles,Testland,35.5,36.5,1,0,x` }), 'dataset=acled')
    expect(repeated.status).toBe(422)
    expect(repeated.body.problems).toEqual([{ row: 4, column: 'event_id_cnty', problem: 'repeats the event id RP-1 of row 2' }])
    expect(await dataDigest(service.db.knex)).toEqual(before)
  })

  it('refuses a file that lacks a required column (400), a wrong dataset (400) and a body that is not CSV (415)', async () => {
    const before = await dataDigest(service.db.knex)
    const missing = await post(fixture('acled-missing-column.csv'), 'dataset=acled')
    expect(missing.status).toBe(400)
    expect(missing.body).toMatchObject({ missing_columns: ['latitude', 'fatalities'] })
    expect(missing.body.detail).toMatch(/lacks the columns latitude, fatalities/)
    // An ACLED file is not a UCDP GED one.
    expect((await post(fixture('acled-first.csv'), 'dataset=ucdp-ged')).body.missing_columns).toContain('date_start')
    expect((await post(fixture('acled-first.csv'), 'dataset=atlas')).status).toBe(400)
    expect((await post(fixture('acled-first.csv'), 'dataset=acled&dry_run=maybe')).status).toBe(400)
    expect((await post('', 'dataset=acled')).status).toBe(400)
    const json = await request(service.app, { method: 'POST', url: '/incidents/imports?dataset=acled', headers: editor, payload: { rows: [] } })
    expect(json.status).toBe(415)
    expect(await dataDigest(service.db.knex)).toEqual(before)
  })

  it('refuses hostile cells and files, and reads markup, quotes, a BOM and CRLF as they are', async () => {
    const before = await dataDigest(service.db.knex)
    const hostile = testlandFile([1, 2, 3, 4, 5, 6, 7, 8], {
      extra: (id) => [
        'H-1,2019-01-01,1,Battles,Testland,NaN,36.5,1,0,x',
        'H-2,2019-01-01,1,Battles,Testland,1e3,36.5,1,0,x',
        'H-3,2019-01-01,1,Battles,Testland,35.5,36.5,1,1e400,x',
        'H-4,2019-01-01,1,Battles,Testland,35.5,36.5,1,0,"nul \u0000 here"',
        'H-5,2019-01-01,1,Explosions,Testland,35.5,36.5,1,0,x',
        "H'6;drop table incidents,2019-01-01,1,Battles,Testland,35.5,36.5,1,0,x",
        'H-7,0001-01-01,1,Battles,Testland,35.5,36.5,1,0,x',
        'H-8,2019-01-01,1,Battles,Testland,35.5,36.5,1,0x10,x',
      ][id - 1]!,
    })
    const response = await post(hostile, 'dataset=acled')
    expect(response.status).toBe(422)
    expect(response.body.problems.map((problem: { column: string }) => problem.column)).toEqual(['latitude', 'latitude', 'fatalities', 'notes', 'event_type', 'event_id_cnty', 'event_date', 'fatalities'])
    // Two ids that make one slug.
    const clash = await post(testlandFile([1, 2], { extra: (id) => `SL${id === 1 ? '.' : '-'}1,2019-01-01,1,Battles,Testland,35.5,36.5,1,0,x` }), 'dataset=acled')
    expect(clash.body.problems).toEqual([{ row: 3, column: 'event_id_cnty', problem: 'makes the slug acled-sl-1, which row 2 (SL.1) makes too' }])
    // An unclosed quote: one problem where reading stopped.
    const unclosed = await post(`${testlandFile([1])}\nTST-2,2019-01-02,1,Battles,Testland,35.5,36.5,1,0,"never closed`, 'dataset=acled')
    expect(unclosed.status).toBe(422)
    expect(unclosed.body.problems).toEqual([{ row: 3, column: null, problem: expect.stringContaining('cannot be read as CSV') }])
    // More problems than are counted: the first 100 are listed.
    const many = await post(testlandFile(Array.from({ length: 1500 }, (_, index) => index), { extra: (id) => `TST-${id},not a day,1,Battles,Testland,35.5,36.5,1,0,x` }), 'dataset=acled')
    expect(many.status).toBe(422)
    expect(many.body).toMatchObject({ problem_count: 1000, complete: false })
    expect(many.body.problems).toHaveLength(100)
    expect(await dataDigest(service.db.knex)).toEqual(before)

    const markup = '<img src=x onerror=alert(1)>'
    const quirky = `\ufeff${testlandFile([1, 2], { extra: (id) => `MK-${id},2019-02-0${id},1,Battles,Testland,35.5,36.5,1,0,"${markup}, ""quoted""\nover two lines",unknown` })}`.replace(/\n(?!over)/g, '\r\n')
    const imported = await post(quirky, 'dataset=acled&file_name=%3Cb%3Efile%3C%2Fb%3E.csv')
    expect(imported.status, imported.text).toBe(201)
    expect((await stored('MK-2'))!.notes).toBe(`${markup}, "quoted"\nover two lines`)
    expect((await request(service.app, { url: '/incidents/imports?limit=1', headers: editor })).body.imports[0].file_name).toBe('<b>file</b>.csv')
    expect((await request(service.app, { url: '/incidents/imports?limit=100000', headers: editor })).status).toBe(400)
  })

  it('two imports of one dataset at once take turns: each merges what it planned', async () => {
    const a = testlandFile(Array.from({ length: 50 }, (_, index) => index + 1), { prefix: 'CC' })
    const b = testlandFile(Array.from({ length: 50 }, (_, index) => index + 26), { prefix: 'CC' })
    const [first, second] = await Promise.all([post(a, 'dataset=acled'), post(b, 'dataset=acled')])
    expect([first.status, second.status]).toEqual([201, 201])
    const reports = [first.body, second.body].sort((x, y) => x.import_id - y.import_id)
    expect(reports[0]).toMatchObject({ added: 50, removed: 0 })
    expect(reports[1]).toMatchObject({ added: 25, unchanged: 25 })
    const ids: string[] = (await service.db.knex('incidents').where('event_id', 'like', 'CC-%').orderBy('event_id').pluck('event_id'))
    const last = reports[1] === first.body ? a : b
    expect(ids).toEqual(last.split('\n').slice(1).map((line) => line.split(',')[0]).sort())
  })

  it('while a file uploads, the database answers others: a read, and another import of the dataset', async () => {
    const slowRows = Array.from({ length: 20 }, (_, index) => index + 1)
    const slow = testlandFile(slowRows, { extra: (id) => `SLOW-${id},2016-05-${String(id).padStart(2, '0')},1,Battles,Slowland,35.5,36.5,1,0,Test fixture` }).split('\n')
    const upload = heldUpload('dataset=acled&file_name=slow.csv')
    await upload.send(`${slow.slice(0, 10).join('\n')}\n`)

    const order: string[] = []
    const health = request(service.app, '/health').then((response) => { order.push('health'); return response })
    const other = post(testlandFile([1, 2], { prefix: 'FAST' }), 'dataset=acled').then((response) => { order.push('other import'); return response })
    // Waits for both (a fallback, not a measure: on a database the upload holds they answer only after it).
    await Promise.race([Promise.all([health, other]), sleep(10_000, undefined, { ref: false })])
    await upload.send(slow.slice(10).join('\n'))
    upload.finish()
    const uploaded = await upload.response
    order.push('upload')

    expect(order).toEqual(['health', 'other import', 'upload'])
    expect((await health).status).toBe(200)
    expect((await other).status).toBe(201)
    expect(uploaded.status, uploaded.text).toBe(201)
    expect(uploaded.body).toMatchObject({ rows: 20, added: 20 })
    expect(spools()).toEqual([])
  })

  it('an upload broken off, or larger than INCIDENT_IMPORT_MAX_MB, leaves no spooled file and no change', async () => {
    const before = await dataDigest(service.db.knex)
    const spooledBefore = spools()
    const broken = heldUpload('dataset=acled')
    await broken.send(`${testlandFile([1, 2, 3], { prefix: 'BROKEN' })}\n`)
    expect(spools()).toHaveLength(spooledBefore.length + 1) // the upload is spooled to a file, not to the database
    broken.abort()
    await expect(broken.response).rejects.toThrow('the client went away') // no answer reaches a client that left
    await expect.poll(spools, { timeout: 10_000 }).toEqual(spooledBefore) // the server ends the request after the client

    // No Content-Length: the limit is counted while the file is spooled.
    const large = heldUpload('dataset=acled')
    const row = 'BIG-1,2019-01-01,1,Battles,Testland,35.5,36.5,1,0,' + 'x'.repeat(64 * 1024) + '\n'
    await large.send(testlandFile([]) + '\n')
    for (let sent = 0; sent <= 1024 * 1024 && !large.answered; sent += row.length) await large.send(row)
    large.finish()
    const tooLarge = await large.response
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.body.detail).toMatch(/INCIDENT_IMPORT_MAX_MB/)
    expect(spools()).toEqual(spooledBefore)
    expect(await dataDigest(service.db.knex)).toEqual(before)
  })
})
