import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { apiToken, createAccount, signIn, type Session } from '../helpers/accounts.ts'

const service = useTestApp({ env: { LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
let editor: Session
let admin: Session
let bearer: Record<string, string>

beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  await createAccount(service.app, 'root', 'admin')
  editor = await signIn(service.app, 'ada')
  admin = await signIn(service.app, 'root')
  bearer = await apiToken(service.app, editor)
})

/** Everything a failed write must leave as it was. */
async function storedState() {
  const { rows } = await service.db.knex.raw(`select
      (select count(*) from zones)::int zones,
      (select coalesce(sum(version), 0) from zones)::int versions,
      (select count(*) from status_changes)::int changes,
      (select count(*) from zone_parties)::int zone_parties,
      (select count(*) from audit_log)::int audit,
      (select md5(string_agg(slug || status || coalesce(ST_AsText(geom), ''), ',' order by id)) from zones) digest`)
  return rows[0]
}

async function etagOf(slug: string): Promise<string> {
  return (await service.app.inject(`/zones/${slug}`)).headers.etag as string
}

const raqqaStatus = { status: 'active', effective_date: '2017-11-01', reason: 'test', source_url: 'https://example.org/report' }

describe(`who may write, on ${backend}`, () => {
  it('401 without a session or token', async () => {
    const response = await request(service.app, { method: 'POST', url: '/zones/kobani-dmz-proposal/status', payload: raqqaStatus })
    expect(response.status).toBe(401)
    expect(response.headers['www-authenticate']).toMatch(/Bearer/)
  })

  it('403 for the wrong role', async () => {
    const etag = await etagOf('kobani-dmz-proposal')
    const response = await request(service.app, { method: 'POST', url: '/zones/kobani-dmz-proposal/restore', headers: { ...editor.headers, 'if-match': etag } })
    expect(response.status).toBe(403)
    expect(response.body.detail).toMatch(/needs the admin role/)
  })

  it('403 for a session without its CSRF token', async () => {
    const before = await storedState()
    const response = await request(service.app, {
      method: 'PATCH',
      url: '/zones/kobani-dmz-proposal',
      headers: { cookie: editor.cookie, 'if-match': await etagOf('kobani-dmz-proposal') },
      payload: { name: 'hijacked' },
    })
    expect(response.status).toBe(403)
    expect(response.body.detail).toMatch(/x-csrf-token/)
    expect(await storedState()).toEqual(before)
  })
})

describe(`optimistic concurrency on ${backend}`, () => {
  it('428 without If-Match', async () => {
    const response = await request(service.app, { method: 'PATCH', url: '/zones/kobani-dmz-proposal', headers: bearer, payload: { name: 'x' } })
    expect(response.status).toBe(428)
    expect(response.body.errors).toEqual([{ where: 'header.if-match', message: 'is required' }])
  })

  it('412 with the current version for a stale If-Match, changing nothing', async () => {
    const etag = await etagOf('kobani-dmz-proposal')
    const first = await request(service.app, { method: 'PATCH', url: '/zones/kobani-dmz-proposal', headers: { ...bearer, 'if-match': etag }, payload: { description: 'first edit' } })
    expect(first.status).toBe(200)
    expect(first.headers.etag).not.toBe(etag)
    const before = await storedState()
    const stale = await request(service.app, { method: 'PATCH', url: '/zones/kobani-dmz-proposal', headers: { ...bearer, 'if-match': etag }, payload: { description: 'second edit' } })
    expect(stale.status).toBe(412)
    expect(stale.body).toMatchObject({ current_version: first.body.properties.version, current_etag: first.headers.etag })
    expect(await storedState()).toEqual(before)
  })

  it('50 concurrent status changes with the same If-Match: one succeeds, 49 get 412, one history row', async () => {
    const etag = await etagOf('southern-syria-demilitarisation-proposal')
    const before = await storedState()
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        service.app.inject({
          method: 'POST',
          url: '/zones/southern-syria-demilitarisation-proposal/status',
          headers: { ...bearer, 'if-match': etag },
          payload: { status: 'rejected', effective_date: '2026-03-01', reason: `attempt ${index}` },
        }),
      ),
    )
    const statuses = responses.map((response) => response.statusCode).sort()
    expect(statuses.filter((status) => status === 200)).toHaveLength(1)
    expect(statuses.filter((status) => status === 412)).toHaveLength(49)
    const after = await storedState()
    expect(after.changes).toBe(before.changes + 1)
    expect(after.audit).toBe(before.audit + 1)
  })
})

