import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEmbeddedDatabase } from '../../server/storage/database/embedded-database.ts'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { databaseUrl } from '../helpers/postgres-url.ts'
import { starPositions, starWkt } from '../helpers/hostile-geometry.ts'
import { freePort, startServer, waitForHealthy, type ServerProcess } from '../helpers/server-process.ts'

/** The one line a failed start prints, after npm/node noise is set aside. */
function failureLine(output: string): string {
  const lines = output.split('\n').filter((line) => line.startsWith('truce-atlas: '))
  expect(lines).toHaveLength(1)
  return lines[0]!
}

describe('npm start on the embedded database', () => {
  let directory: string
  let dataDir: string
  let first: ServerProcess

  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-start-'))
    dataDir = path.join(directory, 'data')
    first = startServer({ DATA_DIR: dataDir }, await freePort())
    await waitForHealthy(first)
  })
  afterAll(async () => {
    await first?.stop('SIGKILL')
    await rm(directory, { recursive: true, force: true })
  })

  it('migrates, seeds and serves every zone with its sponsors', async () => {
    const response = await fetch(`http://127.0.0.1:${first.port}/zones?properties=slug,sponsors&geometry=false`)
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.features.length).toBeGreaterThanOrEqual(20)
    const southWest = body.features.find((feature: { properties: { slug: string } }) => feature.properties.slug === 'south-west-de-escalation-zone')
    expect(southWest.properties.sponsors.sort()).toEqual(['Jordan', 'Russia', 'United States'])
  })

  it('creates the first admin with a random password, printed once in the log', async () => {
    const line = first.output().split('\n').find((text) => text.includes('created the first account'))
    expect(line).toBeDefined()
    const { username, password } = JSON.parse(line!)
    expect(username).toBe('admin')
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/)
    const login = await fetch(`http://127.0.0.1:${first.port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    })
    expect(login.status).toBe(200)
  })

  it('checks write geometries in its worker threads (bundled beside main.js) and refuses a star filter, as built', async () => {
    const base = `http://127.0.0.1:${first.port}`
    const { password } = JSON.parse(first.output().split('\n').find((text) => text.includes('created the first account'))!)
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })
    const headers = { cookie: String(login.headers.get('set-cookie')).split(';')[0]!, 'x-csrf-token': (await login.json()).csrfToken, 'content-type': 'application/json' }
    const properties = { name: 'Star', kind: 'de-escalation-zone', status: 'proposed', effective_date: '2026-01-01', reason: 'a test', source_url: 'https://example.org/s', source_title: 'S' }
    const created = await fetch(`${base}/zones`, { method: 'POST', headers, body: JSON.stringify({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [starPositions(5001)] } }) })
    expect(created.status).toBe(422)
    expect((await created.json()).errors[0].message).toMatch(/^the outer ring crosses itself/)
    const filter = encodeURIComponent(`S_INTERSECTS(geometry, ${starWkt(337)})`)
    const filtered = await fetch(`${base}/ogc/collections/zones/items?limit=1&filter=${filter}`)
    expect(filtered.status).toBe(400)
    expect((await filtered.json()).errors[0].message).toMatch(/crosses itself/)
  })

  it('refuses a second process on the same DATA_DIR with one line that says what to do', async () => {
    const second = startServer({ DATA_DIR: dataDir }, await freePort())
    expect(await second.exited).toBe(1)
    expect(failureLine(second.output())).toMatch(/DATA_DIR .* is in use by another Truce Atlas process: stop that process/)
  })

  it('stops gracefully on SIGTERM and keeps what was written across a restart', async () => {
    expect(await first.stop('SIGTERM')).toBe(0)
    const db = await openEmbeddedDatabase(dataDir)
    await db.knex('zones').where({ slug: 'siege-of-raqqa' }).update({ name: 'Siege of Raqqa (renamed while stopped)' })
    await db.close()

    first = startServer({ DATA_DIR: dataDir }, await freePort())
    await waitForHealthy(first)
    const response = await fetch(`http://127.0.0.1:${first.port}/zones/siege-of-raqqa`)
    expect((await response.json()).properties.name).toBe('Siege of Raqqa (renamed while stopped)')
    expect(first.output()).not.toMatch(/seeded|created the first account/)
  })
})

