import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface ServerProcess {
  child: ChildProcess
  port: number
  output(): string
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** How the server runs: from its TypeScript sources under tsx, or as `npm start` runs the build (dist/server/main.js). */
export type ServerEntry = 'source' | 'built'

const ENTRY_ARGUMENTS: Record<ServerEntry, string[]> = {
  source: ['--import', 'tsx', 'server/main.ts'],
  built: startScriptArguments(),
}

/** node's arguments in package.json's `start` script (`node <flags> dist/server/main.js`), so tests run what users run. */
function startScriptArguments(): string[] {
  const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [command, ...args] = packageJson.scripts.start!.trim().split(/\s+/)
  if (command !== 'node') throw new Error(`package.json's start script should run node, not ${command}`)
  return args
}

/**
 * Runs the server with the given environment, by default as `npm start` does (after `npm run
 * build:server`: the process project's global setup); `nodeFlags` go before those (e.g. --trace-gc,
 * which NODE_OPTIONS may not carry).
 */
export function startServer(env: Record<string, string>, port: number, entry: ServerEntry = 'built', nodeFlags: readonly string[] = []): ServerProcess {
  const child = spawn(process.execPath, [...nodeFlags, ...ENTRY_ARGUMENTS[entry]], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  // 'close', not 'exit': the process may have ended before the last of its output was read.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return {
    child,
    port,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Waits until GET /health answers 200, or the process ends, or the time is up. */
export async function waitForHealthy(server: ServerProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}: ${server.output()}`)
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/health`)
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`server not healthy after ${timeoutMs} ms: ${server.output()}`)
}
