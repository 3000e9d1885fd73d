import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { PASSWORD, apiToken, createAccount, signIn } from '../helpers/accounts.ts'

const service = useTestApp({ template: 'migrated', env: { SESSION_SECRET: 'a-test-secret-that-is-long-enough-1234', LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
beforeAll(async () => {
  for (const name of ['ada', 'bea', 'cem', 'dina', 'eli']) await createAccount(service.app, name, 'editor')
  await createAccount(service.app, 'root', 'admin')
  await createAccount(service.app, 'boss', 'admin')
})

const me = (headers: Record<string, string>) => request(service.app, { url: '/auth/me', headers })

describe(`sessions end on the server, on ${backend}`, () => {
  it('refuses a copied cookie after sign-out, for reads and for making tokens', async () => {
    const session = await signIn(service.app, 'ada')
    const copied = { ...session.headers }
    expect((await service.app.inject({ method: 'POST', url: '/auth/logout', headers: session.headers })).statusCode).toBe(204)
    expect((await me({ cookie: copied.cookie! })).status).toBe(401)
    const token = await request(service.app, { method: 'POST', url: '/auth/tokens', headers: copied, payload: { name: 'stolen' } })
    expect(token.status).toBe(401)
    expect(await service.db.knex('api_tokens').where({ name: 'stolen' })).toEqual([])
  })

  it('ends only the session signed out of, not the same user’s other sessions', async () => {
    const laptop = await signIn(service.app, 'ada')
    const phone = await signIn(service.app, 'ada')
    await service.app.inject({ method: 'POST', url: '/auth/logout', headers: laptop.headers })
    expect((await me({ cookie: laptop.cookie })).status).toBe(401)
    expect((await me({ cookie: phone.cookie })).status).toBe(200)
  })

  it('lets a sign-out race requests made with the same cookie without a 500, and the cookie is dead after', async () => {
    const session = await signIn(service.app, 'ada')
    const racing = await Promise.all([
      ...Array.from({ length: 4 }, () => service.app.inject({ url: '/auth/me', headers: { cookie: session.cookie } })),
      service.app.inject({ method: 'POST', url: '/auth/logout', headers: session.headers }),
      ...Array.from({ length: 2 }, (_, index) => service.app.inject({ method: 'POST', url: '/auth/tokens', headers: session.headers, payload: { name: `race ${index}` } })),
      service.app.inject({ method: 'POST', url: '/auth/logout', headers: session.headers }),
    ])
    for (const response of racing) expect([200, 201, 204, 401]).toContain(response.statusCode)
    expect((await me({ cookie: session.cookie })).status).toBe(401)
  })

  it('revokes tokens and ends sessions on a password reset', async () => {
    const session = await signIn(service.app, 'bea')
    const bearer = await apiToken(service.app, session)
    const admin = await signIn(service.app, 'root')
    expect((await request(service.app, { method: 'PATCH', url: '/users/bea', headers: admin.headers, payload: { password: 'a brand new password 1' } })).status).toBe(200)
    expect((await me(bearer)).status).toBe(401)
    expect((await me({ cookie: session.cookie })).status).toBe(401)
  })

  it('revives neither sessions nor tokens when a disabled account is enabled again', async () => {
    const session = await signIn(service.app, 'cem')
    const bearer = await apiToken(service.app, session)
    const admin = await signIn(service.app, 'root')
    expect((await request(service.app, { method: 'PATCH', url: '/users/cem', headers: admin.headers, payload: { disabled: true } })).status).toBe(200)
    expect((await me(bearer)).status).toBe(401)
    expect((await request(service.app, { method: 'PATCH', url: '/users/cem', headers: admin.headers, payload: { disabled: false } })).status).toBe(200)
    expect((await me(bearer)).status).toBe(401)
    expect((await me({ cookie: session.cookie })).status).toBe(401)
    expect((await signIn(service.app, 'cem')).csrf).toEqual(expect.any(String))
  })
})

describe(`tokens, for admins, on ${backend}`, () => {
  it('lists and revokes another user’s token, with an audit row; editors may not', async () => {
    const owner = await signIn(service.app, 'dina')
    const bearer = await apiToken(service.app, owner)
    const admin = await signIn(service.app, 'root')
    const listed = await request(service.app, { url: '/users/dina/tokens', headers: admin.headers })
    expect(listed.status).toBe(200)
    expect(listed.body).toEqual([expect.objectContaining({ name: 'tests', revoked_at: null, last_used_at: null })])
    expect(listed.text).not.toContain(bearer.authorization!.slice(7))
    const id = listed.body[0].id as number

    expect((await request(service.app, { url: '/users/dina/tokens', headers: owner.headers })).status).toBe(403)
    expect((await request(service.app, { method: 'DELETE', url: `/users/root/tokens/${id}`, headers: admin.headers })).status).toBe(404)
    expect((await request(service.app, { method: 'DELETE', url: `/users/nobody/tokens/${id}`, headers: admin.headers })).status).toBe(404)

    expect((await me(bearer)).status).toBe(200)
    const used = await request(service.app, { url: '/users/dina/tokens', headers: admin.headers })
    expect(used.body[0].last_used_at).toEqual(expect.any(String))

    expect((await service.app.inject({ method: 'DELETE', url: `/users/dina/tokens/${id}`, headers: admin.headers })).statusCode).toBe(204)
    expect((await me(bearer)).status).toBe(401)
    const audit = await service.db.knex('audit_log').where({ action: 'api_token.revoke', entity_id: String(id) })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ username: 'root', entity: 'api_token' })
  })

  it('lets two admins revoke the same token at once: both succeed, it is revoked once, audited once', async () => {
    const owner = await signIn(service.app, 'eli')
    const bearer = await apiToken(service.app, owner)
    const [{ id }] = await service.db.knex('api_tokens').join('users', 'users.id', 'api_tokens.user_id').where('users.username', 'eli').select('api_tokens.id')
    const [root, boss] = [await signIn(service.app, 'root'), await signIn(service.app, 'boss')]
    const answers = await Promise.all([root, boss, root, boss].map((admin) => service.app.inject({ method: 'DELETE', url: `/users/eli/tokens/${id}`, headers: admin.headers })))
    expect(answers.map((answer) => answer.statusCode)).toEqual([204, 204, 204, 204])
    expect((await me(bearer)).status).toBe(401)
    expect(await service.db.knex('audit_log').where({ action: 'api_token.revoke', entity_id: String(id) })).toHaveLength(1)
  })

  it('refuses hostile account names and token ids with 400', async () => {
    const admin = await signIn(service.app, 'root')
    for (const url of ['/users/dina/tokens/99999999999', '/users/dina/tokens/0', '/users/dina/tokens/-1', '/users/dina/tokens/1.5', '/users/Robert%27);DROP/tokens/1', '/users/%3Cb%3E/tokens/1']) {
      const response = await request(service.app, { method: 'DELETE', url, headers: admin.headers })
      expect(response.status, url).toBe(400)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
    }
    expect((await request(service.app, { url: `/users/${'a'.repeat(500)}/tokens`, headers: admin.headers })).status).toBeLessThan(500)
  })

  it('names the token in the audit row of a write made with it', async () => {
    const admin = await signIn(service.app, 'boss')
    const bearer = await apiToken(service.app, admin)
    const created = await request(service.app, { method: 'POST', url: '/parties', headers: bearer, payload: { slug: 'token-party', name: 'Token party', type: 'state' } })
    expect(created.status).toBe(201)
    const [row] = await service.db.knex('audit_log').where({ action: 'party.create', entity_id: 'token-party' })
    const [token] = await service.db.knex('api_tokens').where({ name: 'tests' }).join('users', 'users.id', 'api_tokens.user_id').where('users.username', 'boss').select('api_tokens.id')
    expect(row).toMatchObject({ username: 'boss', api_token_id: token.id })
    const listed = await request(service.app, { url: '/audit?user=boss', headers: admin.headers })
    expect(listed.body[0]).toMatchObject({ action: 'party.create', api_token_id: token.id, api_token_name: 'tests' })
  })
})

describe(`sign-in brakes that cannot lock the owner out, on ${backend}`, () => {
  it('delays wrong passwords from one address without stopping the owner at another', async () => {
    const limited = await buildTestApp(service.db)
    const from = (remoteAddress: string, password: string) =>
      limited.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username: 'root', password } })
    const statuses: number[] = []
    for (let attempt = 0; attempt < 8; attempt += 1) statuses.push((await from('203.0.113.9', `guess ${attempt}`)).statusCode)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    const delayed = await from('203.0.113.9', PASSWORD)
    expect(delayed.statusCode).toBe(429)
    expect(Number(delayed.headers['retry-after'])).toBeGreaterThan(0)
    expect((await from('198.51.100.20', PASSWORD)).statusCode).toBe(200)
    await limited.close()
  })
})