describe(`status changes on ${backend}`, () => {
  it('follow the status rules: 409 names the allowed transitions', async () => {
    const before = await storedState()
    const response = await request(service.app, {
      method: 'POST',
      url: '/zones/siege-of-raqqa/status',
      headers: { ...bearer, 'if-match': await etagOf('siege-of-raqqa') },
      payload: raqqaStatus,
    })
    expect(response.status).toBe(409)
    expect(response.body.detail).toBe('An ended zone cannot change status: ended is final.')
    const proposal = await request(service.app, {
      method: 'POST',
      url: '/zones/kobani-dmz-proposal/status',
      headers: { ...bearer, 'if-match': await etagOf('kobani-dmz-proposal') },
      payload: { ...raqqaStatus, status: 'suspended', effective_date: '2025-01-01' },
    })
    expect(proposal.status).toBe(409)
    expect(proposal.body).toMatchObject({ allowed: ['agreed', 'active', 'rejected'] })
    expect(proposal.body.detail).toBe('A proposed zone cannot become suspended; it can become agreed, active, rejected.')
    expect(await storedState()).toEqual(before)
  })

  it('change the zone and add a dated, sourced history row and an audit row, together', async () => {
    const response = await request(service.app, {
      method: 'POST',
      url: '/zones/kobani-dmz-proposal/status',
      headers: { ...editor.headers, 'if-match': await etagOf('kobani-dmz-proposal') },
      payload: { status: 'agreed', effective_date: '2025-01-15', reason: 'Both sides signed', source_url: 'https://example.org/signing', source_title: 'Signing report' },
    })
    expect(response.status, response.text).toBe(200)
    expect(response.body.properties).toMatchObject({ status: 'agreed', status_since: '2025-01-15' })
    const history = (await request(service.app, '/zones/kobani-dmz-proposal/history')).body.history
    expect(history.at(-1)).toMatchObject({
      from_status: 'proposed',
      to_status: 'agreed',
      effective_on: '2025-01-15',
      recorded_by: 'ada',
      reason: 'Both sides signed',
      sources: [{ title: 'Signing report', url: 'https://example.org/signing', publisher: null, published_on: null }],
    })
    const audit = await request(service.app, { url: '/audit?zone=kobani-dmz-proposal&limit=1', headers: admin.headers })
    expect(audit.body[0]).toMatchObject({ username: 'ada', action: 'zone.status', before: { status: 'proposed' }, after: { status: 'agreed' } })
  })

  it('refuse a date before the current status', async () => {
    const response = await request(service.app, {
      method: 'POST',
      url: '/zones/kobani-dmz-proposal/status',
      headers: { ...bearer, 'if-match': await etagOf('kobani-dmz-proposal') },
      payload: { status: 'active', effective_date: '2020-01-01', reason: 'backdated' },
    })
    expect(response.status).toBe(422)
    expect(response.body.errors).toEqual([{ where: 'body.effective_date', message: 'must be on or after 2025-01-15' }])
  })

  it('undo a saved status change with a new, reversing history row', async () => {
    const before = await request(service.app, '/zones/kobani-dmz-proposal/history')
    const undone = await request(service.app, {
      method: 'POST',
      url: '/zones/kobani-dmz-proposal/status/undo',
      headers: { ...editor.headers, 'if-match': await etagOf('kobani-dmz-proposal') },
      payload: { reason: 'Recorded in error' },
    })
    expect(undone.status, undone.text).toBe(200)
    expect(undone.body.properties).toMatchObject({ status: 'proposed', status_since: '2024-12-17' })
    const history = (await request(service.app, '/zones/kobani-dmz-proposal/history')).body.history
    expect(history).toHaveLength(before.body.history.length + 1)
    expect(history.slice(0, -1)).toEqual(before.body.history)
    expect(history.at(-1)).toMatchObject({ from_status: 'agreed', to_status: 'proposed', effective_on: '2025-01-15', reason: 'Recorded in error', reverses_change_id: before.body.history.at(-1).id })
    const asOf = await request(service.app, '/zones?as_of=2025-02-01&properties=slug,status&geometry=false&q=Kobani')
    expect(asOf.body.features[0].properties.status).toBe('proposed')
    const again = await request(service.app, {
      method: 'POST',
      url: '/zones/kobani-dmz-proposal/status/undo',
      headers: { ...editor.headers, 'if-match': undone.headers.etag as string },
      payload: { reason: 'again' },
    })
    expect(again.status).toBe(409)
  })

  it('never leave a zone changed without its history row (one transaction)', async () => {
    await service.db.knex.raw(`create function refuse_history() returns trigger language plpgsql as $$ begin raise exception 'history is read-only in this test'; end $$`)
    await service.db.knex.raw('create trigger refuse_history before insert on status_changes for each row execute function refuse_history()')
    const before = await storedState()
    const response = await request(service.app, {
      method: 'POST',
      url: '/zones/sweida-ceasefire-2025/status',
      headers: { ...bearer, 'if-match': await etagOf('sweida-ceasefire-2025') },
      payload: { status: 'suspended', effective_date: '2025-12-18', reason: 'heavy clashes' },
    })
    expect(response.status).toBe(500)
    expect(response.text).not.toMatch(/read-only|trigger|status_changes/)
    expect(await storedState()).toEqual(before)
    expect((await request(service.app, '/zones/sweida-ceasefire-2025?properties=status')).body.properties.status).toBe('active')
    await service.db.knex.raw('drop trigger refuse_history on status_changes')
    await service.db.knex.raw('drop function refuse_history')
  })
})

