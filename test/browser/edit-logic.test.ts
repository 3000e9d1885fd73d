import { describe, expect, it } from 'vitest'
import type { Geometry } from 'geojson'
import type { AgreementFeature, AuditEntry, ZoneFeature } from '../../client/src/api-types.ts'
import { archivedZones } from '../../client/src/admin/zones-admin.ts'
import { changedFields } from '../../client/src/admin/audit-admin.ts'
import { drawShapesFor } from '../../client/src/edit/draw-shapes.ts'
import { fromParts, roundGeometry, toParts } from '../../client/src/edit/geometry-parts.ts'
import { fieldOf, fieldPathOf, pathSteps, positionAt, vertexProblems } from '../../client/src/edit/problem-paths.ts'
import { changedFields as changedAgreementFields, inputOf } from '../../client/src/admin/agreement-form.ts'
import { compareAgreement } from '../../client/src/admin/agreement-conflict.ts'
import { fromKmlProperties, parseImportText } from '../../client/src/edit/read-import-file.ts'
import { SnapshotHistory } from '../../client/src/edit/snapshot-history.ts'
import { compareZone } from '../../client/src/edit/zone-diff.ts'
import { readEvent } from '../../client/src/live/zone-events.ts'

/** The editing side's pure logic, without a browser. */

const bowTie: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }

describe("the API's problem paths", () => {
  it('split into steps and name the form field', () => {
    expect(pathSteps('body.geometry.coordinates[0][3]')).toEqual(['body', 'geometry', 'coordinates', 0, 3])
    expect(fieldOf('body.geometry.coordinates[0][3]')).toBe('geometry')
    expect(fieldOf('body.effective_date')).toBe('effective_date')
    expect(fieldOf('body.properties.kind')).toBe('kind')
    expect(fieldOf('body.parties[2].role')).toBe('parties')
    expect(fieldOf('features[4].properties.slug')).toBe('slug')
    expect(fieldOf('header.if-match')).toBeNull()
    expect(fieldOf('body')).toBeNull()
  })

  it('name the path to a field inside an object of the body, without list indexes', () => {
    expect(fieldPathOf('body.boundary.effective_date')).toBe('boundary.effective_date')
    expect(fieldPathOf('body.parties[2].role')).toBe('parties.role')
    expect(fieldPathOf('body.title')).toBe('title')
    expect(fieldPathOf('features[1].properties.kind')).toBe('kind')
    expect(fieldPathOf('header.if-match')).toBeNull()
    expect(fieldPathOf('body')).toBeNull()
  })

  it('lead to the vertex at fault in the geometry that was sent', () => {
    expect(positionAt(bowTie, 'body.geometry.coordinates[0][2]')).toEqual([1, 0])
    expect(positionAt(bowTie, 'body.geometry.coordinates[0]')).toEqual([0, 0]) // a ring: its first position
    expect(positionAt(bowTie, 'body.geometry.type')).toBeNull()
    expect(positionAt(bowTie, 'body.geometry.coordinates[3][0]')).toBeNull()
    expect(positionAt(null, 'body.geometry.coordinates[0][0]')).toBeNull()
    const multi: Geometry = { type: 'MultiPolygon', coordinates: [bowTie.coordinates, [[[5, 5], [6, 5], [6, 6], [5, 5]]]] }
    expect(positionAt(multi, 'body.geometry.coordinates[1][0][1]')).toEqual([6, 5])
    const collection: Geometry = { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [9, 9] }, bowTie] }
    expect(positionAt(collection, 'body.geometry.geometries[1].coordinates[0][3]')).toEqual([0, 1])
    expect(
      vertexProblems(bowTie, [
        { where: 'body.geometry.coordinates[0][0]', message: 'the outer ring crosses itself' },
        { where: 'body.name', message: 'is required' },
      ]),
    ).toEqual([{ position: [0, 0], message: 'the outer ring crosses itself', where: 'body.geometry.coordinates[0][0]' }])
  })
})

