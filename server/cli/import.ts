import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { checkBackupShape, importDataset } from '../storage/database/backup.ts'
import { openDatabase } from '../storage/database/database.ts'
import { migrateToLatest } from '../storage/database/migrate.ts'
import { withSetupLock } from '../storage/database/setup-lock.ts'

const USAGE = `Usage: npm run import -- <file.json> [--replace]
  Loads a backup made by \`npm run export\`, all of it or nothing, into an empty database.
  --replace   replace the data of a database that is not empty (its audit log goes with it)
With the embedded database, stop the server first: only one process may hold DATA_DIR.`

class UsageError extends Error {}

function describeCounts(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0)
  return `${total} rows (${Object.entries(counts).map(([table, count]) => `${table} ${count}`).join(', ')})`
}

async function readBackup(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}): is it a backup made by npm run export?`)
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { replace: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const [file, extra] = positionals
  if (!file || extra) throw new UsageError(`Name one backup file to import.\n${USAGE}`)
  const document = await readBackup(file)
  // Before the database is opened: a file that is not a backup changes nothing, not even the schema.
  checkBackupShape(document)
  // A backup of a large dataset may take longer than a request is allowed to: no statement timeout.
  const db = await openDatabase({ ...loadConfig(), STATEMENT_TIMEOUT_MS: 0 })
  try {
    await withSetupLock(db, { info: (message) => process.stderr.write(`${message}\n`) }, () => migrateToLatest(db.knex))
    const { counts } = await importDataset(db.knex, document, { replace: values.replace })
    process.stdout.write(`Imported ${describeCounts(counts)} from ${file}${values.replace ? ', replacing the data that was there' : ''}.\n`)
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`truce-atlas import: ${error.message}\n`)
  process.exit(error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1)
})
