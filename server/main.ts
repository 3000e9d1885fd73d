import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { buildApp } from './app.ts'
import { openDatabase, type Database } from './storage/database.ts'
import { DatabaseSetupError } from './storage/database-error.ts'
import { migrateToLatest } from './storage/migrate.ts'
import { seedIfEmpty } from './storage/seed-if-empty.ts'
import { withSetupLock } from './storage/setup-lock.ts'
import { usersRepository } from './storage/users-repository.ts'
import { ensureFirstAdmin } from './auth/first-admin.ts'

/** Starts the service: configuration, database, migrations, seeds, HTTP; and stops it gracefully. */
async function main(): Promise<void> {
  const config = loadConfig()
  const logger = pino({ level: config.LOG_LEVEL, name: 'truce-atlas' })
  const db = await openDatabase(config)
  try {
    await withSetupLock(db, logger, async () => {
      const migrated = await migrateToLatest(db.knex)
      if (migrated.length > 0) logger.info({ migrations: migrated }, 'database schema migrated')
      if (config.SEED && (await seedIfEmpty(db.knex))) logger.info('empty database seeded with the Syria dataset')
      await ensureFirstAdmin(usersRepository(db.knex), { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD }, logger)
    })
    const app = await buildApp({ config, db, logger })
    closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
      if (err) logger.error({ err }, 'shutting down after an unexpected error')
      else logger.info({ signal }, 'shutting down: finishing requests in flight')
      await app.close()
      await db.close()
    })
    await listen(app, config)
    logger.info({ backend: db.backend }, `Truce Atlas serves http://${config.HOST}:${config.PORT}`)
  } catch (error) {
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

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DatabaseSetupError
  process.stderr.write(`truce-atlas: ${known ? (error as Error).message : `failed to start: ${(error as Error).message ?? String(error)}`}\n`)
  process.exit(1)
})
