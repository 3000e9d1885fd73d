import type { FastifyInstance } from 'fastify'
import { hashPassword } from '../../server/auth/passwords.ts'
import type { UserRole } from '../../server/domain/users.ts'

export const PASSWORD = 'correct horse battery staple'

export interface Session {
  cookie: string
  csrf: string
  /** Headers for a state-changing request made through this session. */
  headers: Record<string, string>
}

export async function createAccount(app: FastifyInstance, username: string, role: UserRole, password = PASSWORD): Promise<void> {
  await app.users.create({ username, role, password_hash: await hashPassword(password) })
}

export async function signIn(app: FastifyInstance, username: string, password = PASSWORD): Promise<Session> {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password } })
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`)
  const cookie = String(response.headers['set-cookie']).split(';')[0]!
  const csrf = response.json().csrfToken as string
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } }
}

/** A personal API token of the signed-in user, as request headers. */
export async function apiToken(app: FastifyInstance, session: Session): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/auth/tokens', headers: session.headers, payload: { name: 'tests' } })
  if (response.statusCode !== 201) throw new Error(`token failed: ${response.body}`)
  return { authorization: `Bearer ${response.json().token}` }
}

/** A new editor account, signed in, as the headers of its API token. */
export async function editorToken(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  await createAccount(app, username, 'editor')
  return apiToken(app, await signIn(app, username))
}
