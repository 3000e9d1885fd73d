import { spawn, type ChildProcess } from 'node:child_process'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createBenchDatabase, fillBenchDatabase } from './bench-database.ts'
import { EXTENTS } from './synthetic-zones.ts'
import { freePort } from '../helpers/server-process.ts'

const USAGE = `Usage: npx tsx test/bench/compare-builds.ts --before DIR --after DIR [--zones 10000] [--rounds 8] [--duration 3] [--only TEXT]
Two builds of the service (each checkout's dist/server, as \`npm run build\` made it) on one PostgreSQL
database of synthetic zones, measured in alternating rounds on the same requests, so that the
machine's drift falls on both alike. Prints each row's requests/s per round and their median;
--only keeps the rows whose request contains TEXT.
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.`

const { values } = parseArgs({
  options: {
    before: { type: 'string' }, after: { type: 'string' }, zones: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '8' }, duration: { type: 'string', default: '3' }, only: { type: 'string' }, help: { type: 'boolean', default: false },
  },
})
if (values.help || !values.before || !values.after) {
  console.log(USAGE)
  process.exit(values.help ? 0 : 2)
}

const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, deflate, br' }
const database = await createBenchDatabase('postgres', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
try {
  const opened = await database.open()
  await fillBenchDatabase(opened, Number(values.zones), 42, EXTENTS.region, () => {})
  const ids = (await opened.knex('zones').select('id').orderBy('id').limit(20)).map((row: { id: number }) => row.id)
  await opened.close()

  const ROWS: Record<string, string[]> = {
    'GET /zones?status=proposed&limit=100': ['/zones?status=proposed&limit=100'],
    'GET /zones?contains=lon,lat&limit=100': ['/zones?contains=40,30&limit=100'],
    'GET /zones/:id': ids.map((id) => `/zones/${id}`),
    'GET /ogc/collections/zones/items?limit=100': ['/ogc/collections/zones/items?limit=100'],
  }

  /** The built server of a checkout, as `npm start` runs it, on the bench database. */
  async function startBuild(directory: string): Promise<{ port: number; child: ChildProcess }> {
    const port = await freePort()
    const env = { ...process.env, ...database.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' }
    const child = spawn(process.execPath, ['--max-old-space-size=192', '--heap-growing-percent=250', 'dist/server/main.js'], { cwd: directory, env, stdio: 'ignore' })
    for (let attempt = 0; attempt < 300; attempt++) {
      if (await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.ok, () => false)) return { port, child }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    throw new Error(`the build in ${directory} did not answer /health: run npm run build there first`)
  }

  const builds = { before: await startBuild(values.before), after: await startBuild(values.after) }
  const perSecond: Record<string, { before: number[]; after: number[] }> = {}
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)
    for (const [row, paths] of Object.entries(ROWS).filter(([name]) => name.includes(values.only ?? ''))) {
      for (const build of order) {
        const result = await autocannon({
          url: `http://127.0.0.1:${builds[build].port}`, connections: 16, duration: Number(values.duration),
          requests: paths.map((path) => ({ method: 'GET', path, headers: BROWSER_ENCODINGS })),
        })
        ;(perSecond[row] ??= { before: [], after: [] })[build].push(Math.round(result.requests.average))
      }
    }
  }
  for (const build of Object.values(builds)) build.child.kill()
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  for (const [row, { before, after }] of Object.entries(perSecond)) {
    console.log(`${row}: before ${before.join('/')} (median ${median(before)}), after ${after.join('/')} (median ${median(after)})`)
  }
} finally {
  await database.drop()
}
