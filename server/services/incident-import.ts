import type { Readable } from 'node:stream'
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
  /** The CSV file, as a stream. */
  input: Readable
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
    // By row, the first ones kept: the file's own problems (repeated ids) come after its rows'.
    if (this.listed.length > MAX_LISTED_PROBLEMS) this.listed.sort((a, b) => a.row - b.row).length = MAX_LISTED_PROBLEMS
    this.total += total
  }

  get full(): boolean {
    return this.total >= MAX_COUNTED_PROBLEMS
  }
}

/**
 * Imports a dataset's CSV export (ACLED or UCDP GED) into the incidents, all or nothing, in one
 * transaction with its audit row (POST /incidents/imports, npm run import:incidents):
 * 1. the rows are read as a stream and checked one by one; sound rows go to a staging table (a
 *    temporary table of the transaction) in batches, so memory holds a batch, not the file;
 * 2. what only the whole file shows is checked in SQL (an id given twice, a slug taken), unless
 *    reading stopped at MAX_COUNTED_PROBLEMS;
 * 3. any problem refuses the file: the transaction is rolled back, nothing is stored;
 * 4. else the plan (added, updated, unchanged, removed) is counted; a dry run stops there;
 * 5. the merge adds, rewrites what changed and removes the events of the file's scope it lacks
 *    (see IN_SCOPE_SQL), and the import is recorded with its counts.
 * Imports of one dataset take turns (an advisory lock), so each merges what it planned.
 */
export function incidentImportService(storage: IncidentImportStorage) {
  const { incidentImports } = storage

  async function stageFile(trx: Knex.Transaction, request: IncidentImportRequest, problems: ProblemList): Promise<number> {
    let batch: IncidentRow[] = []
    let rows = 0
    for await (const read of readIncidentCsv(request.input, INCIDENT_FORMATS[request.dataset])) {
      rows += 1
      if (!read.ok) {
        problems.add(read.problems)
        if (problems.full) break
        continue
      }
      // Staged even when the file is refused already: the whole file's checks (repeated ids) read them.
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
      return incidentImports.inImport(request.dataset, async (trx) => {
        const problems = new ProblemList()
        const rows = await stageFile(trx, request, problems)
        if (rows === 0) problems.add([{ row: 2, column: null, problem: 'the file has no data rows' }])
        if (!problems.full) {
          const found = await incidentImports.fileProblems(trx, request.dataset, INCIDENT_FORMATS[request.dataset].idColumn, MAX_LISTED_PROBLEMS)
          problems.add(found.problems, found.total)
        }
        if (problems.total > 0) {
          problems.listed.sort((a, b) => a.row - b.row)
          // Thrown, so that the transaction (the staged rows) is rolled back; caught below.
          throw new RollBack({ outcome: 'refused', rows, problems: problems.listed, total: problems.total, complete: !problems.full })
        }
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

/** Ends the import's transaction without storing anything (a refusal, a dry run), carrying what the caller is told. */
class RollBack extends Error {
  constructor(readonly outcome: IncidentImportOutcome) {
    super('rolled back')
  }
}

export type IncidentImportService = ReturnType<typeof incidentImportService>
