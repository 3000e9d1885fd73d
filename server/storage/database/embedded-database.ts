import { mkdir, access, constants } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import knexFactory, { type Knex } from 'knex'
import lockfile from 'proper-lockfile'
import { DatabaseSetupError } from './database-error.ts'
import { PgliteKnexClient } from './pglite-knex-client.ts'
import { postgisExtension } from './postgis-bundle.ts'
import { asKnexClient } from './knex-internals.ts'
import { PG_TYPES, parseDate, parseInt8 } from './type-parsers.ts'
import type { Listen } from './postgres-listener.ts'

const LOCK_STALE_MS = 3000

export interface EmbeddedDatabase {
  knex: Knex
  backend: 'embedded'
  /** LISTEN inside the PGlite process: NOTIFY from a committed transaction reaches it. */
  listen: Listen
  close(): Promise<void>
}

/** The Database shape around an open PGlite instance; `onClose` runs after it is closed. */
export function embeddedDatabase(pglite: PGlite, onClose: () => Promise<void> = async () => undefined): EmbeddedDatabase {
  const knex = knexForPglite(pglite)
  return {
    knex,
    backend: 'embedded',
    listen: async (channel, onPayload) => {
      const unlisten = await pglite.listen(channel, onPayload)
      return async () => {
        if (!pglite.closed) await unlisten()
      }
    },
    async close() {
      await knex.destroy()
      await onClose()
    },
  }
}

/**
 * Options for PGlite shared by the data-directory and in-memory (test) forms. PGlite's shared buffers
 * live in its WebAssembly memory, which only grows: 16 MB instead of PostgreSQL's 128 MB keeps about
 * 110 MB out of an idle server, and the data pages stay in the operating system's file cache.
 */
export const pgliteOptions = {
  extensions: { postgis: postgisExtension },
  parsers: { [PG_TYPES.DATE]: parseDate, [PG_TYPES.INT8]: parseInt8 },
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
}

/** Wraps a PGlite instance in knex. knex-pglite keeps exactly one connection, which serialises every query. */
export function knexForPglite(pglite: PGlite): Knex {
  return knexFactory({
    client: asKnexClient(PgliteKnexClient),
    dialect: 'postgres',
    connection: (() => ({ pglite })) as unknown as Knex.StaticConnectionConfig,
  })
}

/**
 * Opens the embedded PostgreSQL (PGlite with PostGIS) kept in `dataDir`, holding a lock on the folder
 * for as long as it is open: PGlite is a single process, and two writers would corrupt it.
 */
export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const directory = path.resolve(dataDir)
  await ensureWritable(directory)
  const release = await lockDataDir(directory)
  let pglite: PGlite
  try {
    pglite = await PGlite.create(path.join(directory, 'pgdata'), pgliteOptions)
  } catch (error) {
    await release()
    throw new DatabaseSetupError(
      `Could not open the embedded database in ${directory} (${(error as Error).message}). ` +
        'If it was made by another version, move the folder aside and start again.',
    )
  }
  return embeddedDatabase(pglite, release)
}

async function ensureWritable(directory: string): Promise<void> {
  try {
    await mkdir(directory, { recursive: true })
    await access(directory, constants.W_OK)
  } catch (error) {
    throw new DatabaseSetupError(
      `DATA_DIR ${directory} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        'fix its permissions, set DATA_DIR to a writable folder, or set DATABASE_URL to use PostgreSQL.',
    )
  }
}

async function lockDataDir(directory: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(directory, {
      lockfilePath: path.join(directory, 'truce-atlas.lock'),
      stale: LOCK_STALE_MS,
      update: LOCK_STALE_MS / 3,
      // A lock left by a killed process goes stale after LOCK_STALE_MS: wait that long before refusing.
      retries: { retries: 4, minTimeout: 500, maxTimeout: 1000 },
      realpath: false,
      onCompromised: (error) => {
        throw new DatabaseSetupError(`Lost the lock on DATA_DIR ${directory}: ${error.message}`)
      },
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DatabaseSetupError(
        `DATA_DIR ${directory} is in use by another Truce Atlas process: stop that process, ` +
          'or give this one its own DATA_DIR (or a DATABASE_URL).',
      )
    }
    throw error
  }
}
