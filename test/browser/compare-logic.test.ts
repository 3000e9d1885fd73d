import { describe, expect, it } from 'vitest'
import type { BoundaryVersion, ZoneChange, ZoneFeature } from '../../client/src/api-types.ts'
import { versionInForce } from '../../client/src/panel/card-boundaries.ts'
import { describe as describeChange } from '../../client/src/panel/change-list.ts'
import { changeSummary, changesOfZones, compareZones, countChanges } from '../../client/src/zone-compare.ts'

/** Compare mode's reading of two maps and of the changes between them, without a browser. */

const square = (size: number) => ({ type: 'Polygon' as const, coordinates: [[[0, 0], [size, 0], [size, size], [0, size], [0, 0]]] })

function zone(slug: string, status: ZoneFeature['properties']['status'], geometry: ZoneFeature['geometry'] = square(1)): ZoneFeature {
  return Object.freeze({
    type: 'Feature',
    id: slug.length,
    geometry,
    properties: { slug, name: slug, kind: 'de-escalation-zone', status, status_since: '2017-01-01', description: null, proposed_on: null, in_force_from: null, ended_on: null, area_km2: null, approximate: true, location_precision: 'approximate', geometry_note: null, parties: [], sponsors: [], version: 1 },
  }) as ZoneFeature
}

function change(id: string, slug: string | null, extra: Partial<ZoneChange> = {}): ZoneChange {
  return {
    id,
    type: 'status',
    date: '2017-07-09',
    date_precision: 'day',
    zone: slug ? { id: 1, slug, name: slug, kind: 'de-escalation-zone' } : null,
    agreement: null,
    from_status: 'agreed',
    to_status: 'active',
    reason: null,
    area_km2_before: null,
    area_km2_after: null,
    area_gained_km2: null,
    area_lost_km2: null,
    sources: [],
    recorded_at: '2024-01-01T00:00:00Z',
    links: [],
    ...extra,
  }
}

describe('comparing the maps of two dates', () => {
  const before = [zone('kept', 'active'), zone('turned', 'agreed'), zone('moved', 'active', square(1)), zone('gone', 'proposed')]
  const after = [zone('kept', 'active'), zone('turned', 'active'), zone('moved', 'active', square(2)), zone('new', 'proposed')]

  it('calls each zone added, removed, changed (status or outline) or unchanged, and counts them', () => {
    const compared = compareZones(before, after)
    expect(compared.map(({ slug, change, statusChanged, boundaryChanged }) => [slug, change, statusChanged, boundaryChanged])).toEqual([
      ['kept', 'unchanged', false, false],
      ['turned', 'changed', true, false],
      ['moved', 'changed', false, true],
      ['new', 'added', false, false],
      ['gone', 'removed', false, false],
    ])
    // A removed zone is drawn with its outline at the first date.
    expect(compared.find((item) => item.slug === 'gone')?.before).toBe(before[3])
    expect(countChanges(compared)).toEqual({ added: 1, removed: 1, changed: 2, unchanged: 1 })
    expect(compared.map(changeSummary)).toEqual(['Unchanged (active)', 'Changed: Agreed → Active', 'Changed: outline moved', 'Added (proposed)', 'Removed (was proposed)'])
  })

  it('reads a zone without a location as unchanged when its status stays', () => {
    expect(compareZones([zone('hidden', 'active', null)], [zone('hidden', 'active', null)])[0]?.change).toBe('unchanged')
    expect(compareZones([zone('hidden', 'active', null)], [zone('hidden', 'active', square(1))])[0]?.change).toBe('changed')
  })

  it('lists the changes of the zones compared; one of no zone only when nothing is filtered out', () => {
    const compared = compareZones(before, after)
    const changes = [change('status:1', 'turned'), change('status:2', 'elsewhere'), change('agreement:3', null, { type: 'agreement' })]
    expect(changesOfZones(changes, compared, false).map((item) => item.id)).toEqual(['status:1', 'agreement:3'])
    expect(changesOfZones(changes, compared, true).map((item) => item.id)).toEqual(['status:1'])
  })

  it('says what each change did in words', () => {
    expect(describeChange(change('status:1', 'a'))).toBe('Agreed → Active')
    expect(describeChange(change('status:2', 'a', { type: 'appeared', from_status: null, to_status: 'proposed' }))).toBe('Appeared: proposed')
    expect(describeChange(change('status:3', 'a', { type: 'ended', from_status: 'active', to_status: 'collapsed' }))).toBe('Active → Collapsed (ended)')
    expect(describeChange(change('boundary:4', 'a', { type: 'boundary', from_status: null, to_status: null }))).toBe('Outline changed')
    expect(describeChange(change('agreement:5', null, { type: 'agreement', agreement: { id: 5, slug: 'm', title: 'Memo' } }))).toBe('Signed')
  })
})

describe('the outline version drawn for a day', () => {
  const version = (id: number, effective_on: string, superseded = false): BoundaryVersion => ({
    id,
    effective_on,
    effective_precision: 'day',
    until: null,
    reason: 'A version',
    basis: 'stated',
    location_precision: 'approximate',
    geometry_note: null,
    area_km2: 1,
    recorded_at: '2024-01-01T00:00:00Z',
    recorded_by: 'ada',
    superseded_at: superseded ? '2024-02-01T00:00:00Z' : null,
    superseded_by: superseded ? 99 : null,
    sources: [],
  })
  const versions = [version(1, '2017-09-15', true), version(4, '2017-09-15'), version(2, '2018-09-17'), version(3, '2020-03-05')]

  it('is the latest not corrected on or before the day, the first before any', () => {
    expect(versionInForce(versions, '2019-01-01')?.id).toBe(2)
    expect(versionInForce(versions, '2018-09-17')?.id).toBe(2)
    expect(versionInForce(versions, '2017-10-01')?.id).toBe(4)
    expect(versionInForce(versions, '2016-01-01')?.id).toBe(4)
    expect(versionInForce(versions, '2025-01-01')?.id).toBe(3)
  })
})
