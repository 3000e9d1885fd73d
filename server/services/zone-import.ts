import type { Knex } from 'knex'
import { GEOMETRY_CHECK_LIMITS } from '../geometry/geometry-pool.ts'
import type { ProblemLocation } from '../http/problem.ts'
import { readImportFeature, slugFromName, type ImportVerdict, type ImportedParty, type ImportedZone } from '../import/read-import-features.ts'
import type { Actor } from '../storage/repositories/audit-log-repository.ts'
import type { PartiesRepository } from '../storage/repositories/parties-repository.ts'
import type { NewParty, ZoneWrites } from '../storage/repositories/zone-writes.ts'
import type { ZonesRepository } from '../storage/repositories/zones-repository.ts'
import { invalidGeometryReasons } from '../storage/sql/geometry-validity.ts'

/** Features of one file, at most. */
export const MAX_IMPORT_FEATURES = 5000

/** What the import found wrong with one feature (errors located as `features[3].properties.kind`). */
export interface FeatureReport {
  index: number
  name: string | null
  slug: string | null
  errors: ProblemLocation[]
}

export type ImportOutcome =
  /** Some features have problems: nothing was imported. */
  | { outcome: 'refused'; total: number; faulty: FeatureReport[] }
  /** A dry run found every feature sound. */
  | { outcome: 'checked'; features: Array<{ index: number; name: string; slug: string }> }
  | { outcome: 'created'; created: Array<{ id: number; slug: string }> }

export interface ImportOptions {
  /** The file's name, for the history's reason. */
  fileName?: string | undefined
  actor: Actor
  /** Only check. */
  dryRun: boolean
}

interface AcceptedFeature {
  index: number
  zone: ImportedZone
  parties: ImportedParty[]
}

export interface ZoneImportStorage {
  knex: Knex
  zones: Pick<ZonesRepository, 'existingSlugs'>
  parties: Pick<PartiesRepository, 'existingSlugs'>
  zoneWrites: Pick<ZoneWrites, 'importZones'>
}

/**
 * Imports a GeoJSON FeatureCollection's features as zones, all or none (POST /zones/import): checks
 * every feature, its slug (new, and once in the file), its parties (known, or described in the file)
 * and its shape (turf, then PostGIS for all shapes in one statement), and reports every problem of
 * every feature at once.
 */
export function zoneImportService(storage: ZoneImportStorage) {
  /** The features read one by one, the geometry checks in the worker pool a few at a time (one per thread). */
  async function readFeatures(features: readonly unknown[], reason: string): Promise<ImportVerdict[]> {
    const verdicts: ImportVerdict[] = []
    for (let start = 0; start < features.length; start += GEOMETRY_CHECK_LIMITS.threads) {
      const batch = features.slice(start, start + GEOMETRY_CHECK_LIMITS.threads)
      verdicts.push(...(await Promise.all(batch.map((feature, offset) => readImportFeature(feature, start + offset, reason)))))
    }
    return verdicts
  }

  /** Slugs must be new, and unique within the file. */
  async function checkSlugs(accepted: readonly AcceptedFeature[], reports: FeatureReport[]): Promise<void> {
    const taken = new Set(await storage.zones.existingSlugs(accepted.map(({ zone }) => zone.slug)))
    const seen = new Map<string, number>()
    for (const { index, zone } of accepted) {
      const where = `features[${index}].properties.slug`
      if (taken.has(zone.slug)) reports[index]!.errors.push({ where, message: `a zone "${zone.slug}" exists already` })
      else if (seen.has(zone.slug)) reports[index]!.errors.push({ where, message: `repeats the slug of features[${seen.get(zone.slug)}]` })
      else seen.set(zone.slug, index)
    }
  }

  /** Parties must exist, or be described (slug, name and type) somewhere in the file; gives those to create. */
  async function checkParties(accepted: readonly AcceptedFeature[], reports: FeatureReport[]): Promise<NewParty[]> {
    const known = new Set(await storage.parties.existingSlugs(accepted.flatMap(({ parties }) => parties.map((party) => party.slug))))
    const described = new Map<string, NewParty>()
    for (const { parties } of accepted) {
      for (const party of parties) if (party.name && party.type && !known.has(party.slug)) described.set(party.slug, { slug: party.slug, name: party.name, name_ar: party.name_ar ?? null, type: party.type })
    }
    for (const { index, parties } of accepted) {
      parties.forEach((party, partyIndex) => {
        if (!known.has(party.slug) && !described.has(party.slug)) {
          reports[index]!.errors.push({ where: `features[${index}].properties.parties[${partyIndex}]`, message: `no party "${party.slug}" exists; give its name and type to create it` })
        }
      })
    }
    return [...described.values()]
  }

  /** PostGIS has the last word on each shape. */
  async function checkShapes(accepted: readonly AcceptedFeature[], reports: FeatureReport[]): Promise<void> {
    const invalid = await invalidGeometryReasons(storage.knex, accepted.map(({ zone }) => zone.geometry))
    for (const [position, reason] of invalid) {
      const { index } = accepted[position]!
      reports[index]!.errors.push({ where: `features[${index}].geometry`, message: `PostGIS: ${reason}` })
    }
  }

  return {
    async importFeatures(features: readonly unknown[], options: ImportOptions): Promise<ImportOutcome> {
      const verdicts = await readFeatures(features, `Imported from ${options.fileName ?? 'a file'} by ${options.actor.username}`)
      const reports: FeatureReport[] = []
      const accepted: AcceptedFeature[] = []
      features.forEach((feature, index) => {
        const verdict = verdicts[index]!
        const properties = (feature as { properties?: { name?: unknown; slug?: unknown } } | null)?.properties
        const given = (value: unknown) => (typeof value === 'string' ? value : null)
        const report: FeatureReport = { index, name: given(properties?.name), slug: given(properties?.slug), errors: [] }
        reports.push(report)
        if (!verdict.ok) {
          report.errors.push(...verdict.errors)
          return
        }
        verdict.zone.slug ||= slugFromName(verdict.zone.name)
        report.slug = verdict.zone.slug
        if (!verdict.zone.slug) report.errors.push({ where: `features[${index}].properties.slug`, message: 'is required for this name' })
        else accepted.push({ index, zone: verdict.zone, parties: verdict.parties })
      })
      await checkSlugs(accepted, reports)
      const newParties = await checkParties(accepted, reports)
      await checkShapes(accepted, reports)

      const faulty = reports.filter((report) => report.errors.length > 0)
      if (faulty.length > 0) return { outcome: 'refused', total: features.length, faulty }
      if (options.dryRun) return { outcome: 'checked', features: accepted.map(({ index, zone }) => ({ index, name: zone.name, slug: zone.slug })) }
      const created = await storage.zoneWrites.importZones(accepted.map(({ zone }) => ({ zone, dates: zone.dates })), newParties, options.actor)
      return { outcome: 'created', created: created.map((result, position) => ({ id: result.id, slug: accepted[position]!.zone.slug })) }
    },
  }
}

export type ZoneImportService = ReturnType<typeof zoneImportService>
