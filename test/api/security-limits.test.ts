import { STATUS_CODES } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.ts'
import type { Database } from '../../server/storage/database/database.ts'
import { openPostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { apiToken, createAccount, signIn, type Session } from '../helpers/accounts.ts'
import { request } from '../helpers/inject.ts'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { dataDigest } from '../helpers/table-digest.ts'

/**
 * The service's defences, each proven: security headers with a strict CSP, body and path limits,
 * rate limits and load shedding, input PostgreSQL cannot store, errors that hide internals, and
 * database faults answered as 503.
 */
const service = useTestApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } })
let bearer: Record<string, string>
let admin: Session
const extraApps: FastifyInstance[] = []

beforeAll(async () => {
  await createAccount(service.app, 'guard', 'editor')
  await createAccount(service.app, 'root', 'admin')
  bearer = await apiToken(service.app, await signIn(service.app, 'guard'))
  admin = await signIn(service.app, 'root')
})
afterAll(async () => {
  for (const extra of extraApps) await extra.close()
})

async function appWith(env: Record<string, string>): Promise<FastifyInstance> {
  const built = await buildTestApp(service.db, env)
  extraApps.push(built)
  return built
}

const isProblem = (response: { status: number; headers: Record<string, unknown>; body: any }, status: number) => {
  expect(response.status).toBe(status)
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/)
  expect(response.body).toMatchObject({ type: 'about:blank', status })
}

describe(`security headers on ${backend}`, () => {
  it('send a strict Content-Security-Policy and the other helmet headers, on answers and refusals alike', async () => {
    for (const url of ['/zones?geometry=false', '/nowhere', '/zones?limit=0', '/health']) {
      const response = await service.app.inject(url)
      const csp = String(response.headers['content-security-policy'])
      expect(csp, url).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("script-src-attr 'none'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/)
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
      expect(response.headers['x-powered-by']).toBeUndefined()
    }
  })
})

describe(`size limits on ${backend}`, () => {
  it('refuses a body over 10 MiB with 413, changing nothing', async () => {
    const before = await dataDigest(service.db.knex)
    const huge = JSON.stringify({ type: 'Feature', geometry: null, properties: { name: 'x'.repeat(10 * 1024 * 1024), kind: 'siege', effective_date: '2026-01-01', reason: 'r' } })
    const response = await request(service.app, { method: 'POST', url: '/zones', headers: { ...bearer, 'content-type': 'application/json' }, payload: huge })
    isProblem(response, 413)
    expect(await dataDigest(service.db.knex)).toEqual(before)
  })

  it('refuses a path segment over 200 characters with 414, and a broken URL with 400, as problem+json', async () => {
    isProblem(await request(service.app, { method: 'PATCH', url: `/zones/${'a'.repeat(201)}`, headers: bearer, payload: { name: 'x' } }), 414)
    // GET, which the map client's catch-all route takes when the client is built, is answered the same.
    isProblem(await request(service.app, `/zones/${'a'.repeat(201)}`), 414)
    isProblem(await request(service.app, `/assets/${'a'.repeat(201)}.js`), 414)
    isProblem(await request(service.app, `/zones/${'a'.repeat(200)}`), 400) // the longest segment routed: no slug is that long
    isProblem(await request(service.app, '/zones/%zz'), 400)
    // Answered before routing, where no hook runs: the security headers are still there.
    for (const refused of [await request(service.app, '/zones/%zz'), await request(service.app, { method: 'PATCH', url: `/zones/${'a'.repeat(201)}`, headers: bearer, payload: {} })]) {
      expect(refused.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
      expect(refused.headers['x-content-type-options']).toBe('nosniff')
    }
  })

  it("answers requests Node's HTTP parser refuses (headers too large, malformed) as problem+json with the security headers", async () => {
    const server = await buildTestApp(service.db)
    extraApps.push(server)
    await server.listen({ port: 0, host: '127.0.0.1' })
    const { port } = server.server.address() as AddressInfo
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(text))
        let answer = ''
        socket.setEncoding('utf8')
        socket.on('data', (chunk: string) => (answer += chunk))
        socket.on('close', () => resolve(answer))
        socket.on('error', reject)
      })
    const cases = [
      { text: `GET /zones HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431, detail: /too large/ },
      { text: 'GET /zones HTTP/1.1\r\nHost: x\r\nThis is not a header\r\n\r\n', status: 400, detail: /not valid HTTP/ },
    ]
    for (const { text, status, detail } of cases) {
      const answer = await raw(text)
      const [head, body] = answer.split('\r\n\r\n') as [string, string]
      expect(head.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} ${STATUS_CODES[status]}`)
      expect(head).toContain('content-type: application/problem+json; charset=utf-8')
      expect(head).toContain('x-content-type-options: nosniff')
      expect(head).toContain("content-security-policy: default-src 'none'")
      expect(JSON.parse(body)).toMatchObject({ status, detail: expect.stringMatching(detail) })
    }
  })
})

