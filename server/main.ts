import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { buildApp } from './app.ts'
import { openDatabase, type Database } from './storage/database/database.ts'
import { DatabaseSetupError } from './storage/database/database-error.ts'
import { migrateToLatest } from './storage/database/migrate.ts'
import { seedIfEmpty } from './seed-if-empty.ts'
import { withSetupLock } from './storage/database/setup-lock.ts'
import { usersRepository } from './storage/repositories/users-repository.ts'
import { ensureFirstAdmin } from './auth/first-admin.ts'

const NAME = 'truce-atlas'
const GRACE_MS = 10_000

/**
 * Logs why the process stops, whatever the cause (a signal, an uncaught exception, an unhandled
 * rejection, a close that outlasts the grace period), so a supervisor's journal says why it had to
 * restart the service; then closes the HTTP server and the database.
 */
function closeGracefully(logger: Logger, resources: { app?: FastifyInstance; db?: Database }): void {
  closeWithGrace(
    {
      delay: GRACE_MS,
      logger: { error: (message: unknown) => logger.error({ detail: message }, 'error while shutting down') },
      onTimeout: (delay) => logger.fatal({ delay }, `requests still open after ${delay} ms: exiting without waiting for them`),
      onSecondSignal: (signal) => logger.fatal({ signal }, `second ${signal} while shutting down: exiting at once`),
      onSecondError: (err) => logger.fatal({ err }, 'another uncaught error while shutting down: exiting at once'),
    },
    async ({ signal, err }) => {
      if (err) logger.fatal({ err }, 'exiting after an uncaught exception or unhandled promise rejection; the supervisor should restart the service')
      else logger.info({ signal }, `exiting on ${signal ?? 'request'}: finishing requests in flight`)
      await resources.app?.close()
      await resources.db?.close()
    },
  )
  // pino writes asynchronously and ends its stream on 'beforeExit', before this last line: it goes
  // through a synchronous destination of its own.
  const lastLine = pino({ level: logger.level, name: NAME }, pino.destination({ dest: 1, sync: true }))
  process.once('exit', (code) => lastLine.info({ code }, `process exits with code ${code}`))
}

/** Starts the service: configuration, database, migrations, seeds, HTTP; and stops it gracefully. */
async function main(config: Config, logger: Logger): Promise<void> {
  const resources: { app?: FastifyInstance; db?: Database } = {}
  closeGracefully(logger, resources)
  const db = await openDatabase(config)
  resources.db = db
  try {
    await withSetupLock(db, logger, async () => {
      const migrated = await migrateToLatest(db.knex)
      if (migrated.length > 0) logger.info({ migrations: migrated }, 'database schema migrated')
      if (config.SEED && (await seedIfEmpty(db.knex))) logger.info('empty database seeded with the Syria dataset')
      await ensureFirstAdmin(usersRepository(db.knex), { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD }, logger)
    })
    const app = await buildApp({ config, db, logger })
    resources.app = app
    await listen(app, config)
    logger.info({ backend: db.backend }, `Truce Atlas serves http://${config.HOST}:${config.PORT}`)
  } catch (error) {
    delete resources.db
    await db.close().catch(() => undefined)
    throw error
  }
}

async function listen(app: Awaited<ReturnType<typeof buildApp>>, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.PORT, host: config.HOST })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new ConfigError(`Port ${config.PORT} on ${config.HOST} is already in use: stop the program using it, or set PORT to another port.`)
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new ConfigError(`Cannot listen on HOST ${config.HOST}: set HOST to an address of this machine (127.0.0.1, or 0.0.0.0 for all).`)
    if (code === 'EACCES') throw new ConfigError(`Not allowed to listen on port ${config.PORT}: choose a PORT above 1023.`)
    throw error
  }
}

/** A failed start: one readable line on stderr for the person at the terminal, and the details in the log. */
function failedToStart(logger: Logger, error: unknown): never {
  const known = error instanceof ConfigError || error instanceof DatabaseSetupError
  const message = known ? (error as Error).message : `failed to start: ${(error as Error).message ?? String(error)}`
  logger.fatal({ err: error }, `exiting: ${message}`)
  process.stderr.write(`${NAME}: ${message}\n`)
  process.exit(1)
}

let config: Config
try {
  config = loadConfig()
} catch (error) {
  failedToStart(pino({ name: NAME }), error)
}
const logger = pino({ level: config.LOG_LEVEL, name: NAME })
main(config, logger).catch((error: unknown) => failedToStart(logger, error))
