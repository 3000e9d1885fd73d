import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readDataVersion } from '../../server/storage/sql/data-version.ts'
import { openPostgresDatabase, type PostgresDatabase } from '../../server/storage/database/postgres-database.ts'
import { zoneFeaturesRepository } from '../../server/storage/repositories/zone-features-repository.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

/**
 * One zone by id and the data version are read as named (prepared) statements on PostgreSQL: each
 * pooled connection plans them once. Read through a pool of one connection, so the statements the
 * reads prepared are in that connection's pg_prepared_statements.
 */
describe.runIf(backend === 'postgres')('named statements on PostgreSQL', () => {
  const testDb = useTestDatabase('seeded')
  let single: PostgresDatabase

  beforeAll(async () => {
    const { connectionString } = testDb.db.knex.client.config.connection as { connectionString: string }
    single = await openPostgresDatabase(connectionString, { poolMax: 1 })
  })
  afterAll(async () => {
    await single?.close()
  })

  const preparedNow = async (): Promise<string[]> => {
    const { rows } = await single.knex.raw(`select statement from pg_prepared_statements where name like 'ta\\_%' order by statement`)
    return rows.map((row: { statement: string }) => row.statement)
  }

  it('prepares the read of one zone and of the data version, once per connection', async () => {
    expect(await preparedNow()).toEqual([])
    const zones = zoneFeaturesRepository(single.knex)
    const options = { properties: ['slug'] as const, geometry: false, precision: 6, baseUrl: 'http://localhost' }
    await zones.readOne('siege-of-raqqa', {}, options)
    await zones.readOne('siege-of-raqqa', {}, options)
    await readDataVersion(single.knex)
    const statements = await preparedNow()
    expect(statements).toHaveLength(2)
    expect(statements.some((sql) => sql.includes('version'))).toBe(true)
  })
})
