/**
 * Requests to a listening server, timed, for the few acceptance checks that give a time budget.
 * On a shared 2-core machine a single slow moment must not decide, so checks compare medians.
 */

export interface Timed {
  status: number
  type: string | null
  body: string
  ms: number
}

export async function timed(base: string, path: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now()
  const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(120_000), ...init })
  const body = await response.text()
  return { status: response.status, type: response.headers.get('content-type'), body, ms: performance.now() - started }
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

/**
 * The time budget: `ms`, or on a machine so loaded that ten concurrent trivial requests to `path`
 * take longer, three times their median (work done on the event loop takes seconds either way).
 */
export async function budgetMs(base: string, path: string, ms = 100, times = 3): Promise<number> {
  const trivial = await Promise.all(Array.from({ length: 10 }, () => timed(base, path)))
  return Math.max(ms, times * median(trivial.map((answer) => answer.ms)))
}

/** GET /health every `everyMs` until `done` settles; the answers' times. */
export async function probeHealth(base: string, done: Promise<unknown>, everyMs = 20): Promise<Timed[]> {
  let finished = false
  void done.finally(() => (finished = true)).catch(() => undefined)
  const answers: Timed[] = []
  while (!finished) {
    answers.push(await timed(base, '/health'))
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
  return answers
}
