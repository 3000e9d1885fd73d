import { rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { exportDataset, type BackupDocument } from '../storage/database/backup.ts'
import { openDatabase } from '../storage/database/database.ts'
import { migrateToLatest } from '../storage/database/migrate.ts'
import { withSetupLock } from '../storage/database/setup-lock.ts'

const USAGE = `Usage: npm run export -- <file.json> [--users] [--audit]
  Writes the whole dataset (zones with their geometry, parties, sources, history) to <file.json>.
  --users   include the accounts (with their password hashes) and API tokens: keep that file safe
  --audit   include the audit log (import it where its accounts exist, e.g. together with --users)
With the embedded database, stop the server first: only one process may hold DATA_DIR.`

class UsageError extends Error {}

/** "27 zones, 40 parties, ..." for the outcome line. */
function describeCounts(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0)
  return `${total} rows (${Object.entries(counts).map(([table, count]) => `${table} ${count}`).join(', ')})`
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { users: { type: 'boolean', default: false }, audit: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const [file, extra] = positionals
  if (!file || extra) throw new UsageError(`Name one file to write.\n${USAGE}`)
  // A backup of a large dataset may take longer than a request is allowed to: no statement timeout.
  const db = await openDatabase({ ...loadConfig(), STATEMENT_TIMEOUT_MS: 0 })
  let document: BackupDocument
  try {
    await withSetupLock(db, { info: (message) => process.stderr.write(`${message}\n`) }, () => migrateToLatest(db.knex))
    document = await exportDataset(db.knex, { users: values.users, audit: values.audit })
  } finally {
    await db.close()
  }
  // Written beside the target and renamed: a failed export never leaves half a backup under its name.
  const target = path.resolve(file)
  const partial = `${target}.partial-${process.pid}`
  try {
    await writeFile(partial, `${JSON.stringify(document, null, 1)}\n`, { mode: values.users ? 0o600 : 0o644 })
    await rename(partial, target)
  } catch (error) {
    await rm(partial, { force: true })
    throw new Error(`Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
  }
  const counts = Object.fromEntries(Object.entries(document.tables).map(([table, rows]) => [table, rows.length]))
  process.stdout.write(`Exported ${describeCounts(counts)} to ${file}.\n`)
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`truce-atlas export: ${error.message}\n`)
  process.exit(error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1)
})