describe(`creating, editing and archiving zones on ${backend}`, () => {
  const newZone = {
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[36.1, 33.1], [36.1, 33.2], [36.2, 33.2], [36.2, 33.1], [36.1, 33.1]]] },
    properties: {
      name: 'Test truce at Kanaker',
      kind: 'ceasefire-zone',
      effective_date: '2026-02-01',
      reason: 'Local truce announced',
      source_url: 'https://example.org/kanaker',
      parties: [{ party: 'syrian-government', role: 'signatory' }, { party: 'jordan', role: 'mediator' }],
    },
  }

  it('POST /zones answers 201 with the stored Feature, its ETag and Location, wound per RFC 7946', async () => {
    const response = await request(service.app, { method: 'POST', url: '/zones', headers: { ...bearer, 'content-type': 'application/geo+json' }, payload: JSON.stringify(newZone) })
    expect(response.status, response.text).toBe(201)
    expect(response.headers.location).toMatch(new RegExp(`/zones/${response.body.id}$`))
    expect(response.headers.etag).toBe(`"zone-${response.body.id}-v1"`)
    expect(response.body.properties).toMatchObject({ slug: 'test-truce-at-kanaker', status: 'proposed', proposed_on: '2026-02-01', approximate: true, version: 1 })
    expect(response.body.properties.parties).toHaveLength(2)
    expect(response.body.properties.area_km2).toBeGreaterThan(100)
    // The clockwise ring that was sent is stored counter-clockwise.
    expect(response.body.geometry.coordinates[0][1]).toEqual([36.2, 33.1])
    const audit = await service.db.knex('audit_log').where({ zone_id: response.body.id }).first()
    expect(audit).toMatchObject({ username: 'ada', action: 'zone.create', before: null })
    expect((await request(service.app, { method: 'POST', url: '/zones', headers: bearer, payload: newZone })).status).toBe(409)
  })

  it('refuses id, version, area and timestamps from a body (no mass assignment)', async () => {
    const before = await storedState()
    for (const extra of [{ version: 99 }, { area_km2: 1 }, { updated_at: '2020-01-01T00:00:00Z' }, { id: 5 }]) {
      const response = await request(service.app, { method: 'POST', url: '/zones', headers: bearer, payload: { ...newZone, properties: { ...newZone.properties, slug: 'other', ...extra } } })
      expect(response.status).toBe(400)
      expect(response.body.errors[0].message).toMatch(/unknown property/)
    }
    expect((await request(service.app, { method: 'POST', url: '/zones', headers: bearer, payload: { ...newZone, id: 7 } })).status).toBe(400)
    const patch = await request(service.app, { method: 'PATCH', url: '/zones/test-truce-at-kanaker', headers: { ...bearer, 'if-match': await etagOf('test-truce-at-kanaker') }, payload: { version: 1 } })
    expect(patch.status).toBe(400)
    expect(await storedState()).toEqual(before)
  })

  it('PATCH changes fields and parties and moves the version on', async () => {
    const response = await request(service.app, {
      method: 'PATCH',
      url: '/zones/test-truce-at-kanaker',
      headers: { ...editor.headers, 'if-match': await etagOf('test-truce-at-kanaker'), 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ name: 'Kanaker truce', parties: [{ party: 'united-states', role: 'sponsor', note: 'announced by the embassy' }], location_precision: 'exact' }),
    })
    expect(response.status, response.text).toBe(200)
    expect(response.body.properties).toMatchObject({ name: 'Kanaker truce', sponsors: ['United States'], approximate: false, version: 2 })
    // The note comes back with the party, so a form that sends the list back keeps it.
    expect(response.body.properties.parties).toEqual([{ slug: 'united-states', name: 'United States', name_ar: 'الولايات المتحدة', type: 'state', role: 'sponsor', note: 'announced by the embassy' }])
    const unknownParty = await request(service.app, {
      method: 'PATCH',
      url: '/zones/test-truce-at-kanaker',
      headers: { ...bearer, 'if-match': response.headers.etag as string },
      payload: { parties: [{ party: 'atlantis', role: 'sponsor' }] },
    })
    expect(unknownParty.status).toBe(422)
    expect(unknownParty.body.errors).toEqual([{ where: 'body.parties[0].party', message: 'no party has the slug "atlantis"; create it first (POST /parties)' }])
  })

  it('a kind change must still fit the shape', async () => {
    const response = await request(service.app, {
      method: 'PATCH',
      url: '/zones/test-truce-at-kanaker',
      headers: { ...bearer, 'if-match': await etagOf('test-truce-at-kanaker') },
      payload: { kind: 'observation-post' },
    })
    expect(response.status).toBe(422)
    expect(response.body.errors[0]).toEqual({ where: 'body.kind', message: 'a observation-post is drawn as Point or MultiPoint, not Polygon' })
  })

  it('DELETE archives; an admin restores', async () => {
    const deleted = await service.app.inject({ method: 'DELETE', url: '/zones/test-truce-at-kanaker', headers: { ...bearer, 'if-match': await etagOf('test-truce-at-kanaker') } })
    expect(deleted.statusCode).toBe(204)
    expect((await service.app.inject('/zones/test-truce-at-kanaker')).statusCode).toBe(404)
    expect(await service.db.knex('zones').where({ slug: 'test-truce-at-kanaker' }).first('archived')).toEqual({ archived: true })
    // Admins find archived zones to restore with GET /zones?archived=true; no one else may list them.
    const archived = await request(service.app, { url: '/zones?archived=true&properties=slug,version&geometry=false', headers: admin.headers })
    expect(archived.status).toBe(200)
    expect(archived.body.features.map((feature: { properties: { slug: string } }) => feature.properties.slug)).toEqual(['test-truce-at-kanaker'])
    expect(archived.headers['cache-control']).toBe('private, no-cache')
    expect((await request(service.app, '/zones?archived=true')).status).toBe(401)
    expect((await request(service.app, { url: '/zones?archived=true', headers: editor.headers })).status).toBe(403)
    expect((await request(service.app, '/zones?properties=slug&geometry=false&limit=1000')).body.features.map((feature: { properties: { slug: string } }) => feature.properties.slug)).not.toContain('test-truce-at-kanaker')
    const restored = await request(service.app, { method: 'POST', url: '/zones/test-truce-at-kanaker/restore', headers: { ...admin.headers, 'if-match': deleted.headers.etag as string } })
    expect(restored.status, restored.text).toBe(200)
    expect((await service.app.inject('/zones/test-truce-at-kanaker')).statusCode).toBe(200)
  })
})

