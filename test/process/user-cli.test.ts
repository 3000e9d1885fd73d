import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

function runUser(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/user.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ code, output })) // once its output is all read
    child.stdin.end(stdin)
  })
}

// Each run opens the embedded database in a new process: slow on a busy machine.
describe('npm run user on the embedded database', { timeout: 300_000 }, () => {
  let directory: string
  let env: Record<string, string>
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-user-'))
    env = { DATA_DIR: path.join(directory, 'data') }
  })
  afterAll(() => rm(directory, { recursive: true, force: true }))

  it('adds, lists, disables and resets accounts, with the password from stdin', async () => {
    const added = await runUser(['add', 'ada', '--role', 'editor', '--password-stdin'], env, 'a long enough password\n')
    expect(added).toEqual({ code: 0, output: 'Created editor ada.\n' })
    expect((await runUser(['add', 'bob', '--role', 'editor', '--password-stdin'], env, 'short\n')).output).toMatch(/at least 12 characters/)
    expect((await runUser(['add', 'eve', '--role', 'owner', '--password-stdin'], env, 'a long enough password\n')).output).toMatch(/--role must be editor or admin/)
    expect((await runUser(['disable', 'ada'], env)).output).toBe('Disabled ada.\n')
    expect((await runUser(['list'], env)).output).toBe('ada\teditor\tdisabled\n')
    expect((await runUser(['reset', 'ada', '--password-stdin'], env, 'another long password\n')).code).toBe(0)
  })

  it('refuses weak passwords with the same policy as the API, saying why', async () => {
    const common = await runUser(['add', 'bob', '--role', 'editor', '--password-stdin'], env, 'password1234\n')
    expect(common.code).toBe(2)
    expect(common.output).toMatch(/too easy to guess/)
    expect((await runUser(['add', 'bob', '--role', 'editor', '--password-stdin'], env, 'bob bob bob bob\n')).output).toMatch(/contains the username bob/)
    const reset = await runUser(['reset', 'ada', '--password-stdin'], env, '            \n')
    expect(reset.code).toBe(2)
    expect(reset.output).toMatch(/only spaces/)
  })

  it('refuses clearly while the server holds DATA_DIR', async () => {
    const server = startServer({ ...env, ADMIN_PASSWORD: 'the first admin password' }, await freePort())
    try {
      await waitForHealthy(server)
      const refused = await runUser(['list'], env)
      expect(refused.code).toBe(1)
      expect(refused.output).toMatch(/DATA_DIR .* is in use by another Truce Atlas process: stop that process/)
      const login = await fetch(`http://127.0.0.1:${server.port}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ada', password: 'another long password' }),
      })
      expect(login.status).toBe(401)
    } finally {
      await server.stop()
    }
  })
})