describe(`rate limits and load shedding on ${backend}`, () => {
  it('has a generous default rate limit', () => {
    expect(loadConfig({}).RATE_LIMIT_PER_MINUTE).toBe(600)
  })

  it('answers 429 problem+json with Retry-After past the limit, and never throttles /health', async () => {
    const limited = await appWith({ RATE_LIMIT_PER_MINUTE: '5' })
    for (let index = 0; index < 5; index += 1) expect((await limited.inject('/parties')).statusCode).toBe(200)
    const refused = await request(limited, '/parties')
    isProblem(refused, 429)
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60)
    expect(refused.body.detail).toMatch(/^Too many requests from your address: at most 5 a minute\. Try again in \d+ seconds\.$/)
    for (let index = 0; index < 10; index += 1) expect((await limited.inject('/health')).statusCode).toBe(200)
  })

  it('sheds load with 503 problem+json and Retry-After while overloaded, but /health still reports the database', async () => {
    const overloaded = await appWith({ RATE_LIMIT_PER_MINUTE: '0', OVERLOAD_HEAP_MB: '1' })
    await new Promise((resolve) => setTimeout(resolve, 1500)) // the load is measured every second
    const shed = await request(overloaded, '/zones?geometry=false')
    isProblem(shed, 503)
    expect(shed.headers['retry-after']).toBe('10')
    expect(shed.body.detail).toBe('The service is overloaded just now. Try again in a few seconds.')
    expect((await overloaded.inject('/health')).statusCode).toBe(200)
  })
})

describe(`load shedding on a lagging event loop, on ${backend}`, () => {
  it('sheds load once the event loop has lagged for seconds, and recovers by itself', async () => {
    const lagging = await appWith({ RATE_LIMIT_PER_MINUTE: '0', OVERLOAD_EVENT_LOOP_DELAY_MS: '20' })
    expect((await lagging.inject('/parties')).statusCode).toBe(200)
    // Keep the event loop busy 80 ms out of every 100: timers run late all the time.
    const busy = setInterval(() => {
      const until = Date.now() + 80
      while (Date.now() < until);
    }, 100)
    try {
      const shedAt = Date.now() + 10_000
      let shed = await request(lagging, '/parties')
      while (shed.status !== 503 && Date.now() < shedAt) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        shed = await request(lagging, '/parties')
      }
      isProblem(shed, 503)
      expect(shed.headers['retry-after']).toBe('10')
      expect((await lagging.inject('/health')).statusCode).toBe(200)
    } finally {
      clearInterval(busy)
    }
    const backAt = Date.now() + 10_000
    let back = await lagging.inject('/parties')
    while (back.statusCode !== 200 && Date.now() < backAt) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      back = await lagging.inject('/parties')
    }
    expect(back.statusCode).toBe(200)
  }, 30_000)
})

describe(`input PostgreSQL cannot store is a 400, not a 500, on ${backend}`, () => {
  it('refuses numbers past the largest double, Infinity, NaN, fractions and NUL characters, saying where', async () => {
    const before = await dataDigest(service.db.knex)
    const refusals: Array<[Parameters<typeof request>[1], string]> = [
      ['/zones/1e309', 'path.id'],
      ['/zones/1e309/history', 'path.id'],
      ['/zones?precision=1e309', 'query.precision'],
      ['/zones?limit=1e309', 'query.limit'],
      ['/zones?q=a%00b', 'query.q'],
      [{ method: 'DELETE', url: '/auth/tokens/1e309', headers: bearer }, 'path.id'],
      [{ url: '/audit?before=1e309', headers: admin.headers }, 'query.before'],
      [{ url: '/audit?before=12345678901234567890', headers: admin.headers }, 'query.before'],
      [{ url: '/audit?limit=Infinity', headers: admin.headers }, 'query.limit'],
      ...['Infinity', '-Infinity', '1e309', '-1e309', 'NaN', '1.5', '12345678901234567890'].flatMap((value): Array<[string, string]> => [
        [`/ogc/collections/zones/items?offset=${value}`, 'query.offset'],
        [`/ogc/collections/zones/items?limit=${value}`, 'query.limit'],
        [`/zones?limit=${value}`, 'query.limit'],
      ]),
      ['/zones?zoom=Infinity', 'query.zoom'],
      ['/tiles/Infinity/1/1.mvt', 'path.z'],
      ['/tiles/1/Infinity/1.mvt', 'path.x'],
      ['/tiles/1/1/1.mvt?v=1e309', 'query.v'],
      [{ method: 'POST', url: '/zones', headers: bearer, payload: { type: 'Feature', geometry: null, properties: { name: 'nul\u0000name', kind: 'siege', effective_date: '2026-01-01', reason: 'r' } } }, 'body.properties.name'],
      [{ method: 'POST', url: '/auth/login', payload: { username: 'root\u0000', password: 'whatever you like' } }, 'body.username'],
      [{ method: 'POST', url: '/auth/tokens', headers: bearer, payload: { name: '\u0000' } }, 'body.name'],
    ]
    for (const [options, where] of refusals) {
      const response = await request(service.app, options)
      expect(response.status, JSON.stringify(options).slice(0, 80)).toBe(400)
      isProblem(response, 400)
      expect(response.body.errors?.[0]?.where, JSON.stringify(options)).toBe(where)
    }
    expect(await dataDigest(service.db.knex)).toEqual(before)
  })
})

