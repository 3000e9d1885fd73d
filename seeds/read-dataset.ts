import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { buildOutline, type OutlineProperties } from '../server/geometry/build-outline.ts'
import { KINDS, geometryTypesForKind, type Kind, type GeometryType } from '../server/domain/kinds.ts'
import { PARTY_TYPES, ROLES, type PartyType, type Role } from '../server/domain/parties.ts'
import { STATUSES, type Status } from '../server/domain/statuses.ts'
import { historyProblems } from '../server/domain/history.ts'
import { LOCATION_PRECISIONS, type LocationPrecision } from '../server/domain/location-precision.ts'

/**
 * Reads the reviewable dataset files in a folder (see seeds/data/README.md) into checked records.
 * Every cross-reference, status transition and geometry type is checked; the first file and line
 * at fault is named in the error.
 */
export interface DatasetParty {
  slug: string
  name: string
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
}

export interface DatasetZone {
  slug: string
  name: string
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
  /** Every source the zone's description, parties and history cite. */
  sources: string[]
}

export interface Dataset {
  parties: DatasetParty[]
  sources: DatasetSource[]
  zones: DatasetZone[]
}

type Row = Record<string, string>

export function readDataset(directory: string): Dataset {
  const read = (file: string): Array<{ row: Row; at: string }> => {
    const rows = parse(readFileSync(path.join(directory, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Row[]
    return rows.map((row, index) => ({ row, at: `${file} line ${index + 2}` }))
  }
  const parties = read('parties.csv').map(({ row, at }) => ({
    slug: required(row, 'slug', at),
    name: required(row, 'name', at),
    type: oneOf(row, 'type', PARTY_TYPES, at),
    note: optional(row, 'note'),
  }))
  const sources = read('sources.csv').map(({ row, at }) => ({
    key: required(row, 'id', at),
    title: required(row, 'title', at),
    publisher: optional(row, 'publisher'),
    url: optional(row, 'url'),
    published_on: optional(row, 'published_on'),
    note: optional(row, 'note'),
  }))
  const partySlugs = new Set(parties.map((party) => party.slug))
  const sourceKeys = new Set(sources.map((source) => source.key))
  const citations = (text: string, at: string): string[] => {
    const keys = text.split(/\s+/).filter(Boolean)
    for (const key of keys) if (!sourceKeys.has(key)) throw new Error(`${at}: unknown source ${key}`)
    return keys
  }

  const outlines = readOutlines(path.join(directory, 'geometries.geojson'))
  const zones: DatasetZone[] = read('zones.csv').map(({ row, at }) => {
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
      slug: required(row, 'slug', at),
      name: required(row, 'name', at),
      kind,
      description: required(row, 'description', at),
      geometry,
      location_precision: oneOf(row, 'precision', LOCATION_PRECISIONS, at),
      geometry_note: outline ? String(outline.properties?.['public_note'] ?? '') || null : null,
      curation_note: joinNotes(optional(row, 'curation_note'), outline ? `Outline: ${String(outline.properties?.['built_from'] ?? '')}` : null),
      parties: [],
      history: [],
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
    })
  }
  for (const zone of zones) {
    const problems = historyProblems(zone.history)
    if (problems.length > 0) throw new Error(`status_changes.csv, zone ${zone.slug}: ${problems.join('; ')}`)
    const cited = [...zone.sources, ...zone.parties.flatMap((party) => party.sources), ...zone.history.flatMap((change) => change.sources)]
    zone.sources = [...new Set(cited)]
  }
  return { parties, sources, zones }
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

function required(row: Row, column: string, at: string): string {
  const value = row[column]
  if (!value) throw new Error(`${at}: ${column} is required`)
  return value
}

function optional(row: Row, column: string): string | null {
  return row[column] ? row[column]! : null
}

function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[], at: string): T {
  const value = required(row, column, at)
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${at}: ${column} "${value}" is not one of ${allowed.join(', ')}`)
  return value as T
}
