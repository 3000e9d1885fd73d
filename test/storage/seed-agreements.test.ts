import { describe, expect, it } from 'vitest'
import { readDataset } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'
import { TOWNS } from '../../seeds/derive-idlib-boundaries.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

const dataset = readDataset(DATASET_DIR)
const ASTANA_ZONES = ['eastern-ghouta-de-escalation-zone', 'idlib-de-escalation-zone', 'northern-homs-de-escalation-zone', 'south-west-de-escalation-zone']

describe(`the seed's agreements, boundary versions and siege assessments on ${backend}`, () => {
  const testDb = useTestDatabase('seeded')
  const rows = async (sql: string, bindings: unknown[] = []) => (await testDb.db.knex.raw(sql, bindings as never)).rows

  it('loads every agreement with its parties, zones and sources, and each has a source', async () => {
    const loaded = await rows(`select a.slug,
        (select count(*) from agreement_sources s where s.agreement_id = a.id)::int as sources,
        (select count(*) from agreement_parties p where p.agreement_id = a.id)::int as parties,
        (select count(*) from agreement_zones z where z.agreement_id = a.id)::int as zones
      from agreements a order by a.slug`)
    expect(loaded.map((row: { slug: string }) => row.slug)).toEqual(dataset.agreements.map((agreement) => agreement.slug).sort())
    for (const row of loaded) {
      const expected = dataset.agreements.find((agreement) => agreement.slug === row.slug)!
      expect(row, row.slug).toEqual({ slug: row.slug, sources: expected.sources.length, parties: expected.parties.length, zones: expected.zones.length })
      expect(row.sources, row.slug).toBeGreaterThan(0)
    }
    for (const slug of ['astana-memorandum-2017', 'amman-memorandum-2017', 'sochi-idlib-memorandum-2018', 'sochi-memorandum-2019', 'moscow-additional-protocol-2020']) {
      expect(loaded.map((row: { slug: string }) => row.slug)).toContain(slug)
    }
  })

  it('dates the agreements as the sources do', async () => {
    const signed = Object.fromEntries((await rows('select slug, signed_on from agreements')).map((row: { slug: string; signed_on: string }) => [row.slug, row.signed_on]))
    expect(signed).toMatchObject({
      'astana-memorandum-2017': '2017-05-04',
      'amman-memorandum-2017': '2017-07-07',
      'sochi-idlib-memorandum-2018': '2018-09-17',
      'sochi-memorandum-2019': '2019-10-22',
      'moscow-additional-protocol-2020': '2020-03-05',
    })
  })

  it('has the Astana memorandum create the four Astana zones, with its guarantors, observers and excluded parties', async () => {
    const zones = await rows(`select z.slug, az.effect from agreement_zones az join agreements a on a.id = az.agreement_id join zones z on z.id = az.zone_id
      where a.slug = 'astana-memorandum-2017' order by z.slug`)
    expect(zones).toEqual(ASTANA_ZONES.map((slug) => ({ slug, effect: 'creates' })))
    const parties = await rows(`select p.slug, ap.role from agreement_parties ap join agreements a on a.id = ap.agreement_id join parties p on p.id = ap.party_id
      where a.slug = 'astana-memorandum-2017' order by ap.role, p.slug`)
    expect(parties).toEqual([
      { slug: 'hts', role: 'excluded' }, { slug: 'isis', role: 'excluded' },
      { slug: 'iran', role: 'guarantor' }, { slug: 'russia', role: 'guarantor' }, { slug: 'turkey', role: 'guarantor' },
      { slug: 'jordan', role: 'observer' }, { slug: 'united-nations', role: 'observer' }, { slug: 'united-states', role: 'observer' },
      { slug: 'iran', role: 'signatory' }, { slug: 'russia', role: 'signatory' }, { slug: 'turkey', role: 'signatory' },
    ])
    const proposals = await rows(`select z.slug from status_changes sc join zones z on z.id = sc.zone_id join agreements a on a.id = sc.agreement_id
      where a.slug = 'astana-memorandum-2017' order by z.slug`)
    expect(proposals.map((row: { slug: string }) => row.slug)).toEqual(ASTANA_ZONES)
  })

  it('has the Amman memorandum link the south-west zone, whose change to active on 2017-07-09 cites it', async () => {
    const [link] = await rows(`select az.effect from agreement_zones az join agreements a on a.id = az.agreement_id join zones z on z.id = az.zone_id
      where a.slug = 'amman-memorandum-2017' and z.slug = 'south-west-de-escalation-zone'`)
    expect(link).toBeDefined()
    const [change] = await rows(`select a.slug from status_changes sc join zones z on z.id = sc.zone_id left join agreements a on a.id = sc.agreement_id
      where z.slug = 'south-west-de-escalation-zone' and sc.effective_on = '2017-07-09' and sc.to_status = 'active'`)
    expect(change).toEqual({ slug: 'amman-memorandum-2017' })
  })

  it('records ISIS and HTS as excluded from the Astana zones\' ceasefire, each row with its source', async () => {
    const excluded = await rows(`select z.slug as zone, p.slug as party from zone_parties zp join zones z on z.id = zp.zone_id join parties p on p.id = zp.party_id
      where zp.role = 'excluded' order by z.slug, p.slug`)
    for (const zone of ['eastern-ghouta-de-escalation-zone', 'idlib-de-escalation-zone', 'northern-homs-de-escalation-zone']) {
      expect(excluded).toContainEqual({ zone, party: 'hts' })
      expect(excluded).toContainEqual({ zone, party: 'isis' })
    }
    for (const zone of dataset.zones) for (const party of zone.parties.filter((row) => row.role === 'excluded')) expect(party.sources.length).toBeGreaterThan(0)
  })

  it('gives every boundary version a source, and every outlined zone its outline as its first version', async () => {
    const unsourced = await rows(`select b.id from zone_boundaries b where not exists (select 1 from zone_boundary_sources s where s.boundary_id = b.id)`)
    expect(unsourced).toEqual([])
    const [counts] = await rows(`select (select count(*) from zone_boundaries)::int as versions, (select count(distinct zone_id) from zone_boundaries)::int as zones,
      (select count(*) from zones where geom is not null)::int as outlined`)
    expect(counts).toEqual({ versions: dataset.zones.reduce((sum, zone) => sum + zone.boundaries.length, 0), zones: counts.outlined, outlined: counts.outlined })
    const [first] = await rows(`select count(*)::int as differ from zones z join lateral (select geom from zone_boundaries b where b.zone_id = z.id order by effective_on, id limit 1) f on true
      where z.slug <> 'idlib-de-escalation-zone' and not ST_Equals(f.geom, z.geom)`)
    expect(first.differ).toBe(0)
  })

  it('gives the Idlib zone four versions, each smaller than the one before, marked approximate, the latest on the zone', async () => {
    const inForce = async (day: string) => (await rows(`select b.effective_on, b.area_km2, b.location_precision, b.basis, b.geometry_note from zone_boundaries b join zones z on z.id = b.zone_id
        where z.slug = 'idlib-de-escalation-zone' and b.superseded_at is null and b.effective_on <= ?::date order by b.effective_on desc, b.id desc limit 1`, [day]))[0]
    const september2017 = await inForce('2017-10-01')
    const sochi2018 = await inForce('2018-10-01')
    const august2019 = await inForce('2019-09-01')
    const march2020 = await inForce('2020-04-01')
    expect([september2017, sochi2018, august2019, march2020].map((version) => version.effective_on)).toEqual(['2017-09-15', '2018-01-20', '2019-08-23', '2020-03-06'])
    expect(september2017.area_km2).toBeGreaterThan(6000)
    expect(september2017.area_km2).toBeLessThan(7500)
    expect(sochi2018.area_km2).toBeLessThan(september2017.area_km2)
    expect(august2019.area_km2).toBeLessThan(sochi2018.area_km2)
    expect(march2020.area_km2).toBeLessThan(august2019.area_km2)
    expect(march2020.area_km2).toBeLessThan(september2017.area_km2)
    for (const version of [september2017, sochi2018, august2019, march2020]) {
      expect(version.location_precision).toBe('approximate')
      expect(version.geometry_note).toMatch(/^Approximate outline drawn from town coordinates.*no official map was published/)
    }
    expect([sochi2018, august2019, march2020].map((version) => version.basis)).toEqual(['inferred', 'inferred', 'inferred'])
    const [zone] = await rows(`select ST_Equals(z.geom, b.geom) as same, z.geometry_note = b.geometry_note as same_note from zones z join zone_boundaries b on b.zone_id = z.id
      where z.slug = 'idlib-de-escalation-zone' and b.effective_on = '2020-03-06'`)
    expect(zone).toEqual({ same: true, same_note: true })
  })

  it('puts the sourced towns on the government side of the version after each offensive', async () => {
    const contains = async (effectiveOn: string, [lon, lat]: readonly number[]) => (await rows(`select ST_Contains(b.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)) as inside
        from zone_boundaries b join zones z on z.id = b.zone_id where z.slug = 'idlib-de-escalation-zone' and b.effective_on = ?::date`, [lon, lat, effectiveOn]))[0].inside
    for (const town of ['khanShaykhun', 'kafrNabudah', 'morek', 'maaratAlNuman', 'saraqib', 'kafrNabl'] as const) {
      expect(await contains('2017-09-15', TOWNS[town].at), `${town} in the September 2017 outline`).toBe(true)
    }
    for (const town of ['khanShaykhun', 'kafrNabudah', 'morek', 'kafrZita', 'alLataminah', 'qalaatAlMadiq'] as const) {
      expect(await contains('2019-08-23', TOWNS[town].at), `${town} after August 2019`).toBe(false)
    }
    for (const town of ['maaratAlNuman', 'saraqib', 'kafrNabl'] as const) {
      expect(await contains('2019-08-23', TOWNS[town].at), `${town} before March 2020`).toBe(true)
      expect(await contains('2020-03-06', TOWNS[town].at), `${town} after March 2020`).toBe(false)
    }
  })

  it('records each siege assessment with its source, and disagreeing counts as separate rows', async () => {
    const assessments = await rows(`select z.slug, sa.assessed_on, sa.assessed_precision, sa.severity, sa.population, s.citation_key as source
      from siege_assessments sa join zones z on z.id = sa.zone_id join sources s on s.id = sa.source_id order by sa.assessed_on, sa.id`)
    const row = (slug: string, assessed_on: string, assessed_precision: string, population: number, source: string) => ({ slug, assessed_on, assessed_precision, severity: null, population, source })
    expect(assessments).toEqual([
      row('siege-of-al-waer', '2014-05-12', 'day', 200000, 'T69'),
      row('siege-of-eastern-ghouta', '2016-01-01', 'year', 400000, 'T228'),
      row('siege-of-eastern-aleppo', '2016-07-17', 'day', 300000, 'T1'),
      row('siege-of-eastern-aleppo', '2016-09-04', 'day', 250000, 'T3'),
      row('siege-of-deir-ez-zor', '2017-01-18', 'day', 100000, 'T94'),
      row('siege-of-deir-ez-zor', '2017-09-01', 'month', 93000, 'T101'),
      row('siege-of-eastern-ghouta', '2017-11-09', 'day', 400000, 'T229'),
      row('siege-of-eastern-ghouta', '2018-03-01', 'month', 375000, 'T231'),
      row('siege-of-al-fuah-and-kafriya', '2018-07-18', 'day', 6900, 'T41'),
    ])
  })
})
