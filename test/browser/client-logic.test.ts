import { describe, expect, it } from 'vitest'
import type { ZoneFeature } from '../../client/src/api-types.ts'
import { formatDate, formatNumericDate, isIsoDate, numericDatePattern, parseTypedDate, toDayNumber, fromDayNumber } from '../../client/src/dates.ts'
import { safeHttpUrl } from '../../client/src/dom.ts'
import { readPermalink, writePermalink } from '../../client/src/permalink.ts'
import { DEFAULT_STATE, type AppState } from '../../client/src/state.ts'
import { marksFromHistories, sliderStart } from '../../client/src/timeline-marks.ts'
import { completeProperties } from '../../client/src/zone-data.ts'
import { countByStatus, filterZones, sortZones, sponsoringParties } from '../../client/src/zone-query.ts'

/** The client's pure logic, without a browser: permalinks, filters, dates, links, timeline marks. */

function zone(slug: string, status: ZoneFeature['properties']['status'], extra: Partial<ZoneFeature['properties']> = {}): ZoneFeature {
  return {
    type: 'Feature',
    id: slug.length,
    geometry: null,
    properties: {
      slug,
      name: slug.replace(/-/g, ' '),
      kind: 'ceasefire-zone',
      status,
      status_since: '2020-01-01',
      description: null,
      proposed_on: null,
      in_force_from: null,
      ended_on: null,
      area_km2: null,
      approximate: true,
      location_precision: 'approximate',
      geometry_note: null,
      parties: [],
      sponsors: [],
      version: 1,
      updated_at: '2020-01-01T00:00:00Z',
      links: [],
      ...extra,
    },
  }
}

describe('permalinks', () => {
  it('round-trip every part of the state', () => {
    const state: AppState = {
      statuses: ['active', 'agreed'],
      kinds: ['siege', 'safe-zone'],
      sponsor: 'russia',
      query: 'idlib & co',
      sort: 'changed',
      zone: 'siege-of-raqqa',
      date: '2017-07-08',
      view: { zoom: 7.25, lat: 35.12345, lng: 38.54321 },
      compare: { from: '2017-07-01', to: '2017-10-01' },
      recorded: '2024-03-01T12:30:00Z',
      incidents: true,
      lang: 'ar',
    }
    const search = writePermalink(state)
    expect(search).toContain('status=active,agreed')
    expect(search).toContain('map=7.25/35.12345/38.54321')
    expect(search).toContain('compare=2017-07-01/2017-10-01')
    expect(search).toContain('recorded_as_of=2024-03-01T12:30:00Z')
    expect(search).toContain('incidents=on')
    expect(search).toContain('lang=ar')
    expect(readPermalink(search)).toEqual(state)
    const offset = { ...DEFAULT_STATE, recorded: '2024-03-01T12:30:00+02:00' }
    expect(readPermalink(writePermalink(offset))).toEqual(offset)
    expect(readPermalink('?recorded_as_of=2024-03-01')).toEqual({ ...DEFAULT_STATE, recorded: '2024-03-01' })
    expect(readPermalink('?lang=fr').lang).toBeNull()
  })

  it('drop a comparison whose dates are unreadable or the wrong way round, and a recorded time without its offset', () => {
    for (const compare of ['2017-10-01/2017-07-01', '2017-07-01', '2017-07-01/2017-02-30', '2017-07-01/2017-10-01/2018-01-01', '<b>/x']) {
      expect(readPermalink(`?compare=${encodeURIComponent(compare)}`).compare, compare).toBeNull()
    }
    expect(readPermalink('?compare=2017-07-01/2017-07-01').compare).toEqual({ from: '2017-07-01', to: '2017-07-01' })
    for (const recorded of ['2024-03-01T12:30:00', '2024-13-01T00:00:00Z', 'yesterday', '2024-03-01T12:30:00Z<script>']) {
      expect(readPermalink(`?recorded_as_of=${encodeURIComponent(recorded)}`).recorded, recorded).toBeNull()
    }
  })

  it('leave the defaults out and ignore unreadable values one by one', () => {
    expect(writePermalink(DEFAULT_STATE)).toBe('')
    expect(readPermalink('?status=active,bogus&kind=nope&date=2017-02-30&zone=<b>&map=99/0/0&sort=evil&sponsor=Russia')).toEqual({ ...DEFAULT_STATE, statuses: ['active'] })
  })
})

describe('zone queries', () => {
  const zones = [
    zone('a-zone', 'active', { parties: [{ slug: 'russia', name: 'Russia', type: 'state', role: 'guarantor', note: null }], status_since: '2019-01-01', area_km2: 10 }),
    zone('b-zone', 'collapsed', { parties: [{ slug: 'russia', name: 'Russia', type: 'state', role: 'monitor', note: null }], description: 'Near Idlib', area_km2: 50 }),
    zone('c-zone', 'active', { parties: [{ slug: 'turkey', name: 'Turkey', type: 'state', role: 'sponsor', note: null }], status_since: '2021-01-01' }),
  ]

  it('filter by status, sponsor (sponsor or guarantor roles only) and words', () => {
    const slugs = (filter: Partial<AppState>) => filterZones(zones, { ...DEFAULT_STATE, ...filter }).map((item) => item.properties.slug)
    expect(slugs({ statuses: ['active'] })).toEqual(['a-zone', 'c-zone'])
    expect(slugs({ sponsor: 'russia' })).toEqual(['a-zone'])
    expect(slugs({ query: 'idlib' })).toEqual(['b-zone'])
    expect(slugs({ query: 'TURKEY zone' })).toEqual(['c-zone'])
    expect(countByStatus(filterZones(zones, { ...DEFAULT_STATE, statuses: ['active'] }, 'statuses'))).toMatchObject({ active: 2, collapsed: 1 })
  })

  it('sort by the chosen key, then by name', () => {
    expect(sortZones(zones, 'changed').map((item) => item.properties.slug)).toEqual(['c-zone', 'b-zone', 'a-zone'])
    expect(sortZones(zones, 'area').map((item) => item.properties.slug)).toEqual(['b-zone', 'a-zone', 'c-zone'])
    expect(sortZones(zones, 'status').map((item) => item.properties.slug)).toEqual(['a-zone', 'c-zone', 'b-zone'])
    expect(sponsoringParties(zones)).toEqual([
      { slug: 'russia', name: 'Russia' },
      { slug: 'turkey', name: 'Turkey' },
    ])
  })
})

