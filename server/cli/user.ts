import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { passwordWeakness } from '../auth/password-policy.ts'
import { hashPassword, randomPassword } from '../auth/passwords.ts'
import { loadConfig } from '../config.ts'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USER_ROLES, type UserRole } from '../domain/users.ts'
import { openDatabase } from '../storage/database/database.ts'
import { migrateToLatest } from '../storage/database/migrate.ts'
import { withSetupLock } from '../storage/database/setup-lock.ts'
import { usersRepository } from '../storage/repositories/users-repository.ts'

const USAGE = `Usage: npm run user -- <command> [options]
  add <name> --role editor|admin [--password-stdin]   create an account (password prompted, or read from stdin)
  list                                                list the accounts
  disable <name> | enable <name>                      stop (ending its sessions and API tokens) or allow an account's sign-in
  reset <name> [--password-stdin]                     set a new password (ends its sessions, revokes its API tokens)
With the embedded database, stop the server first: only one process may hold DATA_DIR.`

class UsageError extends Error {}

/** Reads a password from standard input: prompted twice without echo on a terminal, else the first line. */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      let muted = false
      const output = new Writable({ write: (chunk, _encoding, done) => (muted || process.stdout.write(chunk), done()) })
      const prompt = createInterface({ input: process.stdin, output, terminal: true })
      prompt.question(question, (answer) => {
        prompt.close()
        process.stdout.write('\n')
        resolve(answer)
      })
      muted = true
    })
  const first = await ask('Password: ')
  if ((await ask('Again: ')) !== first) throw new UsageError('The two passwords differ.')
  return first
}

/** A new password for the account, checked against the same policy as the API's. */
async function checkedPassword(fromStdin: boolean, username: string): Promise<string> {
  const password = await readPassword(fromStdin)
  if (password.length < PASSWORD_MIN_LENGTH) throw new UsageError(`The password needs at least ${PASSWORD_MIN_LENGTH} characters (try: ${randomPassword()}).`)
  if (password.length > PASSWORD_MAX_LENGTH) throw new UsageError(`The password may have at most ${PASSWORD_MAX_LENGTH} characters.`)
  const weakness = passwordWeakness(password, username)
  if (weakness) throw new UsageError(`${weakness} (For example: ${randomPassword()})`)
  return password
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  })
  const [command, name] = positionals
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  if (command !== 'list' && !name) throw new UsageError(`${command} needs an account name.\n${USAGE}`)
  const role = values.role as UserRole
  if (command === 'add' && !USER_ROLES.includes(role)) throw new UsageError(`--role must be ${USER_ROLES.join(' or ')}.`)
  // Judged before the database is opened: a refused password costs no wait for it.
  const password = command === 'add' || command === 'reset' ? await checkedPassword(values['password-stdin'], name!) : ''
  const db = await openDatabase(loadConfig())
  try {
    await withSetupLock(db, { info: (message) => process.stderr.write(`${message}\n`) }, () => migrateToLatest(db.knex))
    const users = usersRepository(db.knex)
    switch (command) {
      case 'add': {
        if (await users.findByUsername(name!)) throw new UsageError(`There is already an account named ${name}.`)
        await users.create({ username: name!, role, password_hash: await hashPassword(password) })
        process.stdout.write(`Created ${role} ${name}.\n`)
        break
      }
      case 'list':
        for (const user of await users.list()) process.stdout.write(`${user.username}\t${user.role}${user.disabled ? '\tdisabled' : ''}\n`)
        break
      case 'disable':
      case 'enable':
        if (!(await users.update(name!, { disabled: command === 'disable' }))) throw new UsageError(`There is no account named ${name}.`)
        process.stdout.write(`${command === 'disable' ? 'Disabled' : 'Enabled'} ${name}.\n`)
        break
      case 'reset': {
        if (!(await users.findByUsername(name!))) throw new UsageError(`There is no account named ${name}.`)
        await users.update(name!, { password_hash: await hashPassword(password) })
        process.stdout.write(`New password set for ${name}; their sessions have ended and their API tokens are revoked.\n`)
        break
      }
      default:
        throw new UsageError(`Unknown command ${command}.\n${USAGE}`)
    }
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`truce-atlas user: ${error.message}\n`)
  process.exit(error instanceof UsageError ? 2 : 1)
})
