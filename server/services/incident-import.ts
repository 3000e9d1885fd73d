import { createReadStream } from 'node:fs'
import type { Knex } from 'knex'
import { acledFormat } from '../import/incidents/acled-rows.ts'
import type { IncidentFormat } from '../import/incidents/incident-format.ts'
import type { ImportedDataset, IncidentRow, RowProblem } from '../domain/incident-rows.ts'
import { readIncidentCsv } from '../import/incidents/read-incident-csv.ts'
import { ucdpGedFormat } from '../import/incidents/ucdp-ged-rows.ts'
import type { Actor, AuditLogRepository } from '../storage/repositories/audit-log-repository.ts'
import type { ImportCounts, IncidentImportsRepository } from '../storage/repositories/incident-imports-repository.ts'

/** The problems a refusal lists; more are counted. */
export const MAX_LISTED_PROBLEMS = 100
/** Reading stops once this many problems are found: the file is refused anyway. */
export const MAX_COUNTED_PROBLEMS = 1000
/** Rows staged per statement: the memory an import holds is about this many rows. */
const STAGING_BATCH = 1000

export const INCIDENT_FORMATS: Readonly<Record<ImportedDataset, IncidentFormat>> = { acled: acledFormat, 'ucdp-ged': ucdpGedFormat }

export interface IncidentImportRequest {
  dataset: ImportedDataset
  /** The path of the CSV file (an upload is spooled to one first): it is read twice, as a stream each time. */
  file: string
  fileName: string | null
  /** Only say what would change. */
  dryRun: boolean
  actor: Pick<Actor, 'userId' | 'username'> & Partial<Actor>
}

export type IncidentImportOutcome =
  /** Some rows have problems: nothing was stored. `complete` is false when reading stopped at MAX_COUNTED_PROBLEMS. */
  | { outcome: 'refused'; rows: number; problems: RowProblem[]; total: number; complete: boolean }
  | { outcome: 'planned'; counts: ImportCounts }
  | { outcome: 'imported'; counts: ImportCounts; importId: number }

export interface IncidentImportStorage {
  incidentImports: IncidentImportsRepository
  audit: Pick<AuditLogRepository, 'recordEntity'>
}

/** Collects problems: the first MAX_LISTED_PROBLEMS, and the count of all. */
class ProblemList {
  readonly listed: RowProblem[] = []
  total = 0

  add(problems: readonly RowProblem[], total = problems.length): void {
    this.listed.push(...problems)
    // By row, the first ones kept (the whole file's checks list theirs by kind, not by row).
    if (this.listed.length > MAX_LISTED_PROBLEMS) this.listed.sort((a, b) => a.row - b.row).length = MAX_LISTED_PROBLEMS
    this.total += total
  }

  get full(): boolean {
    return this.total >= MAX_COUNTED_PROBLEMS
  }
}

/**
 * Imports a dataset's CSV export (ACLED or UCDP GED) into the incidents, all or nothing, in one
 * transaction with its audit row (POST /incidents/imports, npm run import:incidents). The file is
 * read twice, as a stream each time, so memory holds a batch of rows, never the file:
 * 1. the rows are checked one by one, outside any transaction: a file with a bad row (or a bad
 *    header, or no rows) is refused without touching the database;
 * 2. in the transaction, the rows go to a staging table (a temporary table of the transaction) in
 *    batches, and what only the whole file shows is checked in SQL: an id given twice, a slug taken;
 * 3. any problem refuses the file: the transaction is rolled back, nothing is stored;
 * 4. else the plan (added, updated, unchanged, removed) is counted; a dry run stops there;
 * 5. the merge adds, rewrites what changed and removes the events of the file's scope it lacks
 *    (see IN_SCOPE_SQL), and the import is recorded with its counts.
 * Imports of one dataset take turns (an advisory lock), so each merges what it planned.
 */
export function incidentImportService(storage: IncidentImportStorage) {
  const { incidentImports } = storage

  const readRows = (request: IncidentImportRequest) => readIncidentCsv(createReadStream(request.file), INCIDENT_FORMATS[request.dataset])

  /** The first pass: each row's own problems (no database needed), and how many rows were read. */
  async function checkRows(request: IncidentImportRequest, problems: ProblemList): Promise<number> {
    let rows = 0
    for await (const read of readRows(request)) {
      rows += 1
      if (read.ok) continue
      problems.add(read.problems)
      if (problems.full) break
    }
    if (rows === 0) problems.add([{ row: 2, column: null, problem: 'the file has no data rows' }])
    return rows
  }

  /** The second pass: every row into the staging table. */
  async function stageRows(trx: Knex.Transaction, request: IncidentImportRequest): Promise<number> {
    let batch: IncidentRow[] = []
    let rows = 0
    for await (const read of readRows(request)) {
      rows += 1
      // The first pass found none; a file rewritten in between is not imported.
      if (!read.ok) throw new Error(`${request.fileName ?? 'the file'} changed while it was imported (row ${read.problems[0]?.row ?? rows + 1})`)
      batch.push(read.incident)
      if (batch.length === STAGING_BATCH) {
        await incidentImports.stage(trx, batch)
        batch = []
      }
    }
    await incidentImports.stage(trx, batch)
    return rows
  }

  return {
    async importFile(request: IncidentImportRequest): Promise<IncidentImportOutcome> {
      const rowProblems = new ProblemList()
      const checked = await checkRows(request, rowProblems)
      if (rowProblems.total > 0) return refused(checked, rowProblems)

      return incidentImports.inImport(request.dataset, async (trx) => {
        const rows = await stageRows(trx, request)
        const problems = new ProblemList()
        const found = await incidentImports.fileProblems(trx, request.dataset, INCIDENT_FORMATS[request.dataset].idColumn, MAX_LISTED_PROBLEMS)
        problems.add(found.problems, found.total)
        // Thrown, so that the transaction (the staged rows) is rolled back; caught below.
        if (problems.total > 0) throw new RollBack(refused(rows, problems))
        const counts = await incidentImports.plan(trx, request.dataset)
        if (request.dryRun) throw new RollBack({ outcome: 'planned', counts })
        const importId = await incidentImports.merge(trx, request.dataset, { fileName: request.fileName, importedBy: request.actor.username, counts })
        await storage.audit.recordEntity(trx, { requestId: undefined, apiTokenId: undefined, ...request.actor }, {
          action: 'incident_import.create',
          entity: 'incident_import',
          entityId: String(importId),
          before: null,
          after: { dataset: request.dataset, file_name: request.fileName, ...counts },
        })
        return { outcome: 'imported' as const, counts, importId }
      }).catch((error: unknown) => {
        if (error instanceof RollBack) return error.outcome
        throw error
      })
    },
  }
}

function refused(rows: number, problems: ProblemList): IncidentImportOutcome {
  problems.listed.sort((a, b) => a.row - b.row)
  return { outcome: 'refused', rows, problems: problems.listed, total: problems.total, complete: !problems.full }
}

/** Ends the import's transaction without storing anything (a refusal, a dry run), carrying what the caller is told. */
class RollBack extends Error {
  constructor(readonly outcome: IncidentImportOutcome) {
    super('rolled back')
  }
}

export type IncidentImportService = ReturnType<typeof incidentImportService>
