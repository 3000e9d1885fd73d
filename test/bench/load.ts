import autocannon from 'autocannon'
import type { Measurement } from './report.ts'

/** What every browser sends: the service may answer compressed. */
export const BROWSER_HEADERS: Readonly<Record<string, string>> = { 'accept-encoding': 'gzip, deflate, br' }

export interface LoadOptions {
  connections: number
  /** Request headers, e.g. BROWSER_HEADERS. */
  headers?: Readonly<Record<string, string>> | undefined
  log?: (line: string) => void
}

/** autocannon against `base` for `seconds`, each connection cycling through `paths`. */
export async function load(base: string, paths: readonly string[], seconds: number, options: LoadOptions): Promise<Measurement> {
  const headers = options.headers ? { ...options.headers } : undefined
  const result = await autocannon({ url: base, connections: options.connections, duration: seconds, requests: paths.map((p) => ({ method: 'GET', path: p, ...(headers ? { headers } : {}) })) })
  if (result.non2xx > 0) options.log?.(`    status codes: ${JSON.stringify((result as unknown as { statusCodeStats: object }).statusCodeStats)}`)
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bytesPerRequest: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

/**
 * `load`, but a window in which not one request finished (each took longer than the window, as on a
 * busy machine with pages of megabytes) is measured again in one four times as long.
 */
export async function loadUntilSomeDone(base: string, paths: readonly string[], seconds: number, options: LoadOptions): Promise<Measurement> {
  const measured = await load(base, paths, seconds, options)
  if (measured.requestsPerSecond > 0) return measured
  options.log?.(`    none done in ${seconds} s: again for ${4 * seconds} s`)
  return load(base, paths, 4 * seconds, options)
}

/** The better of two measurements of the same thing (more requests/s): noise on a shared machine only slows. */
export const better = <T extends Measurement>(a: T | null | undefined, b: T): T => (a && a.requestsPerSecond >= b.requestsPerSecond ? a : b)
