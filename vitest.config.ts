import { defineConfig } from 'vitest/config'

/**
 * Test projects: `unit` needs no database; `embedded` runs the database tests on PGlite, and
 * `postgres` runs the same files on real PostgreSQL when TEST_DATABASE_URL is set. Under CI=true a
 * missing TEST_DATABASE_URL is an error, never a silent skip.
 */
const postgresUrl = process.env.TEST_DATABASE_URL
if (process.env.CI === 'true' && !postgresUrl) {
  throw new Error('CI=true but TEST_DATABASE_URL is not set: CI must run the database tests on PostgreSQL too.')
}

const DATABASE_TESTS = ['test/api/**/*.test.ts', 'test/storage/**/*.test.ts']

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true as const, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Starts the real server as a child process, as `npm start` does (built first); uses TEST_DATABASE_URL when set.
      { extends: true as const, test: { name: 'process', include: ['test/process/**/*.test.ts'], globalSetup: ['test/helpers/build-server.ts'], testTimeout: 120_000 } },
      {
        extends: true as const,
        test: {
          name: 'embedded',
          include: DATABASE_TESTS,
          globalSetup: ['test/setup/embedded-templates.ts'],
          env: { TEST_BACKEND: 'embedded' },
        },
      },
      // Map client (issue 6): the built client in headless Chromium (/usr/bin/chromium) against the app on PGlite.
      {
        extends: true as const,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/setup/embedded-templates.ts', 'test/browser/helpers/build-client.ts'],
          env: { TEST_BACKEND: 'embedded' },
          testTimeout: 60_000,
          // What a page shows after a request may take seconds on a loaded machine (two cores, CI); a
          // poll waits for it that long, where the one-second default failed while the answer was on its way.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: DATABASE_TESTS,
                globalSetup: ['test/setup/postgres-templates.ts'],
                env: { TEST_BACKEND: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
})