describe(`errors hide internals on ${backend}`, () => {
  it('a 500 names neither the stack, nor SQL, nor paths, nor what the database said', async () => {
    await service.db.knex.raw(`create function refuse_party() returns trigger language plpgsql as $$ begin raise exception 'leak /srv/secret/config.ts password=hunter2'; end $$`)
    await service.db.knex.raw('create trigger refuse_party before insert on parties for each row execute function refuse_party()')
    try {
      const response = await request(service.app, { method: 'POST', url: '/parties', headers: admin.headers, payload: { slug: 'leaky', name: 'Leaky', type: 'state' } })
      isProblem(response, 500)
      expect(response.body.detail).toBe('Something went wrong on our side. It has been logged; try again later.')
      expect(response.text).not.toMatch(/hunter2|\/srv\/|secret|insert|parties|trigger|\.ts|at .*:\d+/)
    } finally {
      await service.db.knex.raw('drop trigger refuse_party on parties')
      await service.db.knex.raw('drop function refuse_party')
    }
  })
})

describe.runIf(backend === 'postgres')('database faults on PostgreSQL', () => {
  const urlOf = (database: Database) => (database.knex.client.config.connection as { connectionString: string }).connectionString

  it('a statement past STATEMENT_TIMEOUT_MS is cancelled and answered 503 with Retry-After, changing nothing', async () => {
    const impatient = await openPostgresDatabase(urlOf(service.db), { statementTimeoutMs: 300 })
    const slowApp = await buildTestApp({ ...impatient, backend: 'postgres' } as Database, { RATE_LIMIT_PER_MINUTE: '0' })
    await service.db.knex.raw(`create function slow_history() returns trigger language plpgsql as $$ begin perform pg_sleep(5); return new; end $$`)
    await service.db.knex.raw('create trigger slow_history before insert on status_changes for each row execute function slow_history()')
    try {
      const before = await dataDigest(service.db.knex)
      const etag = String((await slowApp.inject('/zones/sweida-ceasefire-2025')).headers.etag)
      const started = Date.now()
      const response = await request(slowApp, { method: 'POST', url: '/zones/sweida-ceasefire-2025/status', headers: { ...bearer, 'if-match': etag }, payload: { status: 'suspended', effective_date: '2026-01-10', reason: 'slow' } })
      expect(Date.now() - started).toBeLessThan(3000)
      isProblem(response, 503)
      expect(response.headers['retry-after']).toMatch(/^\d+$/)
      expect(await dataDigest(service.db.knex)).toEqual(before)
    } finally {
      await service.db.knex.raw('drop trigger slow_history on status_changes')
      await service.db.knex.raw('drop function slow_history')
      await slowApp.close()
      await impatient.close()
    }
  })

  it('connections the server ends (as on a restart) neither crash the process nor break later requests', async () => {
    // Open several pooled connections, then have PostgreSQL end them all while they sit idle.
    await Promise.all(Array.from({ length: 6 }, () => service.app.inject('/zones?geometry=false')))
    const killer = await openPostgresDatabase(urlOf(service.db), { poolMax: 1 })
    const { rows } = await killer.knex.raw('select count(pg_terminate_backend(pid))::int as ended from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
    await killer.close()
    expect(rows[0].ended).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const answers = await Promise.all(Array.from({ length: 6 }, () => request(service.app, '/zones?geometry=false')))
    for (const answer of answers) expect([200, 503]).toContain(answer.status)
    expect((await service.app.inject('/zones?geometry=false')).statusCode).toBe(200)
    expect((await service.app.inject('/health')).statusCode).toBe(200)
  })
})
