import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readDataset } from '../../seeds/read-dataset.ts'
import { DATASET_DIR } from '../../seeds/syria-dataset.ts'

/** The reader's checks, each on a copy of the dataset with one line broken: the error names the file and line. */
describe('reading the dataset files', () => {
  let copy: string | undefined
  afterEach(() => {
    if (copy) rmSync(copy, { recursive: true, force: true })
    copy = undefined
  })

  /** A copy of the dataset in which `file`'s line `line` (1-based, header = 1) is replaced. */
  function withLine(file: string, line: number, replace: (text: string) => string): string {
    copy = mkdtempSync(path.join(tmpdir(), 'truce-atlas-dataset-'))
    cpSync(DATASET_DIR, copy, { recursive: true })
    const lines = readFileSync(path.join(copy, file), 'utf8').split('\n')
    lines[line - 1] = replace(lines[line - 1]!)
    writeFileSync(path.join(copy, file), lines.join('\n'))
    return copy
  }
  const lineOf = (file: string, start: string) => readFileSync(path.join(DATASET_DIR, file), 'utf8').split('\n').findIndex((text) => text.startsWith(start)) + 1

  it('reads the dataset as it is', () => {
    const dataset = readDataset(DATASET_DIR)
    expect(dataset.agreements.length).toBeGreaterThanOrEqual(5)
    expect(dataset.zones.find((zone) => zone.slug === 'idlib-de-escalation-zone')!.boundaries).toHaveLength(4)
  })

  it('names an agreement role outside the vocabulary, with its line', () => {
    const line = lineOf('agreement_parties.csv', 'astana-memorandum-2017,isis,excluded')
    expect(() => readDataset(withLine('agreement_parties.csv', line, (text) => text.replace(',excluded,', ',bystander,')))).toThrow(
      `agreement_parties.csv line ${line}: role "bystander" is not one of signatory, guarantor, mediator, observer, excluded`,
    )
  })

  it('names an unknown agreement in a status change, with its line', () => {
    const line = lineOf('status_changes.csv', 'south-west-de-escalation-zone,2017-07-09')
    expect(() => readDataset(withLine('status_changes.csv', line, (text) => text.replace(/amman-memorandum-2017$/, 'amman-memorandum-2099')))).toThrow(
      `status_changes.csv line ${line}: unknown agreement amman-memorandum-2099`,
    )
  })

  it('names an impossible date, an unknown source and a boundary stage dated before the one above it', () => {
    const agreement = lineOf('agreements.csv', 'amman-memorandum-2017,')
    expect(() => readDataset(withLine('agreements.csv', agreement, (text) => text.replace('2017-07-07', '2017-02-30')))).toThrow(`agreements.csv line ${agreement}: signed_on must be a date, YYYY-MM-DD`)
    expect(() => readDataset(withLine('agreements.csv', agreement, (text) => text.replace(',S15 S17,', ',S15 S999,')))).toThrow(`agreements.csv line ${agreement}: unknown source S999`)
    const stage = lineOf('boundaries.csv', 'idlib-de-escalation-zone,idlib-de-escalation-zone--2019-08,')
    expect(() => readDataset(withLine('boundaries.csv', stage, (text) => text.replace('2019-08-23', '2017-01-01')))).toThrow(
      `boundaries.csv line ${stage}: effective_on must be after the version above it (2018-01-20)`,
    )
  })

  it('refuses a siege assessment with neither severity nor population, and a severity Siege Watch does not use', () => {
    const line = lineOf('siege_assessments.csv', 'siege-of-eastern-ghouta,2017-11-09')
    expect(() => readDataset(withLine('siege_assessments.csv', line, (text) => text.replace(',,400000,', ',,,')))).toThrow(`siege_assessments.csv line ${line}: a siege assessment needs a severity or a population`)
    expect(() => readDataset(withLine('siege_assessments.csv', line, (text) => text.replace(',,400000,', ',tier-3,400000,')))).toThrow(
      `siege_assessments.csv line ${line}: severity "tier-3" is not one of tier-1, tier-2, watchlist`,
    )
  })

  it('refuses an incident at a point whose notes cite no source for it, in an unknown area, with a bad count or a duplicate id', () => {
    const point = lineOf('incidents.csv', 'khasham-attack-2018-02-07,')
    expect(() => readDataset(withLine('incidents.csv', point, (text) => text.replace(',T148,', ',,')))).toThrow(
      `incidents.csv line ${point}: point_source, the known source of the point's coordinates, is required`,
    )
    expect(() => readDataset(withLine('incidents.csv', point, (text) => text.replace(' [T148]', '')))).toThrow(`incidents.csv line ${point}: the notes must cite the point's source [T148]`)
    expect(() => readDataset(withLine('incidents.csv', point, (text) => text.replace('40.29333', '1e400')))).toThrow(`incidents.csv line ${point}: lon and lat must be decimal degrees`)
    const count = lineOf('incidents.csv', 'ru-tr-2017-03-25-ru-hama,')
    expect(() => readDataset(withLine('incidents.csv', count, (text) => text.replace(',hama,', ',atlantis,')))).toThrow(`incidents.csv line ${count}: no feature "atlantis" in incident-areas.geojson`)
    expect(() => readDataset(withLine('incidents.csv', count, (text) => text.replace(',hama,', ',zone:nowhere,')))).toThrow(`incidents.csv line ${count}: no zone with an outline called nowhere`)
    expect(() => readDataset(withLine('incidents.csv', count, (text) => text.replace(',,,,4,', ',,,,-4,')))).toThrow(`incidents.csv line ${count}: event_count must be a whole number`)
    expect(() => readDataset(withLine('incidents.csv', count, (text) => text.replace(',Russian side of the Russia-Turkey commission,', ',,')))).toThrow(`incidents.csv line ${count}: reported_by is required for a reported count`)
    expect(() => readDataset(withLine('incidents.csv', count, (text) => text.replace('ru-tr-2017-03-25-ru-hama', 'ru-tr-2017-03-25-tr-hama')))).toThrow(/appears twice/)
  })
})