describe(`the invalid-geometry corpus through the API on ${backend}`, () => {
  const folder = path.join(import.meta.dirname, '../fixtures/validate-geometry/invalid')
  const fixtures = readdirSync(folder).filter((file) => file.endsWith('.geojson') && file !== 'geometry-null.geojson')

  it.each(fixtures)('%s gets 422 naming the coordinate, and changes nothing', async (file) => {
    const text = readFileSync(path.join(folder, file), 'utf8')
    const fixture = JSON.parse(text)
    const before = await storedState()
    const geometryText = text.slice(text.indexOf('"geometry"')).replace(/^"geometry"\s*:\s*/, '').replace(/\}\s*$/, '')
    const body = `{"type":"Feature","properties":{"name":"Bad ${file}","kind":"${fixture.properties.kind}","effective_date":"2026-01-01","reason":"test"},"geometry":${geometryText}}`
    const response = await request(service.app, { method: 'POST', url: '/zones', headers: { ...bearer, 'content-type': 'application/json' }, payload: body })
    if (text.includes('__proto__')) {
      expect(response.status).toBe(400)
    } else {
      expect(response.status, response.text).toBe(422)
      const expected = fixture.properties.expected as Array<{ path: string; message: string }>
      expect(response.body.errors).toEqual(expected.map((issue) => ({ where: issue.path ? `body.geometry.${issue.path}` : 'body.geometry', message: issue.message })))
    }
    expect(await storedState()).toEqual(before)
  })

  it('a million vertices is refused with 422 before any work', async () => {
    const ring = Array.from({ length: 1_000_000 }, () => [0, 0])
    const response = await request(service.app, {
      method: 'POST',
      url: '/zones',
      headers: bearer,
      payload: { type: 'Feature', properties: { name: 'Huge', kind: 'siege', effective_date: '2026-01-01', reason: 'test' }, geometry: { type: 'Polygon', coordinates: [ring] } },
    })
    expect(response.status).toBe(422)
    expect(response.body.detail).toMatch(/100000/)
  })

  it('a bow-tie in a PATCH is refused with the crossing point', async () => {
    const before = await storedState()
    const response = await request(service.app, {
      method: 'PATCH',
      url: '/zones/siege-of-raqqa',
      headers: { ...bearer, 'if-match': await etagOf('siege-of-raqqa') },
      payload: { geometry: { type: 'Polygon', coordinates: [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]] } },
    })
    expect(response.status).toBe(422)
    expect(response.body.errors).toEqual([{ where: 'body.geometry.coordinates[0][0]', message: 'the outer ring crosses itself at 36.5, 35.5 (edges from positions 0 and 2)' }])
    expect(await storedState()).toEqual(before)
  })

  it('a body over the size limit gets 413, not 500', async () => {
    const response = await request(service.app, { method: 'POST', url: '/zones', headers: { ...bearer, 'content-type': 'application/json' }, payload: `{"x":"${'a'.repeat(11 * 1024 * 1024)}"}` })
    expect(response.status).toBe(413)
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8')
  })

  it('malformed JSON gets 400', async () => {
    const response = await request(service.app, { method: 'POST', url: '/zones', headers: { ...bearer, 'content-type': 'application/json' }, payload: '{"type": "Feature", "geometry": {"coordinates": [NaN, 1]}' })
    expect(response.status).toBe(400)
  })
})

