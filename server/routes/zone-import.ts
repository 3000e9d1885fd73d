import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import slugify from '@sindresorhus/slugify'
import { Type } from 'typebox'
import { GEOMETRY_CHECK_LIMITS } from '../geometry/geometry-pool.ts'
import { readImportFeature, type ImportVerdict, type ImportedParty, type ImportedZone } from '../import/read-import-features.ts'
import { Problem, type ProblemLocation } from '../http/problem.ts'
import type { NewParty } from '../storage/repositories/zone-writes.ts'
import { problemResponses } from '../schemas/common.ts'
import { actorOf } from '../auth/actor.ts'

const MAX_FEATURES = 5000

const ImportBody = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_FEATURES }),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'the file name, for the history' })),
  },
  { additionalProperties: true, description: 'a GeoJSON FeatureCollection (convert KML to GeoJSON first; the map does)' },
)

interface FeatureReport {
  index: number
  name: string | null
  slug: string | null
  errors: ProblemLocation[]
}

/**
 * POST /zones/import: checks every feature of a FeatureCollection and creates them all in one
 * transaction, or none; `dry_run=true` only checks. Problems are listed per feature.
 */
const zoneImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/zones/import',
    {
      preHandler: app.requireRole('editor'),
      schema: {
        tags: ['editing'],
        summary: 'Import zones from a GeoJSON FeatureCollection: all or nothing',
        querystring: Type.Object({ dry_run: Type.Boolean({ default: false }) }, { additionalProperties: false }),
        body: ImportBody,
        response: {
          200: Type.Object({ count: Type.Integer(), features: Type.Array(Type.Object({ index: Type.Integer(), name: Type.String(), slug: Type.String() })) }),
          201: Type.Object({ created: Type.Array(Type.Object({ id: Type.Integer(), slug: Type.String() })) }),
          ...problemResponses,
          401: Type.Ref('Problem'),
          403: Type.Ref('Problem'),
          422: { ...Type.Ref('Problem'), description: 'Some features have problems (listed in `features`); nothing was imported' },
        },
      },
    },
    async (request, reply) => {
      const { features, name } = request.body
      const reason = `Imported from ${name ?? 'a file'} by ${request.principal!.username}`
      const reports: FeatureReport[] = []
      const accepted: Array<{ index: number; zone: ImportedZone; parties: ImportedParty[] }> = []
      // The geometry checks run in the worker pool, a few features at a time (one per thread).
      const verdicts: ImportVerdict[] = []
      for (let start = 0; start < features.length; start += GEOMETRY_CHECK_LIMITS.threads) {
        const batch = features.slice(start, start + GEOMETRY_CHECK_LIMITS.threads)
        verdicts.push(...(await Promise.all(batch.map((feature, offset) => readImportFeature(feature, start + offset, reason)))))
      }
      features.forEach((feature, index) => {
        const verdict = verdicts[index]!
        const properties = (feature as { properties?: { name?: unknown } } | null)?.properties
        const report: FeatureReport = { index, name: typeof properties?.name === 'string' ? properties.name : null, slug: null, errors: [] }
        reports.push(report)
        if (!verdict.ok) {
          report.errors.push(...verdict.errors)
          return
        }
        verdict.zone.slug ||= slugify(verdict.zone.name).slice(0, 100).replace(/-+$/, '')
        report.slug = verdict.zone.slug
        if (!verdict.zone.slug) report.errors.push({ where: `features[${index}].properties.slug`, message: 'is required for this name' })
        else accepted.push({ index, zone: verdict.zone, parties: verdict.parties })
      })

      // Slugs must be new, and unique within the file.
      const taken = new Set(await app.zones.existingSlugs(accepted.map(({ zone }) => zone.slug)))
      const seen = new Map<string, number>()
      for (const { index, zone } of accepted) {
        const where = `features[${index}].properties.slug`
        if (taken.has(zone.slug)) reports[index]!.errors.push({ where, message: `a zone "${zone.slug}" exists already` })
        else if (seen.has(zone.slug)) reports[index]!.errors.push({ where, message: `repeats the slug of features[${seen.get(zone.slug)}]` })
        else seen.set(zone.slug, index)
      }

      // Parties must exist, or be described (slug, name and type) somewhere in the file.
      const known = new Set(await app.parties.existingSlugs(accepted.flatMap(({ parties }) => parties.map((party) => party.slug))))
      const described = new Map<string, NewParty>()
      for (const { parties } of accepted) {
        for (const party of parties) if (party.name && party.type && !known.has(party.slug)) described.set(party.slug, { slug: party.slug, name: party.name, type: party.type })
      }
      for (const { index, parties } of accepted) {
        parties.forEach((party, partyIndex) => {
          if (!known.has(party.slug) && !described.has(party.slug)) {
            reports[index]!.errors.push({ where: `features[${index}].properties.parties[${partyIndex}]`, message: `no party "${party.slug}" exists; give its name and type to create it` })
          }
        })
      }

      // PostGIS has the last word on each shape.
      for (const { index, zone } of accepted) {
        const reason = zone.geometry ? await app.zones.geometryProblem(zone.geometry) : null
        if (reason) reports[index]!.errors.push({ where: `features[${index}].geometry`, message: `PostGIS: ${reason}` })
      }

      const faulty = reports.filter((report) => report.errors.length > 0)
      if (faulty.length > 0) {
        throw new Problem(422, `${faulty.length} of ${features.length} features have problems; nothing was imported.`, faulty.flatMap((report) => report.errors), {
          features: faulty,
        })
      }
      if (request.query.dry_run) {
        return reply.code(200).send({ count: accepted.length, features: accepted.map(({ index, zone }) => ({ index, name: zone.name, slug: zone.slug })) })
      }
      const created = await app.zoneWrites.importZones(accepted.map(({ zone }) => ({ zone, dates: zone.dates })), [...described.values()], actorOf(request))
      request.log.info({ by: request.principal!.username, count: created.length }, 'zones imported')
      return reply.code(201).send({ created: created.map((result, position) => ({ id: result.id, slug: accepted[position]!.zone.slug })) })
    },
  )
}

export default zoneImportRoutes