describe('dates, links and timeline marks', () => {
  it('format dates no more precisely than they are known', () => {
    expect(formatDate('2017-07-09')).toBe('9 July 2017')
    expect(formatDate('2017-07-01', 'month')).toBe('July 2017')
    expect(formatDate('1974-01-01', 'year')).toBe('1974')
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2023-02-29')).toBe(false)
    expect(fromDayNumber(toDayNumber('2017-07-08'))).toBe('2017-07-08')
  })

  it("read a typed date in the reader's order, in ISO, or with an English month name", () => {
    for (const [locale, forms] of [
      ['en-GB', ['9/7/2017', '09/07/2017', '09.07.2017', '9-7-2017', '9 7 2017', '09072017']],
      ['en-US', ['7/9/2017', '07/09/2017', '07.09.2017', '7-9-2017', '7 9 2017', '07092017']],
    ] as const) {
      for (const typed of [...forms, '2017-07-09', ' 2017-7-9 ', '9 July 2017', 'July 9, 2017', '9 Jul 2017', 'jul 9 2017', '9th July 2017']) {
        expect(parseTypedDate(typed, locale), `${locale} ${typed}`).toBe('2017-07-09')
      }
    }
    expect(parseTypedDate('1/2/2017', 'en-GB')).toBe('2017-02-01')
    expect(parseTypedDate('1/2/2017', 'en-US')).toBe('2017-01-02')
    // A real date with a four-digit year: the time bar then says whether it is inside the record.
    expect(parseTypedDate('9/7/0017', 'en-GB')).toBe('0017-07-09')
    for (const bad of ['2017-02-30', '30/2/2017', '2/30/2017', '0017', '9/7/17', '9/7', '13/13/2017', 'yesterday', 'abc/de/fghi', '9 Jux 2017', '9 July', '', '   ']) {
      expect(parseTypedDate(bad, 'en-GB'), bad).toBeNull()
      expect(parseTypedDate(bad, 'en-US'), bad).toBeNull()
    }
  })

  it("show the date field's date and form in the reader's numeric order", () => {
    expect(formatNumericDate('2017-07-09', 'en-GB')).toBe('09/07/2017')
    expect(formatNumericDate('2017-07-09', 'en-US')).toBe('07/09/2017')
    expect(numericDatePattern('en-GB')).toBe('dd/mm/yyyy')
    expect(numericDatePattern('en-US')).toBe('mm/dd/yyyy')
    expect(numericDatePattern('de-DE')).toBe('dd.mm.yyyy')
    for (const locale of ['en-GB', 'en-US', 'de-DE', 'ja-JP']) expect(parseTypedDate(formatNumericDate('2017-07-09', locale), locale)).toBe('2017-07-09')
  })

  it('make links only of absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://example.org/a?b=c')).toBe('https://example.org/a?b=c')
    expect(safeHttpUrl('http://example.org')).toBe('http://example.org/')
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', '//example.org', '/relative', 'ftp://example.org', '', null]) {
      expect(safeHttpUrl(bad)).toBeNull()
    }
  })

  it('start the slider at the first change known to the day, not at a year-only one', () => {
    const golan = zone('golan', 'active')
    const siege = zone('siege', 'ended')
    const histories = new Map([
      ['golan', [{ effective_on: '1974-01-01', effective_precision: 'year' as const, to_status: 'active' as const }]],
      ['siege', [{ effective_on: '2017-06-06', effective_precision: 'day' as const, to_status: 'active' as const }]],
    ]) as unknown as Parameters<typeof marksFromHistories>[1]
    const marks = marksFromHistories([golan, siege], histories)
    expect(marks.map((mark) => mark.date)).toEqual(['1974-01-01', '2017-06-06'])
    expect(sliderStart(marks, '2026-01-01')).toBe('2017-01-01')
    expect(sliderStart([], '2026-01-01')).toBe('2026-01-01')
  })
})

describe('a large collection loaded in two steps', () => {
  it('puts the properties into the outlines in place, and drops an outline whose zone is gone', () => {
    // zone() numbers a zone by the length of its slug.
    const full = [zone('a', 'active', { description: 'A' }), zone('bb', 'agreed'), zone('ccc', 'ended')]
    const outline = (feature: ZoneFeature): ZoneFeature => {
      const { slug, name, kind, status, approximate } = feature.properties
      return { ...feature, geometry: { type: 'Point', coordinates: [36, 35] }, properties: { slug, name, kind, status, approximate } as ZoneFeature['properties'] }
    }
    const outlines = full.map(outline)
    const [first, , third] = outlines
    // Zone bb was archived between the two requests; zone dddd was added meanwhile.
    completeProperties(outlines, [full[0]!, full[2]!, zone('dddd', 'proposed')])
    expect(outlines).toEqual([first, third])
    expect(outlines[0]).toBe(first)
    expect(outlines[0]!.properties).toEqual(full[0]!.properties)
    expect(outlines[0]!.geometry).toEqual({ type: 'Point', coordinates: [36, 35] })
  })
})
