import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresDatabase, type PostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { tilesRepository } from '../../server/storage/repositories/tiles-repository.ts'
import { postgresProxy, type PostgresProxy } from '../helpers/postgres-proxy.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

/** Whether PostGIS writes tiles itself is asked once; a failure to ask (the database down) must not be remembered. */
describe.runIf(backend === 'postgres')('the tiles after the database was unreachable', () => {
  const testDb = useTestDatabase('migrated')
  let proxy: PostgresProxy
  let viaProxy: PostgresDatabase

  beforeAll(async () => {
    const url = new URL((testDb.db.knex.client.config.connection as { connectionString: string }).connectionString)
    proxy = await postgresProxy(url.hostname, Number(url.port || 5432))
    url.hostname = '127.0.0.1'
    url.port = String(proxy.port)
    viaProxy = await openPostgresDatabase(url.toString(), { poolMax: 1 })
  })
  afterAll(async () => {
    await viaProxy?.close()
    await proxy?.close()
  })

  it('asks PostGIS again once the database answers', async () => {
    const tiles = tilesRepository(viaProxy.knex)
    // The database goes away: its sessions are ended and new connections refused.
    proxy.refuseConnections = true
    await testDb.db.knex.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
    await expect(tiles.hasNativeMvt()).rejects.toThrow()
    proxy.refuseConnections = false
    // The pool may still hand out the ended session once; the requests after it reach the database.
    const answers: unknown[] = []
    for (let attempt = 0; attempt < 3 && answers.at(-1) !== true; attempt++) answers.push(await tiles.hasNativeMvt().catch((error: Error) => error.message))
    expect(answers.at(-1), JSON.stringify(answers)).toBe(true)
  })
})
