import type { Api } from '../api.ts'
import { ApiError } from '../api.ts'
import type { Me, UserRole } from '../api-types.ts'

export interface SignedInUser {
  username: string
  role: UserRole
}

export type SessionListener = (user: SignedInUser | null) => void

/** Where the page remembers that it signed in (the name only: the session itself is an HttpOnly cookie). */
const HINT_KEY = 'truce-atlas:signed-in'

/**
 * Who is signed in on this page, and the CSRF token their changes send. The session is the API's
 * HttpOnly cookie; the page only remembers (in localStorage) that it signed in, so that a visitor
 * who never did is not asked `GET /auth/me` (which would answer 401) on every load.
 */
export class Session {
  #user: SignedInUser | null = null
  #csrf: string | null = null
  readonly #listeners = new Set<SessionListener>()
  #api: Api | null = null

  /** The API the session signs in through (created with this session's csrfToken). */
  attach(api: Api): this {
    this.#api = api
    return this
  }

  get user(): SignedInUser | null {
    return this.#user
  }

  get isAdmin(): boolean {
    return this.#user?.role === 'admin'
  }

  /** For ApiOptions.csrfToken. */
  readonly csrfToken = (): string | null => this.#csrf

  /** Picks up a session made earlier (another tab, a reload); never asks when this browser never signed in. */
  async restore(): Promise<SignedInUser | null> {
    if (!readHint()) return null
    try {
      this.#set(await this.#requireApi().me())
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        writeHint(null)
        this.#set(null)
      } else throw error
    }
    return this.#user
  }

  async signIn(username: string, password: string): Promise<SignedInUser> {
    const me = await this.#requireApi().login(username, password)
    this.#set(me)
    return this.#user!
  }

  async signOut(): Promise<void> {
    try {
      await this.#requireApi().logout()
    } finally {
      this.#set(null)
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #set(me: Me | null): void {
    const before = this.#user
    this.#user = me ? { username: me.username, role: me.role } : null
    this.#csrf = me?.csrfToken ?? null
    writeHint(this.#user?.username ?? null)
    if (before?.username === this.#user?.username && before?.role === this.#user?.role) return
    for (const listener of this.#listeners) listener(this.#user)
  }

  #requireApi(): Api {
    if (!this.#api) throw new Error('Session.attach(api) must be called before signing in')
    return this.#api
  }
}

function readHint(): string | null {
  try {
    return window.localStorage.getItem(HINT_KEY)
  } catch {
    return null
  }
}

function writeHint(username: string | null): void {
  try {
    if (username) window.localStorage.setItem(HINT_KEY, username)
    else window.localStorage.removeItem(HINT_KEY)
  } catch {
    // Storage may be off (private mode): the page then forgets the sign-in on reload, nothing worse.
  }
}
