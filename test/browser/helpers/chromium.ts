import { existsSync } from 'node:fs'

/** The system Chromium the browser tests drive; never a downloaded build. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']

/** Fails loudly, in CI and out of it, when Chromium is missing: the browser tests are never skipped. */
export function assertChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return
  const where = process.env.CI === 'true' ? 'CI=true: the browser tests must run in CI. ' : ''
  throw new Error(
    `${where}Chromium is not at ${CHROMIUM_PATH}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH; the browser tests never download a browser.`,
  )
}
