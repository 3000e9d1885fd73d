import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../helpers/server-process.ts'

/**
 * The machine's limit for the bytes a service answers: each benchmarked response is recorded once
 * as it came (headers and body, compressed or not), and limit-server.ts, a bare node:http server in
 * a process of its own, answers the same request with the same bytes from memory.
 *
 *   const recorded = [await recordResponse(base, '/ogc/collections/zones/items?limit=100', BROWSER_HEADERS)]
 *   const limit = await startMachineLimit(recorded) // GET http://127.0.0.1:${limit.port}/0
 */
export interface RecordedResponse {
  path: string
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** Not the answer's own: the connection's, or recomputed for each answer. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length'])

/** GET `base + path` once and keep the answer as it came over the wire (no decompression). */
export function recordResponse(base: string, path: string, headers: Readonly<Record<string, string>> = {}): Promise<RecordedResponse> {
  return new Promise((resolve, reject) => {
    httpRequest(`${base}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const kept = Object.entries(response.headers).filter(([name, value]) => !HOP_HEADERS.has(name) && value !== undefined)
        resolve({ path, status: response.statusCode ?? 0, headers: Object.fromEntries(kept.map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value!])), body: Buffer.concat(chunks) })
      })
      response.on('error', reject)
    })
      .on('error', reject)
      .end()
  })
}

export interface MachineLimit {
  port: number
  stop(): Promise<void>
}

/** Starts limit-server.ts answering GET /<n> with `responses[n]`. */
export async function startMachineLimit(responses: readonly RecordedResponse[]): Promise<MachineLimit> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-limit-'))
  const file = path.join(directory, 'responses.json')
  await writeFile(file, JSON.stringify(responses.map((response) => ({ ...response, body: response.body.toString('base64') }))))
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'limit-server.ts')], {
    env: { ...process.env, LIMIT_RESPONSES: file, LIMIT_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('limit listening')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`the limit server exited with ${code}`)))
    })
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
  return {
    port,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
