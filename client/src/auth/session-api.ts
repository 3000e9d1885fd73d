import { createApi, type Api } from '../api.ts'
import { Session } from './session.ts'

/** An API whose changes carry the session's CSRF token, and that session; `language`: the zones' names' (see ApiOptions). */
export function createSessionApi(language?: string): { api: Api; session: Session } {
  const session = new Session()
  const api = createApi({ csrfToken: session.csrfToken, ...(language ? { language } : {}) })
  session.attach(api)
  return { api, session }
}
