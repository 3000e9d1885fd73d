import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './server-process.ts'

const run = promisify(execFile)

/**
 * A PostgreSQL server of the test's own: initdb into a temporary folder, on a free port of the
 * loopback interface, with the PostGIS installed system-wide. A test may stop, crash and restart
 * it without disturbing the shared server the other test files use at the same time.
 *
 * PostgreSQL refuses to run as root; as root the cluster is made and run as the `postgres` user
 * (runuser), otherwise as the current user.
 */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string
  port: number
  start(): Promise<void>
  /** fast: sessions are ended and a checkpoint written; immediate: a crash, recovered from the WAL on start. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  restart(mode?: 'fast' | 'immediate'): Promise<void>
  /** Stops it and removes its folder. */
  destroy(): Promise<void>
}

/** The folder of initdb and pg_ctl: pg_config's, else the newest under /usr/lib/postgresql. Null when there is none. */
export async function findPostgresBinaries(): Promise<string | null> {
  const candidates: string[] = []
  try {
    candidates.push((await run('pg_config', ['--bindir'])).stdout.trim())
  } catch {
    // no pg_config on the PATH
  }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`))
  }
  return candidates.find((folder) => existsSync(path.join(folder, 'initdb')) && existsSync(path.join(folder, 'pg_ctl'))) ?? null
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binaries = await findPostgresBinaries()
  if (!binaries) throw new Error('No PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql-15 and postgresql-15-postgis-3.')
  const asRoot = process.getuid?.() === 0
  const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-pg-'))
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: group } = await run('id', ['-g', 'postgres'])
    await chown(directory, Number(stdout.trim()), Number(group.trim()))
  }
  const pgctl = (args: string[]) => {
    const command = path.join(binaries, 'pg_ctl')
    return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args)
  }
  const data = path.join(directory, 'data')
  const initdb = path.join(binaries, 'initdb')
  const initArgs = ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']
  await (asRoot ? run('runuser', ['-u', 'postgres', '--', initdb, ...initArgs]) : run(initdb, initArgs))
  const port = await freePort()
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c max_connections=50 -c fsync=on -c synchronous_commit=on`
  const log = path.join(directory, 'server.log')
  let running = false

  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgctl(['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start'])
      running = true
    },
    async stop(mode = 'fast') {
      await pgctl(['-D', data, '-m', mode, '-w', '-t', '60', 'stop'])
      running = false
    },
    async restart(mode = 'fast') {
      await server.stop(mode)
      await server.start()
    },
    async destroy() {
      if (running) await server.stop('immediate').catch(() => undefined)
      await rm(directory, { recursive: true, force: true })
    },
  }
  await server.start()
  return server
}
