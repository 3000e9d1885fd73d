import { spawnSync } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

/**
 * Bundles the server into dist/server/main.js with `npm run build:server`, the step `npm start`
 * runs before it starts. Also the global setup of the `process` test project, whose tests start the
 * server as `npm start` does.
 */
export function buildServer(): void {
  const built = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' })
  if (built.status !== 0) throw new Error(`npm run build:server failed (exit ${built.status}): see its output above`)
}

export default function setup(): void {
  buildServer()
}
