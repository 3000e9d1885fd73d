/** Talking to a server started as a child process (see server-process.ts), over HTTP. */

export interface RemoteAnswer {
  status: number
  headers: Headers
  body: any
  /** Milliseconds from sending to the whole answer. */
  ms: number
}

/** A request that gives up after `timeoutMs` (throwing a TimeoutError), with a JSON body if any. */
export async function call(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {}): Promise<RemoteAnswer> {
  const started = Date.now()
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  })
  const text = await response.text()
  let body: any = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body, ms: Date.now() - started }
}

/** Signs in and makes a personal API token: the headers of an editor's (or admin's) writes. */
export async function bearerFor(base: string, username: string, password: string): Promise<Record<string, string>> {
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (login.status !== 200) throw new Error(`sign-in failed with ${login.status}: ${await login.text()}`)
  const { csrfToken } = await login.json()
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const token = await fetch(`${base}/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'tests' }) })
  if (token.status !== 201) throw new Error(`token failed with ${token.status}: ${await token.text()}`)
  return { authorization: `Bearer ${(await token.json()).token}` }
}
