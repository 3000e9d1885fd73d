import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startServer, waitForHealthy } from '../helpers/server-process.ts'

const THROWER = path.resolve(import.meta.dirname, '../fixtures/process/throw-later.cjs')

/** The pino lines of a process's output. */
function logLines(output: string): Array<{ level: number; msg: string; [key: string]: unknown }> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
}

describe('the process logs why it exits, for the supervisor’s journal', () => {
  let directory: string
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'truce-atlas-exit-'))
  })
  afterAll(() => rm(directory, { recursive: true, force: true }))

  it('on a configuration that cannot start: a fatal log line, and the one line on stderr', async () => {
    const server = startServer({ DATA_DIR: path.join(directory, 'config'), TRUST_PROXY: 'true' }, await freePort())
    expect(await server.exited).toBe(1)
    const fatal = logLines(server.output()).find((line) => line.level === 60)
    expect(fatal?.msg).toMatch(/^exiting: Invalid configuration: TRUST_PROXY=true/)
    expect(server.output()).toMatch(/^truce-atlas: Invalid configuration: TRUST_PROXY=true/m)
  })

  it('on SIGTERM: the signal, then the exit code', async () => {
    const server = startServer({ DATA_DIR: path.join(directory, 'signal'), LOG_LEVEL: 'info', SEED: 'false' }, await freePort())
    await waitForHealthy(server)
    expect(await server.stop('SIGTERM')).toBe(0)
    const messages = logLines(server.output()).map((line) => line.msg)
    expect(messages).toContain('exiting on SIGTERM: finishing requests in flight')
    expect(messages.at(-1)).toBe('process exits with code 0')
  })

  it('on an uncaught exception: the error with its stack, then exit code 1', async () => {
    const server = startServer(
      { DATA_DIR: path.join(directory, 'uncaught'), SEED: 'false', NODE_OPTIONS: `--require ${THROWER}`, THROW_AFTER_MS: '2000' },
      await freePort(),
    )
    expect(await server.exited).toBe(1)
    const fatal = logLines(server.output()).find((line) => line.level === 60)
    expect(fatal?.msg).toMatch(/^exiting after an uncaught exception or unhandled promise rejection/)
    expect(fatal?.err).toMatchObject({ message: 'an uncaught exception planted by the test', stack: expect.stringContaining('throw-later.cjs') })
  })
})