describe('undo and redo', () => {
  it('keep one step per change, drop undone steps on a new change, and reset', () => {
    const history = new SnapshotHistory('a')
    expect(history.canUndo).toBe(false)
    expect(history.record('a')).toBe(false) // no change, no step
    history.record('b')
    history.record('b')
    history.record('c')
    expect(history.undo()).toBe('b')
    expect(history.undo()).toBe('a')
    expect(history.undo()).toBe('a')
    expect(history.redo()).toBe('b')
    history.record('d')
    expect(history.canRedo).toBe(false)
    expect(history.undo()).toBe('b')
    history.reset('z')
    expect([history.current, history.canUndo, history.canRedo]).toEqual(['z', false, false])
  })

  it('forget the oldest steps beyond the limit', () => {
    const history = new SnapshotHistory(0, { limit: 3 })
    for (let step = 1; step <= 5; step++) history.record(step)
    expect([history.undo(), history.undo(), history.undo()]).toEqual([4, 3, 3])
  })
})

describe('geometry parts', () => {
  it('split a shape into editable parts and join them back', () => {
    const collection: Geometry = {
      type: 'GeometryCollection',
      geometries: [bowTie, { type: 'LineString', coordinates: [[0, 0], [2, 2]] }, { type: 'MultiPoint', coordinates: [[1, 1], [2, 2]] }],
    }
    const parts = toParts(collection)
    expect(parts.polygons).toHaveLength(1)
    expect(parts.lines).toHaveLength(1)
    expect(parts.points).toHaveLength(2)
    expect(fromParts(parts)).toEqual(collection)
    expect(fromParts({ polygons: [], lines: [], points: [[3, 4]] })).toEqual({ type: 'Point', coordinates: [3, 4] })
    expect(fromParts({ polygons: [bowTie.coordinates, bowTie.coordinates], lines: [], points: [] })!.type).toBe('MultiPolygon')
    expect(fromParts(toParts(null))).toBeNull()
  })

  it('round coordinates so that unmoved shapes compare equal', () => {
    expect(roundGeometry({ type: 'Point', coordinates: [36.1234567891, 35.0000001] })).toEqual({ type: 'Point', coordinates: [36.123457, 35] })
  })

  it('follow the kind: points for posts, lines first for corridors, areas otherwise', () => {
    expect(drawShapesFor('observation-post')).toEqual(['Marker'])
    expect(drawShapesFor('humanitarian-corridor')).toEqual(['Line', 'Polygon', 'Marker'])
    expect(drawShapesFor('buffer-zone')).toEqual(['Polygon', 'Line'])
    expect(drawShapesFor('siege')).toEqual(['Polygon'])
  })
})

