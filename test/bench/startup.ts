import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createBenchDatabase } from './bench-database.ts'
import { load } from './load.ts'
import { rssMb, sampleRss } from './process-memory.ts'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'

/**
 * How long `npm start` takes to its first healthy answer (GET /health 200), as a user runs it: on an
 * empty database (first start: migrations and the seed data), again on the same data (a restart),
 * on both databases, and from a fresh clone of this commit; and the embedded server's RSS with the
 * seed data, idle and under load.
 */
export interface StartupResult {
  starts: Array<{ backend: 'embedded' | 'postgres'; firstStartSeconds: number; restartSeconds: number }>
  /** A fresh clone of the committed branch, node_modules linked to this checkout's (no install timed), embedded. */
  freshCloneSeconds: number | null
  memory: { embeddedIdleMb: number; embeddedUnderLoadMb: number; postgresIdleMb: number }
}

const ROOT = path.resolve(import.meta.dirname, '../..')

/** `npm start` in `directory` until /health answers 200; the seconds it took. Stops it after. */
async function timeNpmStart(directory: string, env: Record<string, string>): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  // Its own process group: npm, the shell and node all end together.
  const child = spawn('npm', ['start'], { cwd: directory, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  try {
    while (performance.now() - started < 300_000) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}: ${output.slice(-2000)}`)
      const healthy = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.status === 200, () => false)
      if (healthy) return (performance.now() - started) / 1000
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`npm start not healthy after 300 s: ${output.slice(-2000)}`)
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // already ended
    }
    await exited
  }
}

async function embeddedMemory(dataDir: string, log: (line: string) => void): Promise<{ idleMb: number; underLoadMb: number }> {
  const port = await freePort()
  const server = startServer({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0' }, port)
  try {
    await waitForHealthy(server, 120_000)
    await new Promise((resolve) => setTimeout(resolve, 5000))
    const idleMb = rssMb(server.child.pid!)
    log('  embedded server under load (16 connections, 10 s)')
    const sampler = sampleRss(server.child.pid!)
    await load(`http://127.0.0.1:${port}`, ['/zones?limit=100', '/ogc/collections/zones/items?limit=100', '/zones?zoom=6', '/tiles/6/34/25.mvt'], 10, { connections: 16, log })
    return { idleMb, underLoadMb: sampler.stop() }
  } finally {
    await server.stop()
  }
}

async function postgresIdleMb(env: Record<string, string>): Promise<number> {
  const port = await freePort()
  const server = startServer({ ...env, RATE_LIMIT_PER_MINUTE: '0' }, port)
  try {
    await waitForHealthy(server, 120_000)
    await new Promise((resolve) => setTimeout(resolve, 5000))
    return rssMb(server.child.pid!)
  } finally {
    await server.stop()
  }
}

async function freshClone(log: (line: string) => void): Promise<number> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-clone-'))
  try {
    const branch = spawnSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim()
    const clone = path.join(directory, 'truce-atlas')
    const cloned = spawnSync('git', ['clone', '--quiet', '--branch', branch, ROOT, clone], { stdio: 'inherit' })
    if (cloned.status !== 0) throw new Error('git clone failed')
    await symlink(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'))
    log('  npm start in a fresh clone')
    return await timeNpmStart(clone, { DATA_DIR: path.join(directory, 'data') })
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}

export async function benchmarkStartup(serverUrl: string, log: (line: string) => void, withClone = true): Promise<StartupResult> {
  const starts: StartupResult['starts'] = []
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-startup-'))
  const postgres = await createBenchDatabase('postgres', serverUrl)
  try {
    let memory: StartupResult['memory']
    for (const [backend, env] of [['embedded', { DATA_DIR: dataDir }], ['postgres', postgres.env]] as const) {
      log(`  npm start, ${backend}: first start, then a restart`)
      const firstStartSeconds = await timeNpmStart(ROOT, env)
      const restartSeconds = await timeNpmStart(ROOT, env)
      starts.push({ backend, firstStartSeconds, restartSeconds })
    }
    const embedded = await embeddedMemory(dataDir, log)
    memory = { embeddedIdleMb: embedded.idleMb, embeddedUnderLoadMb: embedded.underLoadMb, postgresIdleMb: await postgresIdleMb(postgres.env) }
    const freshCloneSeconds = withClone ? await freshClone(log) : null
    return { starts, freshCloneSeconds, memory }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
    await postgres.drop()
  }
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–')

export function formatStartup(result: StartupResult): string {
  const lines = [
    '### `npm start`: time to the first healthy answer, and the server\'s memory',
    '',
    '| database | first start (empty database: migrations, seed data) | restart (same data) |',
    '| --- | ---: | ---: |',
    ...result.starts.map((start) => `| ${start.backend} | ${fixed(start.firstStartSeconds, 1)} s | ${fixed(start.restartSeconds, 1)} s |`),
    '',
    result.freshCloneSeconds === null
      ? 'Fresh clone: not measured.'
      : `Fresh clone of this commit (node_modules linked to an installed one: \`npm install\` itself not timed), embedded, empty data folder: ${fixed(result.freshCloneSeconds, 1)} s.`,
    '',
    `Server RSS (as \`npm start\` runs it, seed data): embedded ${fixed(result.memory.embeddedIdleMb)} MiB idle, at most ${fixed(result.memory.embeddedUnderLoadMb)} MiB under load (16 connections, 10 s of pages, outlines and a tile); PostgreSQL ${fixed(result.memory.postgresIdleMb)} MiB idle.`,
    '',
    `Targets (shown, not asserted): a restart healthy in under 5 s (here ${result.starts.map((start) => `${start.backend} ${fixed(start.restartSeconds, 1)} s`).join(', ')}); a fresh clone under 30 s (here ${fixed(result.freshCloneSeconds ?? Number.NaN, 1)} s); embedded under 400 MB idle (here ${fixed(result.memory.embeddedIdleMb)} MiB).`,
  ]
  return lines.join('\n')
}
