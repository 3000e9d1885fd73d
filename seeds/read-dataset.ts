import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { buildOutline, type OutlineProperties } from '../server/geometry/build-outline.ts'
import { KINDS, geometryTypesForKind, type Kind, type GeometryType } from '../server/domain/kinds.ts'
import { PARTY_TYPES, ROLES, type PartyType, type Role } from '../server/domain/parties.ts'
import { STATUSES, type Status } from '../server/domain/statuses.ts'
import { historyProblems } from '../server/domain/history.ts'
import type { AgreementClass, AgreementEffect, AgreementForm, AgreementPurpose, AgreementRole } from '../server/domain/agreements.ts'
import { CLASSES as AGREEMENT_CLASSES, FORMS as AGREEMENT_FORMS, PURPOSES as AGREEMENT_PURPOSES, AGREEMENT_ROLES, EFFECTS as AGREEMENT_EFFECTS } from '../server/domain/agreements.ts'
import { SIEGE_SEVERITIES, type SiegeSeverity } from '../server/domain/sieges.ts'
import { LOCATION_PRECISIONS, type LocationPrecision } from '../server/domain/location-precision.ts'
import { readIncidents, type DatasetIncident } from './read-incidents.ts'
import { arabicName, date, names, oneOf, optional, required, type Row } from './read-cells.ts'
import { outletOf, readOutlet } from './grade-sources.ts'
import type { SourceReliability } from '../server/domain/source-reliability.ts'

/**
 * Reads the reviewable dataset files in a folder (see seeds/data/README.md) into checked records.
 * Every cross-reference, status transition and geometry type is checked; the first file and line
 * at fault is named in the error.
 */
export interface DatasetParty {
  slug: string
  name: string
  /** The name in its standard Arabic spelling; null where it is not known for certain. */
  name_ar: string | null
  /** Other spellings found in sources and gazetteers, which search matches. */
  search_names: string[]
  type: PartyType
  note: string | null
}

export interface DatasetSource {
  key: string
  title: string
  publisher: string | null
  url: string | null
  published_on: string | null
  note: string | null
  /** Graded by its outlet (outlets.csv). */
  reliability: SourceReliability
}

export interface DatasetStatusChange {
  from_status: Status | null
  to_status: Status
  effective_on: string
  effective_precision: 'day' | 'month' | 'year'
  reason: string
  basis: 'stated' | 'inferred'
  /** For readers. */
  note: string | null
  /** For editors only: how the entry was curated. */
  curation_note: string | null
  sources: string[]
  /** The slug of the agreement this change follows from, when one does. */
  agreement: string | null
}

export type Precision = 'day' | 'month' | 'year'

/** One dated version of a zone's outline (its first version is the zone's outline). */
export interface DatasetBoundary {
  /** The feature id in geometries.geojson. */
  stage: string
  geometry: Geometry
  effective_on: string
  effective_precision: Precision
  reason: string
  basis: 'stated' | 'inferred'
  location_precision: LocationPrecision
  /** For readers: that the outline is approximate, and how it was drawn. */
  geometry_note: string | null
  /** For editors only. */
  curation_note: string | null
  sources: string[]
}

export interface DatasetSiegeAssessment {
  assessed_on: string
  assessed_precision: Precision
  severity: SiegeSeverity | null
  population: number | null
  source: string
  note: string | null
}

export interface DatasetAgreement {
  slug: string
  title: string
  /** The title in Arabic; null where it is not known for certain. */
  title_ar: string | null
  signed_on: string | null
  signed_precision: Precision
  place: string | null
  class: AgreementClass
  form: AgreementForm
  purpose: AgreementPurpose
  description: string | null
  text_url: string | null
  pax_id: string | null
  ucdp_conflict_id: number | null
  duration_days: number | null
  expires_on: string | null
  renewal_terms: string | null
  curation_note: string | null
  parties: Array<{ party: string; role: AgreementRole; note: string | null; sources: string[] }>
  zones: Array<{ zone: string; effect: AgreementEffect; note: string | null; sources: string[] }>
  /** Every source the agreement's row, description, parties and zones cite. */
  sources: string[]
}

const PRECISIONS = ['day', 'month', 'year'] as const

/** What the migration makes a zone's first version say when nothing more is known of it. */
export const FIRST_VERSION_REASON = 'The outline recorded with the zone'

