import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

// The repository's root: this file sits in server/cli/.
const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..')

/**
 * What `npm start` runs first: builds the client and the server bundle (`npm run build`) only when
 * dist/ is missing or was built from other sources, so a restart does not rebuild and a fresh clone
 * builds once. The sources are fingerprinted by path, size and modification time (a stat of each
 * file, not a read), taken before the build so an edit made while it runs is seen next time.
 *
 * It is JavaScript, run by node alone, because it runs on every start: tsx's own start would cost
 * more than the check (about 0.6 s of a restart).
 *
 *   node server/cli/build-if-stale.mjs          # builds when needed
 *   node server/cli/build-if-stale.mjs --check  # exit 1 when a build is needed, without building
 */
const SOURCES = ['client', 'server', 'migrations', 'seeds', 'package.json', 'package-lock.json', 'tsconfig.json']
const OUTPUTS = ['dist/client/index.html', 'dist/server/main.js']
const FINGERPRINT_FILE = path.join(PROJECT_ROOT, 'dist', 'sources.sha256')

/**
 * Every source file under `entry` with its size and modification time, in a stable order.
 * @param {string} entry
 * @param {string[]} lines
 */
function listSources(entry, lines) {
  const absolute = path.join(PROJECT_ROOT, entry)
  if (!existsSync(absolute)) return
  const stat = statSync(absolute)
  if (stat.isDirectory()) {
    for (const name of readdirSync(absolute).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue
      listSources(path.join(entry, name), lines)
    }
  } else {
    lines.push(`${entry}\t${stat.size}\t${stat.mtimeMs}`)
  }
}

function sourcesFingerprint() {
  /** @type {string[]} */
  const lines = []
  for (const entry of SOURCES) listSources(entry, lines)
  return createHash('sha256').update(lines.join('\n')).digest('hex')
}

/**
 * Whether dist/ holds a build of the sources as they are now.
 * @param {string} fingerprint
 */
function isBuildCurrent(fingerprint) {
  if (!OUTPUTS.every((output) => existsSync(path.join(PROJECT_ROOT, output)))) return false
  return existsSync(FINGERPRINT_FILE) && readFileSync(FINGERPRINT_FILE, 'utf8').trim() === fingerprint
}

function main() {
  const fingerprint = sourcesFingerprint()
  if (isBuildCurrent(fingerprint)) return
  if (process.argv.includes('--check')) {
    console.error('dist/ is missing or older than the sources: `npm run build` would rebuild it')
    process.exit(1)
  }
  console.error('Building the client and the server (dist/ is missing or older than the sources)...')
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' })
  if (built.status !== 0) {
    console.error(`The build failed (exit ${built.status}); its output is above. Fix it, or run \`npm run build\` to see it again.`)
    process.exit(built.status ?? 1)
  }
  writeFileSync(FINGERPRINT_FILE, `${fingerprint}\n`)
}

main()