describe('a bad configuration exits non-zero with one line', () => {
  it('names an unwritable DATA_DIR', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-file-'))
    const file = path.join(directory, 'a-file')
    await writeFile(file, 'not a folder')
    const server = startServer({ DATA_DIR: path.join(file, 'data') }, await freePort())
    expect(await server.exited).toBe(1)
    expect(failureLine(server.output())).toMatch(/DATA_DIR .* is not writable .*set DATA_DIR to a writable folder/)
    await rm(directory, { recursive: true, force: true })
  })

  it('names a port in use', async () => {
    const blocker = createServer()
    const port = await freePort()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-port-'))
    const server = startServer({ DATA_DIR: directory }, port)
    expect(await server.exited).toBe(1)
    expect(failureLine(server.output())).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is already in use: stop the program using it, or set PORT`))
    blocker.close()
    await rm(directory, { recursive: true, force: true })
  })

  it('names an unreachable DATABASE_URL', async () => {
    const server = startServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' }, await freePort())
    expect(await server.exited).toBe(1)
    expect(failureLine(server.output())).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere .*start the server, or correct DATABASE_URL/)
  })

  it('names an invalid setting', async () => {
    const server = startServer({ PORT: 'eighty' }, 0)
    expect(await server.exited).toBe(1)
    expect(failureLine(server.output())).toMatch(/Invalid configuration: .*PORT/)
  })
})

const postgresUrl = process.env.TEST_DATABASE_URL
describe.runIf(postgresUrl)('npm start with DATABASE_URL', () => {
  const name = `truce_atlas_start_${process.pid}`
  afterAll(async () => {
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('drop database if exists ?? with (force)', [name])
    await admin.close()
  })

  it('creates PostGIS, migrates, seeds and serves the same zones', async () => {
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('create database ??', [name])
    await admin.close()
    const server = startServer({ DATABASE_URL: databaseUrl(postgresUrl!, name) }, await freePort())
    try {
      await waitForHealthy(server)
      const health = await (await fetch(`http://127.0.0.1:${server.port}/health`)).json()
      expect(health).toEqual({ status: 'ok', database: 'postgres' })
      const zones = await (await fetch(`http://127.0.0.1:${server.port}/zones?geometry=false&properties=slug`)).json()
      expect(zones.features.length).toBeGreaterThanOrEqual(20)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })

  it('lets two instances started together on a new database take turns: both serve, the data is seeded once', async () => {
    const together = `${name}_together`
    const admin = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
    await admin.knex.raw('create database ??', [together])
    await admin.close()
    const url = databaseUrl(postgresUrl!, together)
    const servers = [startServer({ DATABASE_URL: url }, await freePort()), startServer({ DATABASE_URL: url }, await freePort())]
    try {
      await Promise.all(servers.map((server) => waitForHealthy(server)))
      const counts = await Promise.all(servers.map(async (server) => (await (await fetch(`http://127.0.0.1:${server.port}/zones?geometry=false&properties=slug&limit=1000`)).json()).features.length))
      expect(counts[0]).toBeGreaterThanOrEqual(20)
      expect(counts[1]).toBe(counts[0])
      const check = await openPostgresDatabase(url, { poolMax: 1 })
      try {
        const [zones, admins] = await Promise.all([check.knex('zones').count({ n: '*' }), check.knex('users').count({ n: '*' })])
        expect(Number(zones[0]!.n)).toBe(counts[0])
        expect(Number(admins[0]!.n), 'one first account').toBe(1)
      } finally {
        await check.close()
      }
    } finally {
      for (const server of servers) await server.stop()
      const again = await openPostgresDatabase(postgresUrl!, { poolMax: 1, statementTimeoutMs: 0 })
      await again.knex.raw('drop database if exists ?? with (force)', [together])
      await again.close()
    }
  })
})
