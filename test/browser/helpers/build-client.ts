import path from 'node:path'
import { build } from 'vite'
import { assertChromium } from './chromium.ts'

const ROOT = path.resolve(import.meta.dirname, '../../..')

/**
 * Global setup of the browser project: checks for Chromium, then builds the client into dist/client
 * (a couple of seconds), so the tests always run against the client as it is in the working tree.
 */
export default async function setup(): Promise<void> {
  assertChromium()
  await build({ configFile: path.join(ROOT, 'client/vite.config.ts'), logLevel: 'warn', mode: 'production' })
}
