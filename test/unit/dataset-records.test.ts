import { describe, expect, it } from 'vitest'
import { readDataset, type DatasetZone, type Precision } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'
import { canTransition, isFinal } from '../../server/domain/statuses.ts'
import { GOLDEN_STATUS_CHANGES, GOLDEN_STATUS_ON } from '../helpers/golden-facts.ts'

const dataset = readDataset(DATASET_DIR)
const zoneBySlug = new Map(dataset.zones.map((zone) => [zone.slug, zone]))
const agreementBySlug = new Map(dataset.agreements.map((agreement) => [agreement.slug, agreement]))

const cited = (text: string | null): string[] => [...(text ?? '').matchAll(/\[([A-Z]\d+[a-z]?)\]/g)].map((match) => match[1]!)

/** The first and last day a date of this precision may mean (2017-01-01 at year precision: all of 2017). */
function period(date: string, precision: Precision): [string, string] {
  if (precision === 'year') return [date, `${date.slice(0, 4)}-12-31`]
  if (precision === 'month') return [date, `${date.slice(0, 7)}-31`]
  return [date, date]
}

/** From the zone's first status to its final one (open-ended while it is not final). */
function life(zone: DatasetZone): [string, string] {
  const last = zone.history.at(-1)!
  return [zone.history[0]!.effective_on, isFinal(last.to_status) ? period(last.effective_on, last.effective_precision)[1] : '9999-12-31']
}

const overlaps = ([from, to]: [string, string], [start, end]: [string, string]) => from <= end && to >= start

function statusOn(zone: DatasetZone, day: string) {
  return zone.history.filter((change) => change.effective_on <= day).at(-1)?.to_status ?? null
}

/** The records half of the data suite: each row sourced, each source used, dates inside their records, lawful histories, and the key facts. */
describe('the dataset records', () => {
  it('cites a source in every row', () => {
    for (const zone of dataset.zones) {
      expect(cited(zone.description), `${zone.slug} description`).not.toEqual([])
      for (const party of zone.parties) expect(party.sources, `${zone.slug} ${party.party} ${party.role}`).not.toEqual([])
      for (const change of zone.history) expect(change.sources, `${zone.slug} ${change.effective_on}`).not.toEqual([])
      for (const version of zone.boundaries) expect(version.sources, `${zone.slug} ${version.stage}`).not.toEqual([])
      for (const assessment of zone.siege_assessments) expect(assessment.source, `${zone.slug} ${assessment.assessed_on}`).toBeTruthy()
    }
    for (const agreement of dataset.agreements) {
      expect(agreement.sources, agreement.slug).not.toEqual([])
      for (const party of agreement.parties) expect(party.sources, `${agreement.slug} ${party.party}`).not.toEqual([])
      for (const link of agreement.zones) expect(link.sources, `${agreement.slug} ${link.zone}`).not.toEqual([])
    }
    for (const incident of dataset.incidents) expect(incident.source, incident.event_id).toBeTruthy()
  })

  it('uses every source it lists: each is cited by a record or by a note on one', () => {
    const used = new Set([
      ...dataset.zones.flatMap((zone) => [
        ...zone.sources,
        ...cited(zone.curation_note),
        ...zone.boundaries.flatMap((version) => [...version.sources, ...cited(version.geometry_note), ...cited(version.curation_note)]),
        ...zone.siege_assessments.flatMap((assessment) => [assessment.source, ...cited(assessment.note)]),
        ...zone.history.flatMap((change) => [...cited(change.note), ...cited(change.curation_note)]),
        ...zone.parties.flatMap((party) => [...cited(party.note), ...cited(party.curation_note)]),
      ]),
      ...dataset.agreements.flatMap((agreement) => [...agreement.sources, ...cited(agreement.curation_note), ...agreement.parties.flatMap((party) => cited(party.note))]),
      ...dataset.incidents.flatMap((incident) => [incident.source, ...cited(incident.notes)]),
    ])
    expect(dataset.sources.map((source) => source.key).filter((key) => !used.has(key))).toEqual([])
  })

  it('dates assessments, outline versions, incidents and agreements within the life of their zones', () => {
    for (const zone of dataset.zones) {
      const span = life(zone)
      for (const assessment of zone.siege_assessments) {
        expect(overlaps(period(assessment.assessed_on, assessment.assessed_precision), span), `${zone.slug} assessment ${assessment.assessed_on}`).toBe(true)
      }
      for (const version of zone.boundaries) expect(overlaps(period(version.effective_on, version.effective_precision), span), `${zone.slug} ${version.stage}`).toBe(true)
      for (const change of zone.history.filter((entry) => entry.agreement)) {
        const agreement = agreementBySlug.get(change.agreement!)!
        expect(change.effective_on >= agreement.signed_on!, `${zone.slug} ${change.effective_on} follows ${agreement.slug}`).toBe(true)
      }
    }
    for (const incident of dataset.incidents.filter((entry) => entry.zone)) {
      expect(overlaps([incident.occurred_on, incident.occurred_on], life(zoneBySlug.get(incident.zone!)!)), incident.event_id).toBe(true)
    }
    for (const agreement of dataset.agreements) {
      const signed = period(agreement.signed_on!, agreement.signed_precision)
      for (const link of agreement.zones) {
        const zone = zoneBySlug.get(link.zone)!
        const at = `${agreement.slug} ${link.effect} ${link.zone}`
        if (link.effect === 'creates') expect(zone.history[0]!.effective_on >= signed[0], at).toBe(true)
        else expect(overlaps(signed, life(zone)), at).toBe(true)
        if (link.effect === 'ends') expect(isFinal(zone.history.at(-1)!.to_status), at).toBe(true)
      }
    }
  })

  it('moves every zone only by the allowed transitions, never back in time', () => {
    for (const zone of dataset.zones) {
      expect(zone.history[0]!.from_status, zone.slug).toBeNull()
      zone.history.slice(1).forEach((change, index) => {
        const previous = zone.history[index]!
        expect(change.from_status, `${zone.slug} ${change.effective_on}`).toBe(previous.to_status)
        expect(canTransition(previous.to_status, change.to_status), `${zone.slug} ${previous.to_status} -> ${change.to_status}`).toBe(true)
        expect(change.effective_on >= previous.effective_on, `${zone.slug} ${change.effective_on}`).toBe(true)
      })
    }
  })

  it('keeps the key facts: the Astana zones, the south-west ceasefire, Raqqa, eastern Aleppo, the Four Towns, Deir ez-Zor', () => {
    for (const [slug, on, status] of GOLDEN_STATUS_CHANGES) {
      const zone = zoneBySlug.get(slug)
      expect(zone, slug).toBeDefined()
      expect(zone!.history.some((change) => change.effective_on === on && change.to_status === status), `${slug} ${status} on ${on}`).toBe(true)
    }
    for (const [slug, on, status] of GOLDEN_STATUS_ON) expect(statusOn(zoneBySlug.get(slug)!, on), `${slug} on ${on}`).toBe(status)
  })
})
