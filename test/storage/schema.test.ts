import { describe, expect, it } from 'vitest'
import { KINDS } from '../../server/domain/kinds.ts'
import { PARTY_TYPES, ROLES, SLUG_PATTERN } from '../../server/domain/parties.ts'
import { STATUSES } from '../../server/domain/statuses.ts'
import { USER_ROLES, USERNAME_PATTERN } from '../../server/domain/users.ts'
import type { Database } from '../../server/storage/database/database.ts'
import { migrateToLatest, rollbackAll } from '../../server/storage/database/migrate.ts'
import { backend } from '../helpers/test-database.ts'
import { useTestDatabase } from '../helpers/use-test-app.ts'

/** The application's own tables: not knex's bookkeeping, not PostGIS's. */
const OWN_TABLE = `not like 'knex\\_%' and {} not in ('spatial_ref_sys', 'geometry_columns', 'geography_columns')`
const own = (column: string) => `${column} ${OWN_TABLE.replaceAll('{}', column)}`

/** Every column, constraint, index, function and trigger of the public schema, as text to compare. */
async function schemaDump(db: Database): Promise<Record<'columns' | 'constraints' | 'indexes' | 'functions' | 'triggers', string[]>> {
  const list = async (sql: string) => ((await db.knex.raw(sql)).rows as { line: string }[]).map((row) => row.line)
  return {
    columns: await list(`select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_generated as line
      from information_schema.columns where table_schema = 'public' and ${own('table_name')} order by 1`),
    constraints: await list(`select c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) as line
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public' and c.conrelid <> 0 and ${own('c.conrelid::regclass::text')} order by 1`),
    indexes: await list(`select indexdef as line from pg_indexes where schemaname = 'public' and ${own('tablename')} order by 1`),
    functions: await list(`select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc) as line
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e') order by 1`),
    triggers: await list(`select tgrelid::regclass || ' ' || pg_get_triggerdef(oid) as line from pg_trigger where not tgisinternal order by 1`),
  }
}

/** The quoted values a CHECK constraint allows ('a'::text, ...), in the order it lists them. */
async function checkedValues(db: Database, constraint: string): Promise<string[]> {
  const { rows } = await db.knex.raw(`select pg_get_constraintdef(oid) as def from pg_constraint where conname = ?`, [constraint])
  expect(rows, `constraint ${constraint}`).toHaveLength(1)
  return [...(rows[0].def as string).matchAll(/'([^']*)'::text/g)].map((match) => match[1]!)
}

describe(`the schema on ${backend}`, () => {
  const testDb = useTestDatabase('blank')

  it('is the same after going down and up again, to the last column, index, function and trigger', async () => {
    await migrateToLatest(testDb.db.knex)
    const first = await schemaDump(testDb.db)
    expect(first.columns.length).toBeGreaterThan(50)
    expect(first.triggers.length).toBeGreaterThan(0)
    expect(first.functions.length).toBeGreaterThan(0)
    await rollbackAll(testDb.db.knex)
    expect(await schemaDump(testDb.db)).toEqual({ columns: [], constraints: [], indexes: [], functions: [], triggers: [] })
    await migrateToLatest(testDb.db.knex)
    expect(await schemaDump(testDb.db)).toEqual(first)
  })

  // The migrations hold their own frozen copies of these lists; a change to the domain's needs a migration.
  it("refuses exactly what the domain's lists refuse", async () => {
    expect(await checkedValues(testDb.db, 'zones_kind_check')).toEqual([...KINDS])
    expect(await checkedValues(testDb.db, 'zones_status_check')).toEqual([...STATUSES])
    expect(await checkedValues(testDb.db, 'status_changes_to_check')).toEqual([...STATUSES])
    expect(await checkedValues(testDb.db, 'status_changes_from_check')).toEqual([...STATUSES])
    expect(await checkedValues(testDb.db, 'parties_type_check')).toEqual([...PARTY_TYPES])
    expect(await checkedValues(testDb.db, 'zone_parties_role_check')).toEqual([...ROLES])
    expect(await checkedValues(testDb.db, 'users_role_check')).toEqual([...USER_ROLES])
    const { rows } = await testDb.db.knex.raw(`select conname, pg_get_constraintdef(oid) as def from pg_constraint where conname in ('zones_slug_check', 'parties_slug_check', 'users_username_check') order by conname`)
    expect(rows.map((row: { def: string }) => row.def)).toEqual([
      expect.stringContaining(SLUG_PATTERN),
      expect.stringContaining(USERNAME_PATTERN),
      expect.stringContaining(SLUG_PATTERN),
    ])
  })
})