export interface DatasetZone {
  slug: string
  name: string
  /** The name in its standard Arabic spelling; null where it is not known for certain. */
  name_ar: string | null
  /** Other spellings of its places found in sources and gazetteers, which search matches. */
  search_names: string[]
  kind: Kind
  description: string
  geometry: Geometry | null
  location_precision: LocationPrecision
  /** For readers: that the outline is approximate, and how it was drawn. */
  geometry_note: string | null
  /** For editors only: uncertainties and choices, and the working files the outline was built from. */
  curation_note: string | null
  parties: Array<{ party: string; role: Role; note: string | null; curation_note: string | null; sources: string[] }>
  history: DatasetStatusChange[]
  /** The outline's versions, oldest first; empty for a zone without an outline. */
  boundaries: DatasetBoundary[]
  siege_assessments: DatasetSiegeAssessment[]
  /** Every source the zone's description, parties and history cite. */
  sources: string[]
}

export interface Dataset {
  parties: DatasetParty[]
  sources: DatasetSource[]
  zones: DatasetZone[]
  agreements: DatasetAgreement[]
  incidents: DatasetIncident[]
}

export function readDataset(directory: string): Dataset {
  const read = (file: string): Array<{ row: Row; at: string }> => {
    const rows = parse(readFileSync(path.join(directory, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Row[]
    return rows.map((row, index) => ({ row, at: `${file} line ${index + 2}` }))
  }
  const parties = read('parties.csv').map(({ row, at }) => ({
    slug: required(row, 'slug', at),
    name: required(row, 'name', at),
    name_ar: arabicName(row, 'name_ar', at),
    search_names: names(row, 'search_names'),
    type: oneOf(row, 'type', PARTY_TYPES, at),
    note: optional(row, 'note'),
  }))
  const outlets = read('outlets.csv').map(({ row, at }) => readOutlet(row, at))
  const sources = read('sources.csv').map(({ row, at }) => {
    const source = { key: required(row, 'id', at), title: required(row, 'title', at), publisher: optional(row, 'publisher'), url: optional(row, 'url'), published_on: optional(row, 'published_on'), note: optional(row, 'note') }
    const outlet = outletOf(source, outlets)
    if (!outlet) throw new Error(`${at}: no outlet in outlets.csv grades ${source.url ? `the host of ${source.url}` : `the publisher ${source.publisher}`}`)
    return { ...source, reliability: outlet.reliability }
  })
  const partySlugs = new Set(parties.map((party) => party.slug))
  const sourceKeys = new Set(sources.map((source) => source.key))
  const citations = (text: string, at: string): string[] => {
    const keys = text.split(/\s+/).filter(Boolean)
    for (const key of keys) if (!sourceKeys.has(key)) throw new Error(`${at}: unknown source ${key}`)
    return keys
  }

  const outlines = readOutlines(path.join(directory, 'geometries.geojson'))
  const zones: Array<DatasetZone & { geometryId: string }> = read('zones.csv').map(({ row, at }) => {
    const kind = oneOf(row, 'kind', KINDS, at)
    const geometryId = required(row, 'geometry', at)
    const outline = geometryId === 'none' ? null : outlines.get(geometryId)
    if (outline === undefined) throw new Error(`${at}: no feature "${geometryId}" in geometries.geojson`)
    if (outline && !outline.properties?.['public_note']) throw new Error(`geometries.geojson feature ${geometryId}: public_note is required (for readers: that the outline is approximate and how it was drawn)`)
    const geometry = outline && buildOutline(outline)
    if (geometry && !geometryTypesForKind(kind).includes(geometry.type as GeometryType)) {
      throw new Error(`${at}: a ${kind} cannot be drawn as a ${geometry.type}`)
    }
    return {
      geometryId,
      slug: required(row, 'slug', at),
      name: required(row, 'name', at),
      name_ar: arabicName(row, 'name_ar', at),
      search_names: names(row, 'search_names'),
      kind,
      description: required(row, 'description', at),
      geometry,
      location_precision: oneOf(row, 'precision', LOCATION_PRECISIONS, at),
      geometry_note: outline ? String(outline.properties?.['public_note'] ?? '') || null : null,
      curation_note: joinNotes(optional(row, 'curation_note'), outline ? `Outline: ${String(outline.properties?.['built_from'] ?? '')}` : null),
      parties: [],
      history: [],
      boundaries: [],
      siege_assessments: [],
      sources: bracketedCitations(row['description'] ?? '').filter((key) => sourceKeys.has(key)),
    }
  })
  const zoneBySlug = new Map(zones.map((zone) => [zone.slug, zone]))
  const zoneFor = (row: Row, at: string): DatasetZone => {
    const zone = zoneBySlug.get(required(row, 'zone', at))
    if (!zone) throw new Error(`${at}: unknown zone ${row['zone']}`)
    return zone
  }

  for (const { row, at } of read('zone_parties.csv')) {
    const party = required(row, 'party', at)
    if (!partySlugs.has(party)) throw new Error(`${at}: unknown party ${party}`)
    zoneFor(row, at).parties.push({ party, role: oneOf(row, 'role', ROLES, at), note: optional(row, 'note'), curation_note: optional(row, 'curation_note'), sources: citations(row['sources'] ?? '', at) })
  }
  const agreements = readAgreements(read, { partySlugs, zoneSlugs: new Set(zoneBySlug.keys()), citations, bracketed: (text, at) => citedKeys(text, sourceKeys, at) })
  const agreementSlugs = new Set(agreements.map((agreement) => agreement.slug))

  for (const { row, at } of read('status_changes.csv')) {
    const from = optional(row, 'from_status')
    if (from !== null && !(STATUSES as readonly string[]).includes(from)) throw new Error(`${at}: unknown from_status ${from}`)
    const effectiveOn = required(row, 'effective_on', at)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn)) throw new Error(`${at}: effective_on must be YYYY-MM-DD`)
    const sourcesCited = citations(required(row, 'sources', at), at)
    zoneFor(row, at).history.push({
      from_status: from as Status | null,
      to_status: oneOf(row, 'to_status', STATUSES, at),
      effective_on: effectiveOn,
      effective_precision: oneOf(row, 'precision', ['day', 'month', 'year'] as const, at),
      reason: required(row, 'reason', at),
      basis: oneOf(row, 'basis', ['stated', 'inferred'] as const, at),
      note: optional(row, 'note'),
      curation_note: optional(row, 'curation_note'),
      sources: sourcesCited,
      agreement: knownOrNull(optional(row, 'agreement'), agreementSlugs, 'agreement', at),
    })
  }
  for (const zone of zones) {
    const problems = historyProblems(zone.history)
    if (problems.length > 0) throw new Error(`status_changes.csv, zone ${zone.slug}: ${problems.join('; ')}`)
    const cited = [...zone.sources, ...zone.parties.flatMap((party) => party.sources), ...zone.history.flatMap((change) => change.sources)]
    zone.sources = [...new Set(cited)]
  }

  const stages = new Map<string, Array<{ row: Row; at: string }>>()
  for (const line of read('boundaries.csv')) {
    const zone = zoneFor(line.row, line.at)
    stages.set(zone.slug, [...(stages.get(zone.slug) ?? []), line])
  }
  for (const zone of zones) zone.boundaries = readBoundaries(zone, stages.get(zone.slug) ?? [], outlines, citations)

  for (const { row, at } of read('siege_assessments.csv')) {
    const severity = optional(row, 'severity')
    if (severity !== null && !(SIEGE_SEVERITIES as readonly string[]).includes(severity)) throw new Error(`${at}: severity "${severity}" is not one of ${SIEGE_SEVERITIES.join(', ')}`)
    const population = optional(row, 'population')
    if (population !== null && !/^\d+$/.test(population)) throw new Error(`${at}: population must be a whole number`)
    if (severity === null && population === null) throw new Error(`${at}: a siege assessment needs a severity or a population`)
    const source = citations(required(row, 'source', at), at)
    if (source.length !== 1) throw new Error(`${at}: source must be exactly one source id`)
    zoneFor(row, at).siege_assessments.push({
      assessed_on: date(row, 'assessed_on', at),
      assessed_precision: oneOf(row, 'precision', PRECISIONS, at),
      severity: severity as SiegeSeverity | null,
      population: population === null ? null : Number(population),
      source: source[0]!,
      note: optional(row, 'note'),
    })
  }
  const incidents = readIncidents(directory, { sourceKeys, outlinedZones: new Set(zones.filter((zone) => zone.geometry).map((zone) => zone.slug)) })
  return { parties, sources, zones: zones.map(({ geometryId: _geometryId, ...zone }) => zone), agreements, incidents }
}

type ReadFile = (file: string) => Array<{ row: Row; at: string }>
interface AgreementContext {
  partySlugs: ReadonlySet<string>
  zoneSlugs: ReadonlySet<string>
  citations: (text: string, at: string) => string[]
  bracketed: (text: string, at: string) => string[]
}

function readAgreements(read: ReadFile, { partySlugs, zoneSlugs, citations, bracketed }: AgreementContext): DatasetAgreement[] {
  const agreements: DatasetAgreement[] = read('agreements.csv').map(({ row, at }) => {
    const signedOn = optional(row, 'signed_on')
    const description = optional(row, 'description')
    return {
      slug: slug(row, 'slug', at),
      title: required(row, 'title', at),
      title_ar: arabicName(row, 'title_ar', at),
      signed_on: signedOn === null ? null : date(row, 'signed_on', at),
      signed_precision: oneOf(row, 'precision', PRECISIONS, at),
      place: optional(row, 'place'),
      class: oneOf(row, 'class', AGREEMENT_CLASSES, at),
      form: oneOf(row, 'form', AGREEMENT_FORMS, at),
      purpose: oneOf(row, 'purpose', AGREEMENT_PURPOSES, at),
      description,
      text_url: url(row, 'text_url', at),
      pax_id: optional(row, 'pax_id'),
      ucdp_conflict_id: wholeNumber(row, 'ucdp_conflict_id', at),
      duration_days: wholeNumber(row, 'duration_days', at),
      expires_on: optional(row, 'expires_on') === null ? null : date(row, 'expires_on', at),
      renewal_terms: optional(row, 'renewal_terms'),
      curation_note: optional(row, 'curation_note'),
      parties: [],
      zones: [],
      sources: [...new Set([...citations(required(row, 'sources', at), at), ...bracketed(description ?? '', at), ...bracketed(row['renewal_terms'] ?? '', at)])],
    }
  })
  const bySlug = new Map<string, DatasetAgreement>()
  for (const [index, agreement] of agreements.entries()) {
    if (bySlug.has(agreement.slug)) throw new Error(`agreements.csv line ${index + 2}: slug ${agreement.slug} appears twice`)
    bySlug.set(agreement.slug, agreement)
  }
  const agreementFor = (row: Row, at: string): DatasetAgreement => {
    const agreement = bySlug.get(required(row, 'agreement', at))
    if (!agreement) throw new Error(`${at}: unknown agreement ${row['agreement']}`)
    return agreement
  }
  for (const { row, at } of read('agreement_parties.csv')) {
    const agreement = agreementFor(row, at)
    const party = required(row, 'party', at)
    if (!partySlugs.has(party)) throw new Error(`${at}: unknown party ${party}`)
    const role = oneOf(row, 'role', AGREEMENT_ROLES, at)
    if (agreement.parties.some((other) => other.party === party && other.role === role)) throw new Error(`${at}: ${party} is already ${role} of ${agreement.slug}`)
    const note = optional(row, 'note')
    agreement.parties.push({ party, role, note, sources: [...citations(required(row, 'sources', at), at), ...bracketed(note ?? '', at)] })
  }
  for (const { row, at } of read('agreement_zones.csv')) {
    const agreement = agreementFor(row, at)
    const zone = required(row, 'zone', at)
    if (!zoneSlugs.has(zone)) throw new Error(`${at}: unknown zone ${zone}`)
    if (agreement.zones.some((other) => other.zone === zone)) throw new Error(`${at}: ${zone} is already linked to ${agreement.slug}`)
    agreement.zones.push({ zone, effect: oneOf(row, 'effect', AGREEMENT_EFFECTS, at), note: optional(row, 'note'), sources: citations(required(row, 'sources', at), at) })
  }
  for (const agreement of agreements) {
    agreement.sources = [...new Set([...agreement.sources, ...agreement.parties.flatMap((party) => party.sources), ...agreement.zones.flatMap((zone) => zone.sources)])]
  }
  return agreements
}

/**
 * A zone's outline versions: its outline as the first version (described by a boundaries.csv row
 * naming the zone's own feature, else as the migration describes it), then the later stages in
 * date order. Every version is dated no later than today and carries its sources.
 */
function readBoundaries(
  zone: DatasetZone & { geometryId: string },
  lines: Array<{ row: Row; at: string }>,
  outlines: Map<string, Feature<Geometry, OutlineProperties & Record<string, unknown>>>,
  citations: (text: string, at: string) => string[],
): DatasetBoundary[] {
  if (!zone.geometry) {
    if (lines.length > 0) throw new Error(`${lines[0]!.at}: zone ${zone.slug} has no outline, so it can have no boundary versions`)
    return []
  }
  const first = zone.history[0]!
  const versions: DatasetBoundary[] = []
  if (lines[0]?.row['stage'] !== zone.geometryId) {
    versions.push({
      stage: zone.geometryId, geometry: zone.geometry, effective_on: first.effective_on, effective_precision: first.effective_precision,
      reason: FIRST_VERSION_REASON, basis: 'inferred', location_precision: zone.location_precision, geometry_note: zone.geometry_note,
      curation_note: null, sources: zone.sources.filter((key) => bracketedCitations(zone.description).includes(key)),
    })
  }
  const today = new Date().toISOString().slice(0, 10)
  for (const { row, at } of lines) {
    const stage = required(row, 'stage', at)
    const outline = outlines.get(stage)
    if (!outline) throw new Error(`${at}: no feature "${stage}" in geometries.geojson`)
    if (versions.length > 0 && stage === zone.geometryId) throw new Error(`${at}: the zone's own outline can only be its first version`)
    if (versions.length === 0 && stage !== zone.geometryId) throw new Error(`${at}: the first version must be the zone's outline ${zone.geometryId}`)
    const geometry: Geometry = stage === zone.geometryId ? zone.geometry : buildOutline(outline)
    if (geometry.type !== zone.geometry!.type) throw new Error(`${at}: a ${geometry.type} cannot follow the zone's ${zone.geometry.type}`)
    const publicNote = required(row, 'public_note', at)
    const featureNote = outline.properties?.['public_note']
    if (featureNote && featureNote !== publicNote) throw new Error(`${at}: public_note differs from the public_note of feature ${stage} in geometries.geojson`)
    const effectiveOn = date(row, 'effective_on', at)
    if (effectiveOn > today) throw new Error(`${at}: effective_on ${effectiveOn} is in the future`)
    const previous = versions.at(-1)
    if (previous && effectiveOn <= previous.effective_on) throw new Error(`${at}: effective_on must be after the version above it (${previous.effective_on})`)
    versions.push({
      stage,
      geometry,
      effective_on: effectiveOn,
      effective_precision: oneOf(row, 'precision', PRECISIONS, at),
      reason: required(row, 'reason', at),
      basis: oneOf(row, 'basis', ['stated', 'inferred'] as const, at),
      location_precision: oneOf(row, 'location_precision', LOCATION_PRECISIONS, at),
      geometry_note: publicNote,
      curation_note: joinNotes(optional(row, 'curation_note'), stage === zone.geometryId ? null : `Outline: ${String(outline.properties?.['built_from'] ?? '')}`),
      sources: citations(required(row, 'sources', at), at),
    })
  }
  return versions
}

function citedKeys(text: string, sourceKeys: ReadonlySet<string>, at: string): string[] {
  const keys = bracketedCitations(text)
  for (const key of keys) if (!sourceKeys.has(key)) throw new Error(`${at}: unknown source [${key}]`)
  return keys
}

function knownOrNull(value: string | null, known: ReadonlySet<string>, what: string, at: string): string | null {
  if (value !== null && !known.has(value)) throw new Error(`${at}: unknown ${what} ${value}`)
  return value
}

function slug(row: Row, column: string, at: string): string {
  const value = required(row, column, at)
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) throw new Error(`${at}: ${column} "${value}" must be lowercase words joined by hyphens`)
  return value
}

function url(row: Row, column: string, at: string): string | null {
  const value = optional(row, column)
  if (value !== null && !/^https?:\/\/\S+$/.test(value)) throw new Error(`${at}: ${column} must be an http(s) URL`)
  return value
}

function wholeNumber(row: Row, column: string, at: string): number | null {
  const value = optional(row, column)
  if (value === null) return null
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new Error(`${at}: ${column} must be a positive whole number`)
  return Number(value)
}

function readOutlines(file: string): Map<string, Feature<Geometry, OutlineProperties & Record<string, unknown>>> {
  const collection = JSON.parse(readFileSync(file, 'utf8')) as FeatureCollection<Geometry, OutlineProperties & Record<string, unknown>>
  return new Map(collection.features.map((feature) => [String(feature.id), feature]))
}

function bracketedCitations(text: string): string[] {
  return [...text.matchAll(/\[([A-Z]\d+[a-z]?)\]/g)].map((match) => match[1]!)
}

function joinNotes(...notes: Array<string | null>): string | null {
  return notes.filter(Boolean).join('\n\n') || null
}
