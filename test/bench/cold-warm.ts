import { request as httpRequest } from 'node:http'
import { bearerFor } from '../helpers/remote-api.ts'
import { BROWSER_HEADERS } from './load.ts'
import { recordResponse } from './machine-limit.ts'

/**
 * Cold and warm reads, one request at a time: "cold" is the first request after a write that moved
 * the data version (what the first reader after an edit waits), "warm" the same request right
 * after it (what every later reader waits). Each a median of `times`, without and with browsers'
 * Accept-Encoding.
 */
export interface ColdWarm {
  coldMs: number
  warmMs: number
  browserColdMs: number
  browserWarmMs: number
}

/** A PATCH on a connection of its own (none left idle between edits for the server to close). */
function patch(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; etag: string; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'PATCH', agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, etag: String(response.headers.etag), text }))
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end(body)
  })
}

/** Writes through the API as an editor would: each call changes one zone's description (a PATCH). */
export async function apiWriter(base: string, admin: { username: string; password: string }, zoneId: number): Promise<() => Promise<void>> {
  const bearer = await bearerFor(base, admin.username, admin.password)
  let etag = (await fetch(`${base}/zones/${zoneId}`)).headers.get('etag')!
  let edits = 0
  return async () => {
    const response = await patch(`${base}/zones/${zoneId}`, { ...bearer, 'if-match': etag }, JSON.stringify({ description: `A synthetic zone, edited by the benchmark (${++edits}).` }))
    if (response.status !== 200) throw new Error(`the benchmark's edit answered ${response.status}: ${response.text.slice(0, 500)}`)
    etag = response.etag
  }
}

async function timed(base: string, path: string, headers?: Readonly<Record<string, string>>): Promise<number> {
  const started = performance.now()
  const response = await recordResponse(base, path, headers)
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
  return performance.now() - started
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function coldAndWarm(base: string, path: string, write: () => Promise<void>, times = 5): Promise<ColdWarm> {
  const runs = { coldMs: [] as number[], warmMs: [] as number[], browserColdMs: [] as number[], browserWarmMs: [] as number[] }
  for (let run = 0; run < times; run++) {
    await write()
    runs.coldMs.push(await timed(base, path))
    runs.warmMs.push(await timed(base, path))
    await write()
    runs.browserColdMs.push(await timed(base, path, BROWSER_HEADERS))
    runs.browserWarmMs.push(await timed(base, path, BROWSER_HEADERS))
  }
  return { coldMs: median(runs.coldMs), warmMs: median(runs.warmMs), browserColdMs: median(runs.browserColdMs), browserWarmMs: median(runs.browserWarmMs) }
}
