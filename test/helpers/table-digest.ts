import type { Knex } from 'knex'

/**
 * Digests of what a database stores, to prove that a refused request changed nothing: one md5 per
 * table over every row as PostgreSQL writes it (geometry as hex EWKB, so a change in the last bit of
 * a coordinate shows), and one over the schema. Id sequences are left out (a refused insert may
 * still draw an id), and so is api_tokens.last_used_at, which every request with a token sets.
 */
const SKIPPED_TABLES = new Set(['spatial_ref_sys', 'knex_migrations_lock'])
const SKIPPED_COLUMNS: Record<string, string[]> = { api_tokens: ['last_used_at'] }

const statements = new WeakMap<Knex, string>()

async function digestStatement(knex: Knex): Promise<string> {
  const cached = statements.get(knex)
  if (cached) return cached
  const { rows } = await knex.raw(
    `select table_name, array_agg(column_name::text order by ordinal_position) as columns
       from information_schema.columns
      where table_schema = current_schema()
        and table_name in (select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE')
      group by table_name order by table_name`,
  )
  const parts = (rows as Array<{ table_name: string; columns: string[] }>)
    .filter((row) => !SKIPPED_TABLES.has(row.table_name))
    .map((row) => {
      const skipped = SKIPPED_COLUMNS[row.table_name] ?? []
      const columns = row.columns.filter((column) => !skipped.includes(column)).map((column) => `t."${column}"`)
      return `select '${row.table_name}' as table_name, md5(coalesce(string_agg(x, E'\\n' order by x), '')) as digest
                from (select row(${columns.join(', ')})::text as x from "${row.table_name}" t) rows`
    })
  const statement = parts.join('\nunion all\n')
  statements.set(knex, statement)
  return statement
}

/** `{ zones: 'md5…', audit_log: 'md5…', … }` for every table of the schema. */
export async function dataDigest(knex: Knex): Promise<Record<string, string>> {
  const { rows } = await knex.raw(await digestStatement(knex))
  return Object.fromEntries((rows as Array<{ table_name: string; digest: string }>).map((row) => [row.table_name, row.digest]))
}

/** The shape of the schema: tables, columns, constraints, indexes, triggers, functions; and the roles. */
export async function schemaDigest(knex: Knex): Promise<string> {
  const { rows } = await knex.raw(`select md5(concat_ws('|',
      (select string_agg(table_name || '.' || column_name || ':' || data_type || ':' || coalesce(column_default, ''), ',' order by table_name, column_name)
         from information_schema.columns where table_schema = current_schema()),
      (select string_agg(conname || ':' || pg_get_constraintdef(c.oid), ',' order by conname)
         from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = current_schema()),
      (select string_agg(indexdef, ',' order by indexname) from pg_indexes where schemaname = current_schema()),
      (select string_agg(tgname, ',' order by tgname) from pg_trigger where not tgisinternal),
      (select count(*)::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = current_schema()),
      (select string_agg(rolname, ',' order by rolname) from pg_roles)
    )) as digest`)
  return rows[0].digest as string
}
