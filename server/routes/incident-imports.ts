import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../auth/actor.ts'
import { Problem } from '../http/problem.ts'
import { UploadBrokenOff, withSpooledUpload } from '../http/spooled-upload.ts'
import { HeaderError } from '../import/incidents/read-incident-csv.ts'
import { problemResponses } from '../schemas/common.ts'
import { IncidentImportQuery, IncidentImportRecord, IncidentImportReport, IncidentImportsQuery } from '../schemas/incident-imports.ts'
import { incidentImportService, type IncidentImportOutcome } from '../services/incident-import.ts'
import { auditLogRepository } from '../storage/repositories/audit-log-repository.ts'

const CSV_TYPES = ['text/csv', 'application/csv']
const MEGABYTE = 1024 * 1024
/** The start of the name of an upload's temporary directory (os.tmpdir()), removed once the import ends. */
const SPOOL_PREFIX = 'truce-atlas-incident-import-'

const tooLarge = (limit: number) => new Problem(413, `The file is larger than ${limit / MEGABYTE} MB (INCIDENT_IMPORT_MAX_MB); split it by year or by country.`)

/** The 422 of a refused file: each problem as {row, column, problem}, and in `errors` as where/message. */
function rowsRefused(outcome: Extract<IncidentImportOutcome, { outcome: 'refused' }>): Problem {
  const counted = outcome.complete ? `${outcome.total}` : `${outcome.total} or more`
  const listed = outcome.problems.length < outcome.total ? ` (the first ${outcome.problems.length} are listed)` : ''
  return new Problem(
    422,
    `The file has ${counted} problem${outcome.total === 1 ? '' : 's'}${listed}; nothing was imported.`,
    outcome.problems.map((problem) => ({ where: `row ${problem.row}${problem.column ? `, ${problem.column}` : ''}`, message: problem.problem })),
    { problems: outcome.problems, problem_count: outcome.total, complete: outcome.complete },
  )
}

/**
 * POST /incidents/imports: an ACLED or UCDP GED CSV export as the body (text/csv), written to a
 * temporary file as it arrives and then imported from it all or nothing (server/services/
 * incident-import.ts), so a slow upload holds no transaction; GET /incidents/imports lists them.
 * Editors only.
 */
const incidentImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const editor = app.requireRole('editor')
  const imports = incidentImportService({ incidentImports: app.incidentImports, audit: auditLogRepository(app.db.knex) })
  const limit = app.config.INCIDENT_IMPORT_MAX_MB * MEGABYTE

  // The file is handed over as the request's stream (this plugin's routes only), spooled by the handler.
  app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload))

  app.post(
    '/incidents/imports',
    {
      preHandler: editor,
      schema: {
        tags: ['editing'],
        summary: 'Import an ACLED or UCDP GED CSV export into the incidents: all or nothing',
        description:
          'The body is the CSV file (Content-Type text/csv), as the dataset publishes it; unknown columns are ignored. ' +
          'A newer export updates the events that changed, adds new ones and removes the stored events of its countries, ' +
          'dated within its first and last day, that it lacks. Any bad row refuses the whole file (422, rows as a spreadsheet numbers them).',
        consumes: CSV_TYPES,
        querystring: IncidentImportQuery,
        body: Type.Unknown({ description: 'the CSV file' }),
        response: {
          200: { ...IncidentImportReport, description: 'A dry run: what the import would change' },
          201: { ...IncidentImportReport, description: 'Imported' },
          ...problemResponses,
          401: Type.Ref('Problem'),
          403: Type.Ref('Problem'),
          413: { ...Type.Ref('Problem'), description: 'The file is larger than INCIDENT_IMPORT_MAX_MB' },
          415: { ...Type.Ref('Problem'), description: 'The body is not text/csv' },
          422: { ...Type.Ref('Problem'), description: 'Some rows have problems, listed in `problems` as {row, column, problem}; nothing was imported' },
        },
      },
    },
    async (request, reply) => {
      if (!(request.body instanceof Readable)) throw new Problem(415, 'Send the file as the body with Content-Type: text/csv.')
      const declared = Number(request.headers['content-length'])
      if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
      const { dataset, dry_run: dryRun, file_name: fileName } = request.query
      let outcome: IncidentImportOutcome
      try {
        outcome = await withSpooledUpload(request.body, { prefix: SPOOL_PREFIX, limitBytes: limit, tooLarge: () => tooLarge(limit) }, (file) =>
          imports.importFile({ dataset, file, fileName: fileName ?? null, dryRun, actor: actorOf(request) }))
      } catch (error) {
        if (error instanceof HeaderError) {
          throw new Problem(400, `The file is not a ${dataset} export: ${error.message}.`, [{ where: 'body', message: error.message }], { missing_columns: error.missing })
        }
        if (error instanceof UploadBrokenOff) throw new Problem(400, 'The upload ended before the file did; nothing was imported.', [{ where: 'body', message: error.message }])
        throw error
      }
      if (outcome.outcome === 'refused') throw rowsRefused(outcome)
      const { samples, ...counts } = outcome.counts
      const report = { dataset, dry_run: dryRun, import_id: outcome.outcome === 'imported' ? outcome.importId : null, ...counts, samples }
      if (outcome.outcome === 'planned') return reply.code(200).header('cache-control', 'no-store').send(report)
      request.log.info({ by: request.principal!.username, dataset, added: counts.added, updated: counts.updated, removed: counts.removed }, 'incidents imported')
      return reply.code(201).header('cache-control', 'no-store').send(report)
    },
  )

  app.get(
    '/incidents/imports',
    {
      preHandler: editor,
      schema: {
        tags: ['editing'],
        summary: 'The imports of incidents, newest first',
        querystring: IncidentImportsQuery,
        response: { 200: Type.Object({ imports: Type.Array(IncidentImportRecord) }, { additionalProperties: false }), ...problemResponses, 401: Type.Ref('Problem'), 403: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send({ imports: await app.incidentImports.list(request.query.limit) }),
  )
}

export default incidentImportRoutes
