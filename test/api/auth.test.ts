import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/test-app.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { PASSWORD, apiToken, createAccount, signIn } from '../helpers/accounts.ts'

const service = useTestApp({ template: 'migrated', env: { SESSION_SECRET: 'a-test-secret-that-is-long-enough-1234', LOGIN_ATTEMPTS_PER_ADDRESS: '1000' } })
beforeAll(async () => {
  await createAccount(service.app, 'ada', 'editor')
  await createAccount(service.app, 'root', 'admin')
  await createAccount(service.app, 'mallory', 'editor')
})

describe(`sign-in and sessions on ${backend}`, () => {
  it('signs in with a HttpOnly, SameSite=Strict session cookie and returns the CSRF token', async () => {
    const response = await service.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'ada', password: PASSWORD } })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ username: 'ada', role: 'editor', csrfToken: expect.any(String) })
    const cookie = String(response.headers['set-cookie'])
    expect(cookie).toMatch(/^truce_atlas_session=/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    expect(cookie).not.toMatch(/Secure/)
    const me = await request(service.app, { url: '/auth/me', headers: { cookie: cookie.split(';')[0]! } })
    expect(me.body).toEqual({ username: 'ada', role: 'editor', csrfToken: response.json().csrfToken })
  })

  it('marks the cookie Secure behind TLS', async () => {
    const proxied = await buildTestApp(service.db, { TRUST_PROXY: '1' })
    const response = await proxied.inject({ method: 'POST', url: '/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'ada', password: PASSWORD } })
    expect(String(response.headers['set-cookie'])).toMatch(/Secure/)
    await proxied.close()
  })

  it('refuses a wrong password with 401, and logs no password', async () => {
    const response = await request(service.app, { method: 'POST', url: '/auth/login', payload: { username: 'ada', password: 'wrong password!' } })
    expect(response.status).toBe(401)
    expect(response.body.detail).toBe('Wrong username or password.')
    expect((await request(service.app, { method: 'POST', url: '/auth/login', payload: { username: 'nobody', password: 'whatever' } })).status).toBe(401)
  })

  it('accepts the cookie on another instance sharing SESSION_SECRET and the database', async () => {
    const session = await signIn(service.app, 'ada')
    const other = await buildTestApp(service.db, { SESSION_SECRET: 'a-test-secret-that-is-long-enough-1234' })
    expect((await request(other, { url: '/auth/me', headers: { cookie: session.cookie } })).status).toBe(200)
    const stranger = await buildTestApp(service.db, { SESSION_SECRET: 'another-secret-that-is-long-enough-999' })
    expect((await request(stranger, { url: '/auth/me', headers: { cookie: session.cookie } })).status).toBe(401)
    await other.close()
    await stranger.close()
  })

  it('signs out', async () => {
    const session = await signIn(service.app, 'ada')
    const out = await service.app.inject({ method: 'POST', url: '/auth/logout', headers: session.headers })
    expect(out.statusCode).toBe(204)
    const cleared = String(out.headers['set-cookie']).split(';')[0]!
    expect((await request(service.app, { url: '/auth/me', headers: { cookie: cleared } })).status).toBe(401)
  })

  it('ends sessions when the password changes or the account is disabled', async () => {
    const session = await signIn(service.app, 'mallory')
    const admin = await signIn(service.app, 'root')
    const reset = await request(service.app, { method: 'PATCH', url: '/users/mallory', headers: admin.headers, payload: { password: 'a brand new password 1' } })
    expect(reset.status).toBe(200)
    expect((await request(service.app, { url: '/auth/me', headers: { cookie: session.cookie } })).status).toBe(401)
    await request(service.app, { method: 'PATCH', url: '/users/mallory', headers: admin.headers, payload: { disabled: true } })
    const refused = await request(service.app, { method: 'POST', url: '/auth/login', payload: { username: 'mallory', password: 'a brand new password 1' } })
    expect(refused.status).toBe(401)
  })

  it('limits sign-in attempts per address', async () => {
    const limited = await buildTestApp(service.db, { LOGIN_ATTEMPTS_PER_ADDRESS: '3' })
    const statuses: number[] = []
    for (const username of ['a1', 'a2', 'a3', 'a4']) {
      statuses.push((await limited.inject({ method: 'POST', url: '/auth/login', payload: { username, password: 'x' } })).statusCode)
    }
    expect(statuses).toEqual([401, 401, 401, 429])
    await limited.close()
  })
})

describe(`API tokens on ${backend}`, () => {
  it('work without a CSRF token, are listed without their secret, and stop working when revoked', async () => {
    const session = await signIn(service.app, 'ada')
    const created = await request(service.app, { method: 'POST', url: '/auth/tokens', headers: session.headers, payload: { name: 'QGIS', expires_in_days: 30 } })
    expect(created.status).toBe(201)
    expect(created.body.token).toMatch(/^ta_/)
    const bearer = { authorization: `Bearer ${created.body.token}` }
    expect((await request(service.app, { url: '/auth/me', headers: bearer })).body).toEqual({ username: 'ada', role: 'editor', csrfToken: null })
    const listed = await request(service.app, { url: '/auth/tokens', headers: bearer })
    expect(listed.body.map((token: { name: string }) => token.name)).toContain('QGIS')
    expect(listed.text).not.toContain(created.body.token)
    const stored = await service.db.knex('api_tokens').where({ id: created.body.id }).first()
    expect(stored.token_hash).not.toContain(created.body.token)
    expect((await service.app.inject({ method: 'DELETE', url: `/auth/tokens/${created.body.id}`, headers: bearer })).statusCode).toBe(204)
    const after = await request(service.app, { url: '/auth/me', headers: bearer })
    expect(after.status).toBe(401)
    expect(after.body.detail).toMatch(/unknown, revoked or expired/)
  })

  it('refuses a malformed Authorization header', async () => {
    expect((await request(service.app, { url: '/auth/me', headers: { authorization: 'Basic YWRhOnB3' } })).status).toBe(401)
    expect((await request(service.app, { url: '/auth/me', headers: { authorization: 'Bearer ta_forged-token-that-does-not-exist' } })).status).toBe(401)
  })
})

describe(`accounts, for admins, on ${backend}`, () => {
  it('lets an admin create and list accounts, and refuses editors with 403', async () => {
    const admin = await signIn(service.app, 'root')
    const created = await request(service.app, { method: 'POST', url: '/users', headers: admin.headers, payload: { username: 'grace', role: 'editor', password: 'another long password' } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ username: 'grace', role: 'editor', disabled: false })
    expect(created.text).not.toMatch(/password/)
    const listed = await request(service.app, { url: '/users', headers: admin.headers })
    expect(listed.body.map((user: { username: string }) => user.username)).toEqual(expect.arrayContaining(['ada', 'grace', 'root']))
    const editor = await signIn(service.app, 'ada')
    expect((await request(service.app, { url: '/users', headers: editor.headers })).status).toBe(403)
    expect((await request(service.app, { method: 'POST', url: '/users', headers: admin.headers, payload: { username: 'grace', role: 'editor', password: 'another long password' } })).status).toBe(409)
    expect((await request(service.app, { method: 'POST', url: '/users', headers: admin.headers, payload: { username: 'x', role: 'editor', password: 'short' } })).status).toBe(400)
  })
})
