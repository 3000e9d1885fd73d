import { access } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { IMPORTED_DATASETS, type ImportedDataset } from '../domain/incident-rows.ts'
import { HeaderError } from '../import/incidents/read-incident-csv.ts'
import { incidentImportService, type IncidentImportOutcome } from '../services/incident-import.ts'
import { openDatabase } from '../storage/database/database.ts'
import { migrateToLatest } from '../storage/database/migrate.ts'
import { withSetupLock } from '../storage/database/setup-lock.ts'
import { auditLogRepository } from '../storage/repositories/audit-log-repository.ts'
import { incidentImportsRepository } from '../storage/repositories/incident-imports-repository.ts'
import { usersRepository } from '../storage/repositories/users-repository.ts'

const USAGE = `Usage: npm run import:incidents -- --dataset acled|ucdp-ged [--dry-run] [--by USERNAME] <file.csv>
  Imports an ACLED or UCDP GED CSV export into the incidents, all of it or nothing: adds new events,
  updates changed ones and removes the stored events of the file's countries and days that it lacks.
  --dry-run   only say what would change
  --by        the account the import is recorded under (default: ADMIN_USERNAME)
With the embedded database, stop the server first: only one process may hold DATA_DIR.`

class UsageError extends Error {}

const list = (ids: readonly string[], total: number) => (ids.length === 0 ? '' : `: ${ids.join(', ')}${total > ids.length ? ', …' : ''}`)

/** The report a person reads: what changed (or would), or each problem by row and column. */
function describeOutcome(outcome: IncidentImportOutcome, file: string): string {
  if (outcome.outcome === 'refused') {
    const lines = outcome.problems.map((problem) => `  row ${problem.row}${problem.column ? `, ${problem.column}` : ''}: ${problem.problem}`)
    const more = outcome.total > outcome.problems.length ? [`  … ${outcome.complete ? '' : 'at least '}${outcome.total - outcome.problems.length} more`] : []
    return [`${file}: ${outcome.complete ? '' : 'at least '}${outcome.total} problem${outcome.total === 1 ? '' : 's'}; nothing was imported.`, ...lines, ...more].join('\n')
  }
  const { counts } = outcome
  const verb = (count: number) => (outcome.outcome === 'planned' ? 'would be' : count === 1 ? 'was' : 'were')
  return [
    `${file}: ${counts.rows} rows, ${counts.first_day} to ${counts.last_day}${outcome.outcome === 'planned' ? ' (dry run: nothing stored)' : ` (import ${outcome.importId})`}.`,
    `  ${counts.added} ${verb(counts.added)} added${list(counts.samples.added, counts.added)}`,
    `  ${counts.updated} ${verb(counts.updated)} updated${list(counts.samples.updated, counts.updated)}`,
    `  ${counts.removed} ${verb(counts.removed)} removed${list(counts.samples.removed, counts.removed)}`,
    `  ${counts.unchanged} unchanged`,
  ].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { dataset: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, by: { type: 'string' }, help: { type: 'boolean', default: false } },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const [file, extra] = positionals
  if (!file || extra) throw new UsageError(`Name one CSV file to import.\n${USAGE}`)
  if (!IMPORTED_DATASETS.includes(values.dataset as ImportedDataset)) throw new UsageError(`--dataset must be ${IMPORTED_DATASETS.join(' or ')}.\n${USAGE}`)
  const dataset = values.dataset as ImportedDataset
  try {
    await access(file)
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
  }
  const config = loadConfig()
  // A large file may take longer than a request's statements are allowed to.
  const db = await openDatabase({ ...config, STATEMENT_TIMEOUT_MS: 0 })
  try {
    await withSetupLock(db, { info: (message) => process.stderr.write(`${message}\n`) }, () => migrateToLatest(db.knex))
    const username = values.by ?? config.ADMIN_USERNAME
    const user = await usersRepository(db.knex).findByUsername(username)
    if (!user) throw new UsageError(`No account is named "${username}": give --by the account to record the import under.`)
    const service = incidentImportService({ incidentImports: incidentImportsRepository(db.knex), audit: auditLogRepository(db.knex) })
    const outcome = await service.importFile({ dataset, file, fileName: path.basename(file), dryRun: values['dry-run'], actor: { userId: user.id, username: user.username } })
    const report = describeOutcome(outcome, file)
    if (outcome.outcome === 'refused') {
      process.stderr.write(`${report}\n`)
      return 1
    }
    process.stdout.write(`${report}\n`)
    return 0
  } catch (error) {
    if (error instanceof HeaderError) throw new Error(`${file} is not a ${dataset} export: ${error.message}.`)
    throw error
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`truce-atlas import:incidents: ${error.message}\n`)
    process.exit(error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1)
  },
)
