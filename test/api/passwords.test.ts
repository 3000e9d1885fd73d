import { beforeAll, describe, expect, it } from 'vitest'
import { ensureFirstAdmin } from '../../server/auth/first-admin.ts'
import { usersRepository } from '../../server/storage/repositories/users-repository.ts'
import { useTestApp } from '../helpers/use-test-app.ts'
import { backend, createTestDatabase } from '../helpers/test-database.ts'
import { request } from '../helpers/inject.ts'
import { createAccount, signIn } from '../helpers/accounts.ts'

const silent = { info: () => undefined, warn: () => undefined } as never

const service = useTestApp({ template: 'migrated' })
beforeAll(async () => {
  await createAccount(service.app, 'root', 'admin')
})

describe(`the password policy, on ${backend}`, () => {
  const weak = [
    ['twelve spaces', '            ', /only spaces/],
    ['a common password', 'password1234', /common|guess/],
    ['the username itself, padded', 'newcomer newcomer', /username/],
    ['the username inside', 'My-newcomer-2024!x', /username/],
  ] as const

  for (const [label, password, reason] of weak) {
    it(`refuses ${label} for a new account with a 422 that says why`, async () => {
      const admin = await signIn(service.app, 'root')
      const response = await request(service.app, { method: 'POST', url: '/users', headers: admin.headers, payload: { username: 'newcomer', role: 'editor', password } })
      expect(response.status).toBe(422)
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(response.body.detail).toMatch(reason)
      expect(response.body.errors).toEqual([expect.objectContaining({ where: 'body.password' })])
      expect(await service.db.knex('users').where({ username: 'newcomer' })).toEqual([])
    })
  }

  it('refuses a weak password on reset, and keeps the old one', async () => {
    const admin = await signIn(service.app, 'root')
    await createAccount(service.app, 'keeper', 'editor')
    const before = await service.db.knex('users').where({ username: 'keeper' }).first('password_hash')
    const response = await request(service.app, { method: 'PATCH', url: '/users/keeper', headers: admin.headers, payload: { password: 'keeper keeper' } })
    expect(response.status).toBe(422)
    expect(await service.db.knex('users').where({ username: 'keeper' }).first('password_hash')).toEqual(before)
  })

  it('answers hostile lengths: 256 characters are judged, 257 are refused by the schema', async () => {
    const admin = await signIn(service.app, 'root')
    const create = (username: string, password: string) => request(service.app, { method: 'POST', url: '/users', headers: admin.headers, payload: { username, role: 'editor', password } })
    expect((await create('long-repeat', 'ab1!'.repeat(64))).status).toBe(422)
    const varied = Array.from({ length: 256 }, (_, index) => String.fromCharCode(33 + ((index * 7) % 90))).join('')
    expect((await create('long-varied', varied)).status).toBe(201)
    const tooLong = await create('too-long', `${varied}x`)
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.errors[0].where).toBe('body.password')
  })

  it('accepts a strong passphrase', async () => {
    const admin = await signIn(service.app, 'root')
    const response = await request(service.app, { method: 'POST', url: '/users', headers: admin.headers, payload: { username: 'strong', role: 'editor', password: 'orbit lantern cactus 42' } })
    expect(response.status).toBe(201)
  })
})

describe(`the first account, on ${backend}`, () => {
  it('takes its name from ADMIN_USERNAME', async () => {
    const fresh = await createTestDatabase('migrated')
    try {
      const users = usersRepository(fresh.knex)
      await ensureFirstAdmin(users, { username: 'chief', password: 'orbit lantern cactus 42' }, silent)
      expect((await users.list()).map((user) => [user.username, user.role])).toEqual([['chief', 'admin']])
    } finally {
      await fresh.close()
    }
  })

  it('refuses a weak ADMIN_PASSWORD rather than create an account with it', async () => {
    const fresh = await createTestDatabase('migrated')
    try {
      const users = usersRepository(fresh.knex)
      await expect(ensureFirstAdmin(users, { username: 'admin', password: 'password1234' }, silent)).rejects.toThrow(/ADMIN_PASSWORD/)
      expect(await users.count()).toBe(0)
    } finally {
      await fresh.close()
    }
  })
})