describe('the conflict comparison', () => {
  const zone = (version: number, extra: Partial<ZoneFeature['properties']> = {}, geometry: Geometry | null = bowTie): ZoneFeature => ({
    type: 'Feature',
    id: 7,
    geometry,
    properties: {
      slug: 'z',
      name: 'Zone',
      kind: 'ceasefire-zone',
      status: 'agreed',
      status_since: '2026-01-01',
      description: null,
      proposed_on: null,
      in_force_from: null,
      ended_on: null,
      area_km2: null,
      approximate: true,
      location_precision: 'approximate',
      geometry_note: null,
      parties: [{ slug: 'russia', name: 'Russia', type: 'state', role: 'guarantor', note: null }],
      sponsors: ['Russia'],
      version,
      updated_at: '2026-01-01T00:00:00Z',
      links: [],
      ...extra,
    },
  })

  it('shows what the server changed beside the local change, and where both changed a field', () => {
    const base = zone(1)
    const server = zone(2, { status: 'active', status_since: '2026-02-01', name: 'Renamed' }, { type: 'Point', coordinates: [1, 1] })
    const rows = compareZone(base, server, { type: 'patch', patch: { name: 'Mine', parties: [{ party: 'turkey', role: 'sponsor' }] } }, new Map([['turkey', 'Turkey']]))
    const byField = Object.fromEntries(rows.map((row) => [row.field, row]))
    expect(byField['name']).toMatchObject({ base: 'Zone', server: 'Renamed', mine: 'Mine', changedOnServer: true, conflict: true })
    expect(byField['status']).toMatchObject({ base: 'Agreed since 2026-01-01', server: 'Active since 2026-02-01', mine: null, changedOnServer: true, conflict: false })
    expect(byField['parties']).toMatchObject({ base: 'Russia (guarantor)', mine: 'Turkey (sponsor)', changedOnServer: false })
    expect(byField['geometry']).toMatchObject({ changedOnServer: true, mine: null })
    expect(byField['description']).toMatchObject({ changedOnServer: false, mine: null })
  })

  it('describes a status change, an undo and an archive as the local change', () => {
    const base = zone(1)
    const status = compareZone(base, zone(2), { type: 'status', body: { status: 'active', effective_date: '2026-03-01', reason: 'r' } })
    expect(status.find((row) => row.field === 'status')!.mine).toBe('Active since 2026-03-01')
    expect(compareZone(base, zone(2), { type: 'undo', reason: 'r' }).find((row) => row.field === 'status')!.mine).toBe('the latest change undone')
    expect(compareZone(base, zone(2), { type: 'archive' }).find((row) => row.field === 'archived')!.mine).toBe('yes')
  })
})

describe('the admin page', () => {
  const entry = (id: number, action: string, zone: number, after: object | null, before: object | null = {}): AuditEntry => ({
    id,
    at: `2026-01-0${id}T00:00:00Z`,
    username: 'root',
    action,
    entity: 'zone',
    entity_id: String(zone),
    zone_id: zone,
    before,
    after,
    request_id: null,
    api_token_id: null,
    api_token_name: null,
  })

  it('lists the archived zones by name, each with who archived it last as the audit log tells', () => {
    const archived = (id: number, slug: string, name: string, version: number) =>
      ({ type: 'Feature', id, geometry: null, properties: { slug, name, version, updated_at: `2026-02-0${id}T00:00:00Z` } }) as unknown as ZoneFeature
    const entries = [
      { ...entry(5, 'zone.archive', 2, { archived: true }), username: 'amal' },
      entry(4, 'zone.restore', 2, { archived: false }),
      entry(3, 'zone.archive', 2, { archived: true }),
      entry(2, 'zone.update', 1, { name: 'B' }),
    ]
    // Zone 3 was archived before the entries read: it is listed all the same, its archiver unknown.
    expect(archivedZones([archived(3, 'c', 'Cham', 8), archived(2, 'b', 'Bosra', 6), archived(1, 'a', 'Afrin', 4)], entries)).toEqual([
      { id: 1, slug: 'a', name: 'Afrin', version: 4, at: '2026-02-01T00:00:00Z', by: null },
      { id: 2, slug: 'b', name: 'Bosra', version: 6, at: '2026-02-02T00:00:00Z', by: 'amal' },
      { id: 3, slug: 'c', name: 'Cham', version: 8, at: '2026-02-03T00:00:00Z', by: null },
    ])
  })

  it('summarises an audit entry by the fields it changed', () => {
    expect(changedFields({ status: 'agreed', version: 1, geometry: { a: 1 } }, { status: 'active', version: 2, geometry: { a: 2 } })).toEqual(['geometry changed', 'status: "agreed" → "active"'])
    expect(changedFields(null, { name: 'new' })).toEqual([])
  })
})

