import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import { bearerFor, call } from '../helpers/remote-api.ts'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const ADMIN_PASSWORD = 'backups are a promise'

/** Runs `npm run export|import -- <args>` as npm would (tsx), with the given environment. */
function runCli(cli: 'export' | 'import', args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/cli/${cli}.ts`, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr })) // once its output is all read
  })
}

const withoutDate = (text: string) => ({ ...JSON.parse(text), exported_at: null })

describe('npm run export and npm run import', () => {
  let directory: string
  let source: Record<string, string>
  let backup: string

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-backup-'))
    source = { DATA_DIR: path.join(directory, 'source') }
    backup = path.join(directory, 'backup.json')
  })
  afterAll(() => rm(directory, { recursive: true, force: true }))

  it('refuse clearly while a server holds DATA_DIR', async () => {
    const server = startServer({ ...source, ADMIN_PASSWORD, RATE_LIMIT_PER_MINUTE: '0' }, await freePort())
    try {
      await waitForHealthy(server)
      // Something for the accounts and the audit log to hold.
      const base = `http://127.0.0.1:${server.port}`
      const bearer = await bearerFor(base, 'admin', ADMIN_PASSWORD)
      const etag = (await call(base, '/zones/kobani-dmz-proposal')).headers.get('etag')!
      expect((await call(base, '/zones/kobani-dmz-proposal/status', { method: 'POST', headers: { ...bearer, 'if-match': etag }, body: { status: 'agreed', effective_date: '2025-03-01', reason: 'before the backup' } })).status).toBe(200)

      const refused = await runCli('export', [backup], source)
      expect(refused.code).toBe(1)
      expect(refused.stderr.trim().split('\n')).toHaveLength(1)
      expect(refused.stderr).toMatch(/^truce-atlas export: DATA_DIR .* is in use by another Truce Atlas process: stop that process/)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  }, 240_000)

  it('export the whole dataset with one line of outcome, and import it into an empty database exactly', async () => {
    const exported = await runCli('export', [backup, '--users', '--audit'], source)
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    expect(exported.stdout).toMatch(/^Exported \d+ rows \(parties \d+, sources \d+, .*, zones \d+, .*, users 1, api_tokens 1, webhooks 0, audit_log 1\) to .*backup\.json\.\n$/)
    // A backup with password hashes is readable by its owner only.
    expect((await stat(backup)).mode & 0o777).toBe(0o600)

    const target = { DATA_DIR: path.join(directory, 'target') }
    const imported = await runCli('import', [backup], target)
    expect(imported.stderr).toBe('')
    expect(imported.stdout).toMatch(/^Imported \d+ rows \(parties \d+, .*, audit_log 1\) from .*backup\.json\.\n$/)
    const again = path.join(directory, 'again.json')
    expect((await runCli('export', [again, '--users', '--audit'], target)).code).toBe(0)
    expect(withoutDate(await readFile(again, 'utf8'))).toEqual(withoutDate(await readFile(backup, 'utf8')))

    const refused = await runCli('import', [backup], target)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^truce-atlas import: The database is not empty \(.*\): import into an empty database, or pass --replace to replace its data\.\n$/)
    const replaced = await runCli('import', [backup, '--replace'], target)
    expect(replaced.code).toBe(0)
    expect(replaced.stdout).toMatch(/replacing the data that was there\.\n$/)
  }, 240_000)

  it('fail with one clear line and a non-zero exit', async () => {
    const env = { DATA_DIR: path.join(directory, 'failures') }
    const garbage = path.join(directory, 'garbage.json')
    await writeFile(garbage, '{"format": "truce-atlas-backup", ')
    const wrong = path.join(directory, 'wrong.json')
    await writeFile(wrong, JSON.stringify({ format: 'something', tables: [] }))
    const cases: Array<[Promise<{ code: number | null; stderr: string }>, number, RegExp]> = [
      [runCli('import', [path.join(directory, 'missing.json')], env), 1, /^truce-atlas import: Cannot read .*missing\.json: ENOENT\.$/],
      [runCli('import', [garbage], env), 1, /^truce-atlas import: .*garbage\.json is not JSON \(.*\): is it a backup made by npm run export\?$/],
      [runCli('import', [wrong], env), 1, /^truce-atlas import: The backup is not valid: format is not "truce-atlas-backup"; version is undefined.*; tables is not an object\.$/],
      [runCli('import', [], env), 2, /^truce-atlas import: Name one backup file to import\./],
      [runCli('export', [path.join(directory, 'no-such-folder', 'x.json')], env), 1, /^truce-atlas export: Cannot write .*x\.json: ENOENT\.$/],
      [runCli('export', ['--frobnicate', 'x.json'], env), 2, /^truce-atlas export: Unknown option '--frobnicate'/],
    ]
    for (const [pending, code, message] of cases) {
      const outcome = await pending
      expect(outcome.code, outcome.stderr).toBe(code)
      expect(outcome.stderr.split('\n')[0]).toMatch(message)
    }
  }, 240_000)

  const postgresUrl = process.env.TEST_DATABASE_URL
  describe.runIf(postgresUrl)('across backends', () => {
    const name = `truce_atlas_backup_${process.pid}`
    afterAll(async () => {
      const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
      await admin.knex.raw('drop database if exists ?? with (force)', [name])
      await admin.close()
    })

    it('a backup of the embedded database imports into PostgreSQL and exports the same', async () => {
      const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
      await admin.knex.raw('create database ??', [name])
      await admin.close()
      const env = { DATABASE_URL: databaseUrl(postgresUrl!, name) }
      const imported = await runCli('import', [backup], env)
      expect(imported.stderr).toBe('')
      expect(imported.code).toBe(0)
      const fromPostgres = path.join(directory, 'from-postgres.json')
      expect((await runCli('export', [fromPostgres, '--users', '--audit'], env)).code).toBe(0)
      expect(withoutDate(await readFile(fromPostgres, 'utf8'))).toEqual(withoutDate(await readFile(backup, 'utf8')))
    }, 240_000)
  })
})