describe(`parties and the audit log on ${backend}`, () => {
  it('admins create and edit parties; renaming one moves its zones\' ETags on', async () => {
    const created = await request(service.app, { method: 'POST', url: '/parties', headers: admin.headers, payload: { slug: 'un-envoy', name: 'UN envoy', type: 'international-organisation' } })
    expect(created.status).toBe(201)
    expect((await request(service.app, { method: 'POST', url: '/parties', headers: editor.headers, payload: { slug: 'x', name: 'X', type: 'state' } })).status).toBe(403)
    const before = await etagOf('south-west-de-escalation-zone')
    const renamed = await request(service.app, { method: 'PATCH', url: '/parties/jordan', headers: admin.headers, payload: { name: 'Hashemite Kingdom of Jordan' } })
    expect(renamed.status).toBe(200)
    expect(await etagOf('south-west-de-escalation-zone')).not.toBe(before)
  })

  it('GET /audit is for admins and filters by zone, user and date', async () => {
    expect((await request(service.app, { url: '/audit', headers: editor.headers })).status).toBe(403)
    const byUser = await request(service.app, { url: '/audit?user=root', headers: admin.headers })
    expect(byUser.body.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['party.create', 'party.update', 'zone.restore']))
    expect(byUser.body.every((entry: { username: string }) => entry.username === 'root')).toBe(true)
    const future = await request(service.app, { url: '/audit?from=2999-01-01', headers: admin.headers })
    expect(future.body).toEqual([])
  })
})