describe('import files and live events', () => {
  it('reads GeoJSON collections and lone features, and refuses the rest', () => {
    expect(parseImportText('{"type":"FeatureCollection","features":[]}').features).toEqual([])
    expect(parseImportText('{"type":"Feature","geometry":null,"properties":{}}').features).toHaveLength(1)
    expect(() => parseImportText('{"type":"Point","coordinates":[0,0]}', 'x.json')).toThrow(/not a GeoJSON FeatureCollection/)
    expect(() => parseImportText('nonsense', 'x.geojson')).toThrow(/neither GeoJSON nor KML/)
  })

  it("turns KML's text values back into what the import reads", () => {
    expect(fromKmlProperties({ name: 'A', approximate: 'false', parties: '[{"slug":"russia","role":"guarantor"}]', description: 'null', slug: '', styleUrl: '#s', area_km2: '12' })).toEqual({
      name: 'A',
      approximate: false,
      parties: [{ slug: 'russia', role: 'guarantor' }],
      description: null,
      area_km2: '12',
    })
  })

  it('reads zone events and ignores anything else', () => {
    expect(readEvent('{"zone_id":3,"version":4,"action":"zone.status","at":"2026-01-01T00:00:00Z"}')).toEqual({ zone_id: 3, version: 4, action: 'zone.status', at: '2026-01-01T00:00:00Z' })
    expect(readEvent('{"zone_id":"3"}')).toBeNull()
    expect(readEvent('not json')).toBeNull()
  })
})

describe('the agreement form and its conflict view', () => {
  const agreement = (changes: Partial<AgreementFeature['properties']> = {}): AgreementFeature => ({
    type: 'Feature',
    id: 7,
    geometry: null,
    properties: {
      slug: 'astana-memorandum-2017',
      title: 'Astana memorandum',
      signed_on: '2017-05-04',
      signed_precision: 'day',
      place: 'Astana',
      class: 'multilateral',
      form: 'written',
      purpose: 'de-escalation',
      description: null,
      text_url: null,
      pax_id: null,
      ucdp_conflict_id: null,
      duration_days: 180,
      expires_on: null,
      renewal_terms: null,
      curation_note: null,
      parties: [
        { slug: 'russia', name: 'Russia', type: 'state', role: 'guarantor', note: null },
        { slug: 'turkey', name: 'Turkey', type: 'state', role: 'guarantor', note: null },
      ],
      zones: [{ id: 1, slug: 'idlib-de-escalation-zone', name: 'Idlib', effect: 'creates', note: null }],
      version: 3,
      ...changes,
    },
  })

  it('sends only the fields an edit changed, the lists compared whole in any order', () => {
    const stored = inputOf(agreement())
    expect(changedAgreementFields(stored, { ...stored })).toEqual({})
    expect(changedAgreementFields(stored, { ...stored, parties: [...stored.parties!].reverse() })).toEqual({})
    expect(changedAgreementFields(stored, { ...stored, title: 'Memorandum on de-escalation areas', duration_days: null })).toEqual({ title: 'Memorandum on de-escalation areas', duration_days: null })
    const zones = [...stored.zones!, { zone: 'south-west-de-escalation-zone', effect: 'creates' as const }]
    expect(changedAgreementFields(stored, { ...stored, zones })).toEqual({ zones })
  })

  it('compares the agreement as loaded, as stored now and as changed, field by field', () => {
    const base = agreement()
    const server = agreement({ version: 4, title: 'Memorandum on the creation of de-escalation areas', place: 'Nur-Sultan' })
    const rows = compareAgreement(base, server, { title: 'Astana memorandum (2017)', duration_days: 90 })
    expect(rows.map((row) => [row.field, row.changedOnServer, row.conflict])).toEqual([
      ['title', true, true],
      ['place', true, false],
      ['duration_days', false, false],
    ])
    expect(rows[0]).toMatchObject({ base: 'Astana memorandum', server: 'Memorandum on the creation of de-escalation areas', mine: 'Astana memorandum (2017)' })
    expect(rows[2]).toMatchObject({ mine: '90', server: '180' })
  })
})