describe(`the client address behind a proxy, on ${backend}`, () => {
  for (const trustProxy of ['1', '127.0.0.1, 10.0.0.0/8']) {
    it(`with TRUST_PROXY=${trustProxy} a spoofed leftmost X-Forwarded-For does not change the address the rate limit sees`, async () => {
      const proxied = await buildTestApp(service.db, { TRUST_PROXY: trustProxy, RATE_LIMIT_PER_MINUTE: '3' })
      const statuses: number[] = []
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await proxied.inject({ url: '/parties', headers: { 'x-forwarded-for': `10.9.8.${attempt}, 192.0.2.44` } })
        statuses.push(response.statusCode)
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      const other = await proxied.inject({ url: '/parties', headers: { 'x-forwarded-for': '192.0.2.45' } })
      expect(other.statusCode).toBe(200)
      await proxied.close()
    })
  }

  it('keys the sign-in brakes on the right-most untrusted address', async () => {
    const proxied = await buildTestApp(service.db, { TRUST_PROXY: '1' })
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await proxied.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': `10.1.1.${attempt}, 192.0.2.50` }, payload: { username: 'boss', password: `guess ${attempt}` } })
    }
    const spoofed = await proxied.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': '10.1.1.99, 192.0.2.50' }, payload: { username: 'boss', password: 'guess again' } })
    expect(spoofed.statusCode).toBe(429)
    await proxied.close()
  })
})
